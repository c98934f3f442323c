/** What route handlers share: the audit entry of a call, the client address, and account errors as HTTP errors. */
import type { RouteCall } from '../api-route.js';
import { AccountError } from '../accounts.js';
import { recordAudit, type AuditEvent } from '../audit-trail.js';
import { actorOf } from '../auth/principal.js';
import { HttpError } from '../http-error.js';

type AnyCall = RouteCall<unknown, unknown, unknown>;

/** Records a change made by this call's principal (or by `actor` on public routes such as setup). */
export async function audit(
  call: AnyCall,
  event: Omit<AuditEvent, 'actor' | 'address'> & { actor?: string },
) {
  const actor = event.actor ?? (call.principal ? actorOf(call.principal) : 'anonymous');
  await recordAudit(call.web.store.audit, { ...event, actor, address: call.request.ip }, call.web.now());
}

/**
 * Runs a handler's work and answers the domain errors `answer` knows (it returns their HTTP error, undefined for
 * others, which pass on unchanged): each route file maps its own layer's typed errors once, here.
 */
export async function answering<T>(
  work: () => Promise<T>,
  answer: (error: unknown) => HttpError | undefined,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw answer(error) ?? error;
  }
}

/** Runs account work, answering its errors with their HTTP status. */
export function accountCall<T>(work: () => Promise<T>): Promise<T> {
  return answering(work, (error) => {
    if (!(error instanceof AccountError)) return undefined;
    const status = { invalid: 400, exists: 409, not_found: 404, last_admin: 409 }[error.code];
    return new HttpError(status, error.code === 'invalid' ? 'invalid_request' : error.code, error.message);
  });
}
