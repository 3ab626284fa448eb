import * as z from '../../domain/zod';
import { CustomerSchema, lifecycleOf, type Case, type Customer } from '../../domain/case';
import { fieldErrors } from '../../domain/field-errors';
import { sameCustomer as sameAddress } from '../../domain/customer-key';
import { maskEmail } from '../../domain/identity/step-up';
import { Draft } from '../../domain/lifecycle/draft';
import type { Actor, StaffActor } from '../../domain/lifecycle/model';
import { decideAndCommit } from '../commit-loop';
import { customerMayOpen } from '../customer-access';
import type { OutboxContent } from '../outbox';
import { notFound, refused, type Outcome } from '../outcomes';
import type { AccessLinks, CaseStore, Clock, FieldCipher, PolicyBook, StepUpStore } from '../ports';
import { audited, type AuditTrail } from './audit-trail';
import { stepUpGate } from './step-up';

/**
 * The right to rectification: the customer (after a fresh step-up) or an admin corrects the customer's name or
 * email. The customer is their address, so a correction applies to every case filed with it, as an export and an
 * erasure do. Each case gets a `contact_corrected` event naming the fields, never the values.
 *
 * A new address moves everything keyed by the address: the case's index item (`casesOf`, in the same write as the
 * case) and the sealed fields, opened under the old address's data key and sealed again under the new one's, so an
 * erasure asked for under the new address shreds the key that seals them. Once no case is left under the old
 * address, its key is destroyed (nothing it sealed is still needed; copies in backups stop opening).
 *
 * The old address is told, once per correction (on the case the correction was asked on, through its outbox):
 * which case, when, the new address masked, and what to do if it was not them, so a taken-over case is noticed.
 */
export const ContactCorrectionSchema = z.strictObject({ name: z.optional(CustomerSchema.shape.name), email: z.optional(CustomerSchema.shape.email) }).check(z.refine((c) => c.name !== undefined || c.email !== undefined, { message: 'give the corrected name, email or both', path: ['name'] })).register(z.globalRegistry, { id: 'ContactCorrection' });
export type ContactCorrection = z.infer<typeof ContactCorrectionSchema>;

export const ContactCorrectedSchema = z.object({
    /** What changed (empty when the values were already these). */
    changed: z.array(z.enum(['name', 'email'])),
    /** Ids of the customer's cases corrected. */
    cases: z.array(z.uuid()),
  }).register(z.globalRegistry, { id: 'ContactCorrected' });
export type ContactCorrected = z.infer<typeof ContactCorrectedSchema>;

export interface CorrectContactDeps {
  store: CaseStore;
  policies: PolicyBook;
  cipher: Pick<FieldCipher, 'seal' | 'open' | 'shred'>;
  now: Clock;
  audit?: AuditTrail;
}

function changesOf(customer: Customer, correction: ContactCorrection): ('name' | 'email')[] {
  return [
    ...(correction.name !== undefined && correction.name !== customer.name ? (['name'] as const) : []),
    ...(correction.email !== undefined && correction.email !== customer.email ? (['email'] as const) : []),
  ];
}

/** The customer's correction: the case opened with its access token (or an `act` link), and a fresh step-up. */
export async function correctContactAsCustomer(
  deps: CorrectContactDeps & { stepUps: Pick<StepUpStore, 'verification'>; links?: AccessLinks },
  caseId: string,
  credential: string | undefined,
  body: unknown,
): Promise<Outcome<ContactCorrected>> {
  const theCase = credential ? await deps.store.get(caseId) : undefined;
  if (!theCase || !(await customerMayOpen(deps.links, theCase, credential, 'act', deps.now()))) return notFound();
  const correction = ContactCorrectionSchema.safeParse(body);
  if (!correction.success) return refused('invalid', 'The request is invalid; see errors.', fieldErrors(correction.error.issues));
  if (theCase.erasedAt !== undefined) return refused('gone', 'The personal data of this case was erased.');
  const gate = await stepUpGate(deps.stepUps, deps.policies.of(theCase.policy), theCase, 'correct', deps.now());
  if (gate) return gate;
  return correctFor(deps, theCase, correction.data, { role: 'customer', caseId });
}

