import { generateAccessToken, hashAccessToken } from '../../functions/domain/access-token';
import { openCase, parseComplaintRequest } from '../../functions/domain/complaint';
import { loadPolicy } from '../../functions/domain/policy';
import type { LifecycleEvent } from '../../functions/domain/lifecycle/events';
import { eventSortKey, queueKeys, casePk, type Case } from '../../functions/domain/case';

/** A case as intake would open it, plus its items as the DynamoDB store writes them. */
export function openedCase(id = crypto.randomUUID(), receivedAt = new Date('2026-11-23T10:00:00Z')) {
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
  const { theCase, firstEvent } = openCase(policy, parsed.value, {
    id,
    caseSequence: 7,
    receivedAt,
    accessToken,
    accessTokenHash: hashAccessToken(accessToken),
  });
  return { policy, theCase, firstEvent, accessToken };
}

export const caseItem = (t: Case) => ({ pk: casePk(t.id), sk: 'CASE', entity: 'case', ...queueKeys(t), ...t });
export const eventItem = (e: LifecycleEvent) => ({ pk: casePk(e.caseId), sk: eventSortKey(e), entity: 'event', ...e });
