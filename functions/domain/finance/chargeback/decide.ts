import { formatMoney } from '../money-format';
import { refusal, type FinanceNotification, type FinanceRefusal } from '../outcome';
import { isStaffRef, type FinanceActor } from '../refund/commands';
import { ChargebackCommandSchema, type ChargebackCommand, type ProviderDisputeUpdate } from './commands';
import { CHARGEBACK_RANK, type Chargeback, type ChargebackEvent, type ChargebackStatus } from './model';

export interface ChargebackChanged {
  ok: true;
  changed: true;
  chargeback: Chargeback;
  events: ChargebackEvent[];
  notifications: FinanceNotification[];
}
export interface ChargebackUnchanged {
  ok: true;
  changed: false;
  chargeback: Chargeback;
  ignored: 'stale' | 'duplicate';
  detail: string;
}
export type ChargebackDecision = ChargebackChanged | ChargebackUnchanged | FinanceRefusal;

const PROVIDER_STATUS: Record<ProviderDisputeUpdate['status'], ChargebackStatus> = {
  needs_response: 'open',
  under_review: 'submitted',
  won: 'won',
  lost: 'lost',
};

/**
 * The chargeback's transition function (pure). Submission and acceptance are finance decisions and final: no
 * command takes a chargeback back to open. The evidence due instant is hard: at or after it, evidence is refused
 * and the deadline timer expires the chargeback.
 */
export function decideChargeback(chargeback: Chargeback, input: ChargebackCommand, actor: FinanceActor, now: Date): ChargebackDecision {
  const parsed = ChargebackCommandSchema.safeParse(input);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    return refusal('invalid', first.path.includes('reason') ? 'reason_required' : 'invalid_input', `${first.path.join('.') || 'command'}: ${first.message}`);
  }
  const command = parsed.data;
  const at = now.toISOString();
  const facts = { amount: formatMoney(chargeback.amount), transaction: chargeback.transactionReference, dueAt: chargeback.evidenceDueAt };
  const change = (patch: Partial<Chargeback>, events: ChargebackEvent[], notifications: FinanceNotification[] = []): ChargebackChanged => ({
    ok: true,
    changed: true,
    chargeback: { ...chargeback, ...patch, version: chargeback.version + 1 },
    events,
    notifications,
  });
  const unchanged = (ignored: ChargebackUnchanged['ignored'], detail: string): ChargebackUnchanged => ({ ok: true, changed: false, chargeback, ignored, detail });
  const pastDue = now.getTime() >= Date.parse(chargeback.evidenceDueAt);

  switch (command.type) {
    case 'submitEvidence':
    case 'accept': {
      if (!isStaffRef(actor) || actor.role !== 'finance') return refusal('forbidden', 'not_permitted', 'only finance submits or accepts a chargeback');
      const accepting = command.type === 'accept';
      // Accepting stays possible after a missed deadline (it records the loss); submitting does not.
      if (!(chargeback.status === 'open' || (accepting && chargeback.status === 'expired'))) {
        return refusal('conflict', 'wrong_state', `the chargeback is ${chargeback.status}: a submission or acceptance cannot be undone or repeated`);
      }
      if (!accepting && pastDue) {
        return refusal('gone', 'deadline_passed', `the evidence was due at ${chargeback.evidenceDueAt}; the card network no longer takes it`);
      }
      if (accepting) {
        return change(
          { status: 'accepted', outcome: { result: 'accepted', at, source: 'finance', reason: command.reason } },
          [{ type: 'chargeback_accepted', chargebackId: chargeback.chargebackId, at, actor, reason: command.reason, facts }],
          [
            { to: 'finance', template: 'chargeback_outcome', facts: { ...facts, outcome: 'accepted' } },
            { to: 'customer', template: 'chargeback_outcome', facts: { ...facts, outcome: 'accepted' } },
          ],
        );
      }
      return change(
        { status: 'submitted', submission: { by: actor, at, reason: command.reason, evidencePack: command.evidencePack } },
        [{ type: 'chargeback_submitted', chargebackId: chargeback.chargebackId, at, actor, reason: command.reason, facts: { ...facts, evidenceSha256: command.evidencePack.sha256 } }],
        [{ to: 'finance', template: 'chargeback_submitted', facts }],
      );
    }
    case 'remind': {
      if (actor.role !== 'system') return refusal('forbidden', 'not_permitted', 'only the workflow sends reminders');
      if (chargeback.status !== 'open') return unchanged('stale', `the chargeback is ${chargeback.status}: no reminder needed`);
      const due = chargeback.reminders.filter((r) => !r.sentAt && Date.parse(r.at) <= now.getTime());
      if (due.length === 0) return unchanged('duplicate', 'no reminder is due that was not sent');
      // Reminders that fell due together (a late timer) are sent as one: the latest says the most.
      const latest = due[due.length - 1]!;
      return change(
        { reminders: chargeback.reminders.map((r) => (due.includes(r) ? { ...r, sentAt: at } : r)) },
        [{ type: 'chargeback_reminder_sent', chargebackId: chargeback.chargebackId, at, actor: { role: 'system' }, facts: { ...facts, reminder: latest.label } }],
        [{ to: 'finance', template: 'chargeback_evidence_reminder', facts: { ...facts, reminder: latest.label } }],
      );
    }
    case 'deadlineReached': {
      if (actor.role !== 'system') return refusal('forbidden', 'not_permitted', 'only the workflow reports the deadline');
      if (chargeback.status !== 'open') return unchanged('stale', `the chargeback was ${chargeback.status} before the deadline`);
      if (!pastDue) return refusal('conflict', 'not_due', `the evidence is due at ${chargeback.evidenceDueAt}`);
      return change(
        { status: 'expired' },
        [{ type: 'chargeback_expired', chargebackId: chargeback.chargebackId, at, actor: { role: 'system' }, facts }],
        [
          { to: 'finance', template: 'chargeback_deadline_missed', facts },
          { to: 'finance_lead', template: 'chargeback_deadline_missed', facts },
        ],
      );
    }
    case 'providerUpdate':
      return providerUpdate(chargeback, command, actor, now, change, unchanged);
  }
}

