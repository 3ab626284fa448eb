import type { Refused, RefusalReason } from '../../core/outcomes';
import { HttpProblem, problemTypes } from './problem';

/** The HTTP edge of the use cases' refusals: each reason is one status and one problem type. */
const BY_REASON: Record<RefusalReason, { status: number; type: string; title: string }> = {
  invalid: { status: 422, type: problemTypes.validation, title: 'Invalid request' },
  malformed: { status: 400, type: problemTypes.validation, title: 'Invalid request' },
  not_found: { status: 404, type: problemTypes.notFound, title: 'Not Found' },
  forbidden: { status: 403, type: problemTypes.forbidden, title: 'Not allowed on this case' },
  step_up_required: { status: 403, type: problemTypes.stepUpRequired, title: 'Verification required' },
  conflict: { status: 409, type: problemTypes.conflict, title: 'Not possible in the current state of the case' },
  gone: { status: 410, type: problemTypes.gone, title: 'The case or step is already over' },
  idempotency_conflict: { status: 409, type: problemTypes.idempotencyConflict, title: 'Idempotency-Key already used' },
  legal_hold: { status: 409, type: problemTypes.legalHold, title: 'The case is on legal hold' },
  rate_limited: { status: 429, type: problemTypes.tooManyRequests, title: 'Too many requests' },
};

export function refusalProblem(r: Refused): HttpProblem {
  const { status, type, title } = BY_REASON[r.reason];
  const headers: Record<string, string> = r.retryAfterSeconds === undefined ? {} : { 'retry-after': String(r.retryAfterSeconds) };
  return new HttpProblem({ type, title, status, detail: r.detail, ...(r.errors ? { errors: r.errors } : {}) }, headers);
}

/** The accepted value of an outcome, or its refusal thrown as problem+json (the wrapper's error handler answers it). */
export function accepted<T extends { ok: boolean }>(outcome: T | Refused): Exclude<T, Refused> {
  if (!outcome.ok) throw refusalProblem(outcome as Refused);
  return outcome as Exclude<T, Refused>;
}
