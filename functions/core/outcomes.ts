import type { FieldError } from '../domain/field-errors';
import type { Refusal as DomainRefusal } from '../domain/lifecycle/problems';

/**
 * What a use case answers when it does not do what was asked: a reason (what kind of no) and a sentence for the
 * person. Only the HTTP edge turns reasons into status codes (functions/api/http/outcome-response.ts).
 */
export type RefusalReason =
  | 'invalid' // the request itself is malformed; `errors` names each field
  | 'malformed' // a token only this API hands out (a page cursor) is not one it handed out; `errors` names it
  | 'not_found' // no such case, or the caller may not know it exists
  | 'forbidden' // this actor may not do this on this case
  | 'step_up_required' // the customer must prove control of the case's email first (a fresh step-up)
  | 'conflict' // out of turn or repeated: the case is not where the request fits
  | 'gone' // the case or the step is over
  | 'idempotency_conflict' // the Idempotency-Key was used for another request
  | 'legal_hold' // the case (or another of the customer's) is on legal hold: its personal data may not be erased
  | 'rate_limited'; // too many attempts or requests: `retryAfterSeconds` says when to come back

export interface Refused {
  ok: false;
  reason: RefusalReason;
  detail: string;
  errors?: FieldError[];
  /** With `rate_limited`: when the caller may try again. */
  retryAfterSeconds?: number;
}

export type Outcome<T> = ({ ok: true } & T) | Refused;

export const refused = (reason: RefusalReason, detail: string, errors?: FieldError[]): Refused => ({ ok: false, reason, detail, ...(errors ? { errors } : {}) });

const DOMAIN_REASONS = { 403: 'forbidden', 409: 'conflict', 410: 'gone', 422: 'invalid' } as const;

/** A lifecycle refusal (`decide`'s verdict) as a use-case refusal. */
export const fromDomain = (r: DomainRefusal): Refused => refused(DOMAIN_REASONS[r.status], r.problem.detail, r.problem.errors);

export const notFound = (detail = 'No such complaint, or the access token does not open it.'): Refused => refused('not_found', detail);
