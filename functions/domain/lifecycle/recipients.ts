import type { Draft } from './draft';
import { financeDecides, roleForLevel } from './ladder';
import type { Recipient } from './notifications';

/** Who on staff hears of the customer: the assignee, else the queue of the case's level. */
export function staffRecipient(d: Draft): Recipient {
  const s = d.state;
  if (s.assignee) return 'assignee';
  const owner = roleForLevel(d.policy, s.level);
  if (owner === 'dispute_team') return 'dispute_team';
  if (s.level > 0) return 'senior_team';
  return financeDecides(d.policy, s.category) ? 'finance_team' : 'support_team';
}
