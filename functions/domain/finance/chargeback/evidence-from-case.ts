import { ROLE_LABELS, type LifecycleEvent } from '../../lifecycle/events';
import type { Case } from '../../case';
import type { Chargeback } from './model';
import type { EvidencePackInput } from './evidence-pack';

/** The lifecycle events that are communication with the customer: their words go into the pack as messages. */
const COMMUNICATION: ReadonlySet<LifecycleEvent['type']> = new Set([
  'staff_replied',
  'customer_replied',
  'info_requested',
  'info_provided',
  'resolved',
  'resolution_accepted',
  'disputed',
  'progress_update',
]);

export interface EvidenceFacts {
  theCase: Pick<Case, 'caseNumber' | 'subject' | 'category' | 'customer' | 'createdAt' | 'description'>;
  events: readonly Pick<LifecycleEvent, 'at' | 'type' | 'actor' | 'summary' | 'visibility'>[];
  chargeback: Chargeback;
  transaction: EvidencePackInput['transaction'];
  attachments: EvidencePackInput['attachments'];
  statement: string;
  merchantName: string;
  timeZone: string;
  now: Date;
}

/**
 * The evidence pack's input from a case. The pack goes to a third party (the card network), so it carries only
 * what the customer saw: internal events (notes, assignments, breaches) are left out, and staff appear by role,
 * never by name.
 */
export function evidencePackFromCase(f: EvidenceFacts): EvidencePackInput {
  const visible = f.events.filter((e) => e.visibility === 'customer');
  const who = (e: EvidenceFacts['events'][number]) => (e.actor.role ? (e.actor.role === 'customer' ? 'Customer' : ROLE_LABELS[e.actor.role]) : e.actor.kind);
  return {
    merchantName: f.merchantName,
    chargeback: {
      chargebackId: f.chargeback.chargebackId,
      ...(f.chargeback.providerDisputeId ? { providerDisputeId: f.chargeback.providerDisputeId } : {}),
      reason: f.chargeback.reason,
      amount: f.chargeback.amount,
      evidenceDueAt: f.chargeback.evidenceDueAt,
    },
    case: { caseNumber: f.theCase.caseNumber, subject: f.theCase.subject, category: f.theCase.category, customerName: f.theCase.customer.name, receivedAt: f.theCase.createdAt },
    transaction: f.transaction,
    statement: f.statement,
    timeline: visible.map((e) => ({ at: e.at, actor: who(e), summary: e.summary })),
    messages: [
      { at: f.theCase.createdAt, from: 'Customer', subject: f.theCase.subject, body: f.theCase.description },
      ...visible.filter((e) => COMMUNICATION.has(e.type)).map((e) => ({ at: e.at, from: who(e), body: e.summary })),
    ],
    attachments: f.attachments,
    generatedAt: f.now.toISOString(),
    timeZone: f.timeZone,
  };
}
