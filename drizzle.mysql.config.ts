// drizzle-kit config for the MySQL/MariaDB migrations (`npm run db:generate` runs this and drizzle.sqlite.config.ts).
// Generation works offline; no database is needed. The migrations under migrations/mysql are committed.
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'mysql',
  schema: './engine/store/schema/mysql.ts',
  out: './migrations/mysql',
  breakpoints: true,
  strict: true,
  verbose: true,
});
