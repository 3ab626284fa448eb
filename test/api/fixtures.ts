import { generateAccessToken, hashAccessToken } from '../../functions/domain/access-token';
import { openTicket, parseComplaintRequest } from '../../functions/domain/complaint';
import { loadPolicy } from '../../functions/domain/policy';
import type { LifecycleEvent } from '../../functions/domain/lifecycle/events';
import { eventSortKey, queueKeys, ticketPk, type Ticket } from '../../functions/domain/ticket';

/** A ticket as intake would open it, plus its items as the DynamoDB store writes them. */
export function openedTicket(id = crypto.randomUUID(), receivedAt = new Date('2026-11-23T10:00:00Z')) {
  const policy = loadPolicy('promptearn');
  const parsed = parseComplaintRequest(policy, {
    customer: { name: 'Ada Obi', email: 'ada@example.com' },
    category: 'payout_delay',
    subject: 'Withdrawal not received',
    description: 'I withdrew on Saturday and nothing arrived on Sunday.',
    details: { bankName: 'GTBank', accountLast4: '1234', amount: { amountMinor: 2500000, currency: 'NGN' }, withdrawalDate: '2026-11-21' },
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const accessToken = generateAccessToken();
  const { ticket, firstEvent } = openTicket(policy, parsed.value, {
    id,
    caseSequence: 7,
    receivedAt,
    accessToken,
    accessTokenHash: hashAccessToken(accessToken),
  });
  return { policy, ticket, firstEvent, accessToken };
}

export const ticketItem = (t: Ticket) => ({ pk: ticketPk(t.id), sk: 'TICKET', entity: 'ticket', ...queueKeys(t), ...t });
export const eventItem = (e: LifecycleEvent) => ({ pk: ticketPk(e.ticketId), sk: eventSortKey(e), entity: 'event', ...e });
