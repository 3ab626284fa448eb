import * as z from '../../domain/zod';
import type { Case } from '../../domain/case';
import { fieldErrors } from '../../domain/field-errors';
import type { StaffActor } from '../../domain/lifecycle/model';
import { describeHold, ManualHoldSchema, type HoldReason } from '../../domain/privacy/legal-hold';
import { holdsOn, isUnsettled, type HoldFacts } from '../../domain/privacy/retention';
import { notFound, refused, type Outcome, type Refused } from '../outcomes';
import type { CaseStore, Clock, FinanceStore, LegalHoldStore, PolicyBook } from '../ports';
import { audited, type AuditTrail } from './audit-trail';

/** What the hold rules read: the manual holds, the chargebacks, the policies the cases started under, the clock. */
export interface HoldDeps {
  holds: Pick<LegalHoldStore, 'get'>;
  finance: Pick<FinanceStore, 'entries'>;
  policies: PolicyBook;
  now: Clock;
}

type UnsettledChargeback = HoldFacts['unsettledChargebacks'][number];

/** Case id → its unsettled chargebacks, read once for many cases (finance entries are one small list). */
export async function unsettledChargebacks(finance: HoldDeps['finance']): Promise<Map<string, UnsettledChargeback[]>> {
  const byCase = new Map<string, UnsettledChargeback[]>();
  for (const e of await finance.entries()) {
    if (e.kind !== 'chargeback' || e.caseId === undefined || !isUnsettled(e.status)) continue;
    byCase.set(e.caseId, [...(byCase.get(e.caseId) ?? []), { chargebackId: e.id, openedAt: e.openedAt }]);
  }
  return byCase;
}

/** Every hold standing on one case at the clock's now: its manual hold, a dispute, its unsettled chargebacks. */
export async function holdsOnCase(deps: HoldDeps, c: Case, chargebacks?: Map<string, UnsettledChargeback[]>): Promise<HoldReason[]> {
  const [byCase, manual] = await Promise.all([chargebacks ?? unsettledChargebacks(deps.finance), deps.holds.get(c.id)]);
  return holdsOn(c, deps.policies.of(c.policy), { unsettledChargebacks: byCase.get(c.id) ?? [], ...(manual ? { manual } : {}) }, deps.now());
}

/** Every hold on any of these cases, each as a sentence naming the case (empty: none is held). */
export async function holdsOnCases(deps: HoldDeps, cases: readonly Case[], chargebacks?: Map<string, UnsettledChargeback[]>): Promise<string[]> {
  const byCase = chargebacks ?? (await unsettledChargebacks(deps.finance));
  const sentences: string[] = [];
  for (const c of cases) sentences.push(...(await holdsOnCase(deps, c, byCase)).map((r) => describeHold(c.caseNumber, r)));
  return sentences;
}

/** The refusal erasure answers while a hold stands: 409, saying which hold and on which case. */
export const onLegalHold = (holds: readonly string[]): Refused =>
  refused('legal_hold', `The customer's personal data is on legal hold and cannot be erased until the hold ends: ${holds.join('; ')}.`);

export const PlaceLegalHoldRequestSchema = z.strictObject({ reason: ManualHoldSchema.shape.reason }).register(z.globalRegistry, { id: 'PlaceLegalHoldRequest' });
export const LegalHoldResultSchema = z.object({
    hold: ManualHoldSchema,
    /** Set on release: when the manual hold ended. Other holds (a dispute, a chargeback) may still stand. */
    releasedAt: z.optional(z.iso.datetime({ offset: true })),
  }).register(z.globalRegistry, { id: 'LegalHoldResult' });
export type LegalHoldResult = z.infer<typeof LegalHoldResultSchema>;

export interface ManualHoldDeps {
  store: Pick<CaseStore, 'get'>;
  holds: LegalHoldStore;
  now: Clock;
  audit?: AuditTrail;
}

/** Admins run privacy operations (docs/contracts.md, the access table), legal holds among them. */
const mayHold = (actor: StaffActor): boolean => actor.role === 'admin';

/**
 * An admin places a case on legal hold, with a reason (kept on the hold, never on the audit log, which holds ids
 * only): from then on the customer's personal data neither expires nor can be erased. 409 if already held.
 */
export async function placeLegalHold(deps: ManualHoldDeps, caseId: string, actor: StaffActor, body: unknown): Promise<Outcome<LegalHoldResult>> {
  const record = <T extends { ok: boolean }>(outcome: T) => audited(deps.audit, actor, 'place_legal_hold', caseId, outcome);
  if (!mayHold(actor)) return record(refused('forbidden', 'Only an admin places a legal hold.'));
  if (!(await deps.store.get(caseId))) return record(notFound('No such complaint.'));
  const parsed = PlaceLegalHoldRequestSchema.safeParse(body);
  if (!parsed.success) return record(refused('invalid', 'The request is invalid; see errors.', fieldErrors(parsed.error.issues)));
  const hold = { caseId, reason: parsed.data.reason, placedBy: actor.staffId, placedAt: deps.now().toISOString() };
  if ((await deps.holds.place(hold)) === 'held') return record(refused('conflict', 'The case is already on a legal hold; release it first to change the reason.'));
  return record({ ok: true, hold });
}

/** An admin releases the manual hold; the case's other holds (a dispute, a chargeback) are untouched. 409 if none. */
export async function releaseLegalHold(deps: ManualHoldDeps, caseId: string, actor: StaffActor): Promise<Outcome<LegalHoldResult>> {
  const record = <T extends { ok: boolean }>(outcome: T) => audited(deps.audit, actor, 'release_legal_hold', caseId, outcome);
  if (!mayHold(actor)) return record(refused('forbidden', 'Only an admin releases a legal hold.'));
  if (!(await deps.store.get(caseId))) return record(notFound('No such complaint.'));
  const hold = await deps.holds.release(caseId);
  if (!hold) return record(refused('conflict', 'The case is not on a manual legal hold.'));
  return record({ ok: true, hold, releasedAt: deps.now().toISOString() });
}