function providerUpdate(
  chargeback: Chargeback,
  u: ProviderDisputeUpdate,
  actor: FinanceActor,
  now: Date,
  change: (patch: Partial<Chargeback>, events: ChargebackEvent[], notifications?: FinanceNotification[]) => ChargebackChanged,
  unchanged: (ignored: ChargebackUnchanged['ignored'], detail: string) => ChargebackUnchanged,
): ChargebackDecision {
  if (actor.role !== 'provider') return refusal('forbidden', 'not_permitted', 'provider updates come only from verified provider events');
  if (chargeback.provider.lastEventId === u.eventId) return unchanged('duplicate', `event ${u.eventId} was already applied`);
  const at = now.toISOString();
  const provider = { lastEventId: u.eventId, lastEventAt: u.occurredAt };
  const facts = { amount: formatMoney(chargeback.amount), transaction: chargeback.transactionReference, providerStatus: u.status };
  const event = (type: ChargebackEvent['type'], reason?: string): ChargebackEvent => ({
    type,
    chargebackId: chargeback.chargebackId,
    at,
    actor: { role: 'provider' },
    ...(reason ? { reason } : {}),
    facts,
  });
  const target = PROVIDER_STATUS[u.status];
  const current = chargeback.status;
  if (target === 'open') {
    // The network may extend the deadline; it never shortens one we already plan against without saying so.
    if (current === 'open' && u.evidenceDueBy && Date.parse(u.evidenceDueBy) !== Date.parse(chargeback.evidenceDueAt)) {
      return change({ evidenceDueAt: u.evidenceDueBy, evidenceDueSource: 'provider', provider }, [event('chargeback_due_changed', `evidence now due ${u.evidenceDueBy}`)], [
        { to: 'finance', template: 'chargeback_opened', facts: { ...facts, dueAt: u.evidenceDueBy } },
      ]);
    }
    return current === 'open' ? unchanged('duplicate', 'the chargeback is already open') : unchanged('stale', `a needs_response event after ${current} changes nothing (out of order)`);
  }
  if (target === 'submitted') {
    if (current === 'open') return change({ status: 'submitted', provider }, [event('chargeback_submitted', 'the provider reports the evidence under review')]);
    return current === 'submitted' ? unchanged('duplicate', 'already submitted') : unchanged('stale', `an under_review event after ${current} changes nothing`);
  }
  // won or lost: the final word of the card network.
  if (current === 'won' || current === 'lost') {
    if (current === target) return unchanged('duplicate', `already ${current}`);
    return change({ provider }, [event('chargeback_provider_anomaly', `the provider reports ${target} after ${current}`)], [
      { to: 'finance', template: 'provider_anomaly', facts: { ...facts, detail: `${target} after ${current}` } },
    ]);
  }
  if (current === 'accepted' && target === 'lost') return change({ provider }, []); // accepting closes the dispute as lost: consistent
  const result: 'won' | 'lost' = u.status === 'won' ? 'won' : 'lost';
  const outcome = { result, at: u.occurredAt, source: 'provider' as const };
  const notify: FinanceNotification[] = [
    { to: 'finance', template: 'chargeback_outcome', facts: { ...facts, outcome: target } },
    { to: 'customer', template: 'chargeback_outcome', facts: { ...facts, outcome: target } },
  ];
  if (current === 'accepted') {
    return change({ provider }, [event('chargeback_provider_anomaly', `the provider reports ${target} for a chargeback finance accepted`)], [
      { to: 'finance', template: 'provider_anomaly', facts: { ...facts, detail: `${target} after accepted` } },
    ]);
  }
  if (CHARGEBACK_RANK[target] <= CHARGEBACK_RANK[current]) return unchanged('stale', `${target} after ${current}`);
  return change({ status: target, outcome, provider }, [event(target === 'won' ? 'chargeback_won' : 'chargeback_lost')], notify);
}
