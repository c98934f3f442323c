/**
 * Errors the API answers with: every failure is a JSON body `{ error, message, problems? }` where `error` is a
 * stable machine code and `message` a plain sentence that says what to do. Handlers throw HttpError; anything
 * else becomes a 500 whose body hides the internal message.
 */
import { z } from 'zod';

export interface Problem {
  /** Where: `body.routes[2].fromChannel`, `query.limit`. */
  path: string;
  message: string;
}

export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly problems?: readonly Problem[],
    readonly headers?: Readonly<Record<string, string>>,
  ) {
    super(message);
  }
}

export const errorSchema = z
  .object({
    error: z.string().describe('A stable code: invalid_request, unauthenticated, forbidden, not_found, ...'),
    message: z.string().describe('What went wrong and what to do, in a plain sentence'),
    problems: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .optional()
      .describe('Each invalid value, by path'),
  })
  .meta({ id: 'Error', description: 'The body of every error response' });

export type ErrorBody = z.infer<typeof errorSchema>;

export const badRequest = (message: string, problems?: readonly Problem[]) =>
  new HttpError(400, 'invalid_request', message, problems);
export const unauthenticated = (
  message = 'Log in, or send an API token as "Authorization: Bearer <token>"',
) => new HttpError(401, 'unauthenticated', message);
export const forbidden = (message: string) => new HttpError(403, 'forbidden', message);
export const notFound = (message: string) => new HttpError(404, 'not_found', message);
export const conflict = (message: string, problems?: readonly Problem[]) =>
  new HttpError(409, 'conflict', message, problems);
