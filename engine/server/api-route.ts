/**
 * One API route, declared once: method, path, who may call it, the zod schemas of its inputs and of its success
 * response, and its handler. web-app.ts registers routes from these declarations (authentication, access check,
 * input validation) and openapi.ts describes the same declarations, so the description cannot drift from the
 * routes that exist.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Access, Principal } from './auth/principal.js';
import type { WebContext } from './web-context.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteCall<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  /** Present on every route but public ones. */
  principal: Principal | undefined;
  request: FastifyRequest;
  reply: FastifyReply;
  web: WebContext;
}

export interface ApiRoute<
  P = unknown,
  Q = unknown,
  B = unknown,
  R extends z.ZodType | undefined = z.ZodType | undefined,
> {
  method: HttpMethod;
  /** OpenAPI style: `/api/users/{id}`. */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  access: Access;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /** The success status (default 200; 204 answers without a body). */
  status?: 200 | 201 | 202 | 204;
  /** The success body; undefined for 204. */
  response: R;
  /** The success body's media type when it is not JSON (the handler sends it through `reply`). */
  produces?: string;
  /** The request body's media type when it is not JSON: the body arrives as a Buffer. `any`: every media type,
   * JSON included, taken as the raw bytes (documents posted for translation). */
  consumes?: 'application/zip' | 'any';
  /** Error statuses this route answers besides the ones every route may (400, 401, 403, 500). */
  errors?: readonly number[];
  handler(call: RouteCall<P, Q, B>): Promise<R extends z.ZodType ? z.input<R> : void>;
}

/** A route with its types erased, as the registry holds it. */
export type AnyRoute = ApiRoute<never, never, never, z.ZodType | undefined>;

/** Keeps the route's types for its handler and erases them for the registry. */
export function defineRoute<P, Q, B, R extends z.ZodType | undefined>(route: ApiRoute<P, Q, B, R>): AnyRoute {
  return route as unknown as AnyRoute;
}
