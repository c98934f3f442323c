// drizzle-kit config for the SQLite migrations (`npm run db:generate` runs this and drizzle.mysql.config.ts).
// Generation works offline; no database is needed. The migrations under migrations/sqlite are committed.
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: './engine/store/schema/sqlite.ts',
  out: './migrations/sqlite',
  breakpoints: true,
  strict: true,
  verbose: true,
});
