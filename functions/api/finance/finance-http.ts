import * as z from '../../domain/zod';
import type { ChargebackDecisionRequest } from '../../core/use-cases/finance/decide-chargeback';
import { fieldErrors } from '../../domain/field-errors';
import { EvidencePackRefSchema } from '../../domain/finance/chargeback/model';
import type { StaffActor } from '../../domain/lifecycle/model';
import { HttpProblem } from '../http/problem';
import { staffActorOf, type MaybeJwtEvent } from '../http/staff-claims';

/** A request part checked with its schema, or 422 naming each bad field (the API's one validation answer). */
export function parseOr422<S extends z.ZodMiniType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw HttpProblem.validation(fieldErrors(parsed.error.issues));
  return parsed.data;
}

/**
 * The member of staff behind a finance request. Someone who holds the finance group acts as finance here even when
 * another of their groups ranks higher elsewhere (a supervisor who is also in finance decides refunds as finance).
 */
export function financeActorOf(event: MaybeJwtEvent): StaffActor {
  return staffActorOf(event, 'finance');
}

/** The body of POST /staff/refunds/{refundId}/decision. */
export const RefundDecisionBodySchema = z.strictObject({
    outcome: z.enum(['approve', 'reject']),
    reason: z.string().check(z.trim(), z.minLength(3, 'give a reason a colleague can read'), z.maxLength(2000)),
  }).register(z.globalRegistry, { id: 'RefundDecision' });

/** Refund ids are UUIDs; anything else is no refund of ours. */
export const RefundIdSchema = z.uuid();

/** Chargeback ids are ours (`cb_<provider dispute id>` or a UUID); anything else is no chargeback of ours. */
export const ChargebackIdSchema = z.string().check(z.regex(/^[A-Za-z0-9_-]{1,200}$/));

/** The body of POST /staff/chargebacks/{chargebackId}/decision: submit the stored evidence pack, or accept. */
export const ChargebackDecisionBodySchema = z
  .discriminatedUnion('outcome', [
    z.strictObject({
        outcome: z.literal('submit_evidence'),
        reason: z.string().check(z.trim(), z.minLength(3, 'give a reason a colleague can read'), z.maxLength(2000)),
        evidencePack: EvidencePackRefSchema.clone().register(z.globalRegistry, { description: 'What POST /staff/chargebacks/{chargebackId}/evidence-pack answered: the stored file and its SHA-256' }),
      }),
    z.strictObject({ outcome: z.literal('accept'), reason: z.string().check(z.trim(), z.minLength(3, 'give a reason a colleague can read'), z.maxLength(2000)) }),
  ]).register(z.globalRegistry, { id: 'ChargebackDecision' });

/** The use case's request for a decision body (the API's words are snake_case outcomes, the domain's commands camelCase). */
export const chargebackDecisionOf = (body: z.output<typeof ChargebackDecisionBodySchema>): ChargebackDecisionRequest =>
  body.outcome === 'accept' ? { type: 'accept', reason: body.reason } : { type: 'submitEvidence', reason: body.reason, evidencePack: body.evidencePack };