/** An admin's correction (a request made by letter or phone), on the audit log as `correct_contact`, values never. */
export async function correctContactAsAdmin(deps: CorrectContactDeps, actor: StaffActor, caseId: string, body: unknown): Promise<Outcome<ContactCorrected>> {
  const record = (outcome: Outcome<ContactCorrected>) => audited(deps.audit, actor, 'correct_contact', caseId, outcome);
  if (actor.role !== 'admin') return record(refused('forbidden', 'Contact details are corrected by admins (or by the customer after a step-up).'));
  const theCase = await deps.store.get(caseId);
  if (!theCase) return record(notFound('No such complaint.'));
  const correction = ContactCorrectionSchema.safeParse(body);
  if (!correction.success) return record(refused('invalid', 'The request is invalid; see errors.', fieldErrors(correction.error.issues)));
  if (theCase.erasedAt !== undefined) return record(refused('gone', 'The personal data of this case was erased.'));
  return record(await correctFor(deps, theCase, correction.data, actor));
}

/** The sealed fields of `theCase` sealed again for `to` (the same case and field, the new address's key). */
async function resealed({ cipher, store }: Pick<CorrectContactDeps, 'cipher' | 'store'>, theCase: Case, to: string): Promise<Record<string, string> | undefined> {
  if (!theCase.sealed) return undefined;
  const [fromKeys, toKeys] = [await store.customerKeysOf(theCase.customer.email), await store.customerKeysOf(to)];
  const out: Record<string, string> = {};
  for (const [field, sealed] of Object.entries(theCase.sealed)) {
    const plain = await cipher.open({ customer: fromKeys, caseId: theCase.id, field }, sealed);
    // A value whose key is gone stays as it is: unreadable under any key.
    out[field] = plain === undefined ? sealed : await cipher.seal({ customer: toKeys, caseId: theCase.id, field }, plain);
  }
  return out;
}

async function correctFor(deps: CorrectContactDeps, theCase: Case, correction: ContactCorrection, actor: Actor): Promise<Outcome<ContactCorrected>> {
  const changed = changesOf(theCase.customer, correction);
  if (changed.length === 0) return { ok: true, changed, cases: [] };
  const from = theCase.customer.email;
  const to = correction.email ?? from;
  const moves = !sameAddress(from, to);
  const ids = [...new Set([...(await deps.store.casesOf(from)), theCase.id])];
  const corrected: string[] = [];
  for (const id of ids) {
    const read = id === theCase.id ? theCase : await deps.store.get(id);
    if (!read || read.erasedAt !== undefined || !sameAddress(read.customer.email, from)) continue;
    const sealed = moves ? await resealed(deps, read, to) : undefined;
    const customer: Customer = { name: correction.name ?? read.customer.name, email: to };
    const fields = changesOf(read.customer, correction);
    if (fields.length === 0) continue;
    const result = await decideAndCommit(deps.store, id, (current) => {
      const draft = new Draft(lifecycleOf(current), actor, deps.now(), deps.policies.of(current.policy));
      const who = actor.role === 'customer' ? 'You' : 'Our data protection team';
      draft.event('contact_corrected', `${who} corrected the contact ${fields.length === 2 ? 'name and email' : fields[0]} on this case.`, 'customer', { deadlines: [] });
      const notice: OutboxContent[] =
        moves && id === theCase.id ? [{ kind: 'address_changed', previousEmail: current.customer.email, newAddressMasked: maskEmail(to), changedAt: deps.now().toISOString() }] : [];
      return {
        decision: { ok: true, state: draft.state, events: draft.events, clockOps: [], notifications: [], signal: null },
        set: { customer, ...(sealed ? { sealed } : {}) },
        ...(notice.length ? { outbox: notice } : {}),
      };
    });
    if (result.outcome === 'committed') corrected.push(id);
  }
  // Nothing is filed or sealed under the old address any more: its last resolution moves (per-customer sequencing)
  // and its key goes (a case filed there meanwhile keeps both).
  if (moves && (await deps.store.casesOf(from)).length === 0) {
    await deps.store.moveLastResolution(from, to);
    await deps.cipher.shred(await deps.store.customerKeysOf(from));
  }
  return { ok: true, changed, cases: corrected };
}
