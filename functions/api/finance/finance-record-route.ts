import type * as z from '../../domain/zod';
import type { Outcome } from '../../core/outcomes';
import { notFound } from '../../core/outcomes';
import type { StaffActor } from '../../domain/lifecycle/model';
import { jsonHandler } from '../http/http-handler';
import { accepted, refusalProblem } from '../http/outcome';
import { jsonResponse } from '../http/problem';
import type { MaybeJwtEvent } from '../http/staff-claims';
import { financeActorOf, parseOr422 } from './finance-http';

/**
 * The one shape of a finance staff route that acts on one refund or chargeback (`POST /staff/<records>/{id}/<verb>`,
 * JWT): the actor as finance sees them, an id that is not one of ours answered as a missing record (never 422, so an
 * id is not probed), the body checked with its schema (422 naming each field), the use case's outcome as the answer
 * or its refusal as problem+json, never cached.
 */
export function financeRecordRoute<B extends z.ZodMiniType, T>(route: {
  param: 'refundId' | 'chargebackId';
  id: z.ZodMiniType<string>;
  /** What a request for an unknown id is told. */
  missing: string;
  body: B;
  /** 200 for a decision, 201 for something made. */
  status: 200 | 201;
  run: (id: string, actor: StaffActor, body: z.output<B>) => Promise<Outcome<T>>;
  /** The answer's body, picked from the outcome (so nothing the use case carries for itself leaks out). */
  answer: (value: { ok: true } & T) => unknown;
}) {
  return jsonHandler(async (event) => {
    const actor = financeActorOf(event as unknown as MaybeJwtEvent);
    const id = event.pathParameters?.[route.param] ?? '';
    if (!route.id.safeParse(id).success) throw refusalProblem(notFound(route.missing));
    const body = parseOr422(route.body, event.body);
    const value = accepted(await route.run(id, actor, body)) as { ok: true } & T;
    return jsonResponse(route.status, route.answer(value), { 'cache-control': 'no-store' });
  });
}
