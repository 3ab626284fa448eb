import type { Action } from './actions';
import type { Draft } from './draft';
import { applyTriggers, climb, mayClimb } from './ladder-moves';
import { matchEscalationTriggers } from '../policy';
import { refuse, type Refusal } from './problems';
import { staffRecipient } from './recipients';

/** What the customer (holding the case's access token) may do: answer, accept, dispute or escalate, rate. */

export function customerDecision(d: Draft, action: Action): Refusal | undefined {
  const s = d.state;
  switch (action.type) {
    case 'reply': {
      d.state.lastCustomerMessageAt = d.at;
      if (s.status === 'awaiting_customer') {
        d.stop('silenceReminder', 'silenceClose');
        d.resumeAll();
        d.setStatus(s.resumeTo ?? 'in_progress');
        d.state.resumeTo = undefined;
        d.event('info_provided', 'You provided the requested information; the paused clocks run again with the time that was left.', 'customer', { message: action.message });
      } else {
        // A message on an open case is owed an answer (the policy's nextReply), except after a resolution.
        if (s.status !== 'resolved' && s.status !== 'received') d.start('nextReply');
        d.event('customer_replied', 'You sent a message.', 'customer', { message: action.message });
      }
      d.notify(staffRecipient(d), 'customer_message', { message: action.message });
      matchMessageTriggers(d, action.message);
      return;
    }

    case 'acceptResolution': {
      if (s.status !== 'resolved') return refuse(409, 'There is no resolution to accept right now.');
      d.stopAll();
      d.setStatus('closed');
      d.state.closure = { at: d.at, reason: 'accepted' };
      d.event('resolution_accepted', 'You accepted the resolution; the case is closed. Thank you.', 'customer', { deadlines: [] });
      d.notify('customer', 'satisfaction_survey', {});
      return;
    }

    case 'dispute': {
      if (s.status === 'received') return refuse(409, 'Your complaint is being registered; you can escalate once it is acknowledged.');
      if (s.status === 'resolved') {
        d.event('disputed', `You disputed the resolution: ${action.reason}`, 'customer', { deadlines: [] });
        climb(d, 'customer');
        return;
      }
      // Not resolved yet: "if a customer feels that their complaint has not been adequately resolved, they may request an escalation".
      if (s.level > 0) return refuse(409, 'Your case is already under review at a higher level.');
      if (!mayClimb(d.policy, 0, 'customer')) return refuse(409, 'This policy offers no escalation on request before a resolution.');
      d.event('disputed', `You asked for an escalation: ${action.reason}`, 'customer', { deadlines: [] });
      climb(d, 'customer');
      return;
    }

    case 'rate': {
      if (s.csat) return refuse(409, 'You have already rated this case.');
      if (!s.resolution) return refuse(409, 'You can rate the handling of your case once it has a resolution.');
      d.state.csat = { score: action.score, at: d.at, ...(action.comment ? { comment: action.comment } : {}) };
      d.event('rated', `You rated the handling of your case ${action.score} out of 5.`, 'customer', { deadlines: [] });
      return;
    }
  }
  return refuse(403, `A customer may not ${action.type}.`);
}

/**
 * A later fact: the customer's message may contain the words of a keyword trigger the case has not matched yet
 * ("my lawyer will take legal action"). Only keyword triggers are read here; category, flag and amount triggers were
 * settled at intake. Before the acknowledgment the match waits for it; afterwards the case climbs at once.
 */
function matchMessageTriggers(d: Draft, message: string) {
  const known = new Set(d.state.triggers.map((t) => t.slug));
  const fresh = matchEscalationTriggers(d.policy, { category: d.state.category, description: message }).filter((t) => t.when.keywords !== undefined && !known.has(t.slug));
  if (fresh.length === 0) return;
  d.state.triggers = [...d.state.triggers, ...fresh.map((t) => ({ slug: t.slug, rung: t.rung, clause: t.clause, matchedAt: d.at, source: 'customer_message' as const }))];
  if (d.state.status !== 'received') applyTriggers(d);
}
