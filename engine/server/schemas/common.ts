/** Schemas and conversions the API's routes share: timestamps, ids in paths, pages with cursors. */
import { z } from 'zod';
import { USER_ROLES, TOKEN_SCOPES } from '../../store/schema/shared.js';

/** Timestamps are ISO 8601 strings in UTC with milliseconds. */
export const timestamp = z.iso.datetime({ offset: false }).describe('ISO 8601, UTC');
export const iso = (date: Date): string => date.toISOString();
export const isoOrNull = (date: Date | null): string | null => (date ? date.toISOString() : null);

export const idParams = z.object({ id: z.string().min(1).max(255) });

export const roleSchema = z.enum(USER_ROLES).meta({
  id: 'Role',
  description: 'admin: everything; operator: run, resend, rereceive and view; viewer: view only',
});
export const scopeSchema = z.enum(TOKEN_SCOPES).meta({
  id: 'TokenScope',
  description:
    'read, operate, admin: the routes of the viewer, operator and admin roles; outbound: post documents only; metrics: /metrics only',
});

/** `?limit=&cursor=`: at most 500 a page, 50 by default; the cursor is the `next` of the previous page. */
export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50).describe('Rows per page (1 to 500, default 50)'),
  cursor: z
    .string()
    .max(512)
    .optional()
    .describe('The `next` value of the previous page (same filters and order)'),
});

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    next: z.string().optional().describe('Pass as `cursor` to get the next page; absent on the last page'),
  });

/** The object without its undefined values, so optional query fields stay absent (exactOptionalPropertyTypes). */
export function defined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}
