import type { Action } from './actions';
import type { Draft } from './draft';
import { isClosingRung, rungAt } from './ladder';
import { applyTriggers, climb, close, mayClimb } from './ladder-moves';
import { refuse, type Refusal } from './problems';
import { staffRecipient } from './recipients';
import { nextIssueClock } from './sequencing';
import type { CaseStatus } from './model';
import { incidentDecision } from './incident-decisions';

/** What the workflow does to a case: the acknowledgment, and a clock that fell due (breach, escalation, reminder, close). */

export function systemDecision(d: Draft, action: Action): Refusal | undefined {
  const s = d.state;
  if (action.type === 'acknowledge') {
    if (s.status !== 'received') return refuse(409, 'The case is already acknowledged.');
    d.stop('acknowledgment');
    d.setStatus('acknowledged');
    d.event('acknowledged', 'We acknowledged your complaint and sent you the case number, the estimated resolution time and the next steps.', 'customer', {
      clause: s.clocks.acknowledgment?.clause,
      deadlines: (['firstResponse', 'resolution', 'maxProcessing', 'payoutArrival'] as const).flatMap((id) => d.deadline(id)),
    });
    // Escalation triggers matched at intake take the case to their rung now, after the customer has been told it exists.
    applyTriggers(d);
    return;
  }
  if (action.type === 'previousIssueResolved') return startNextIssue(d, new Date(action.resolvedAt));
  if (action.type === 'linkIncident' || action.type === 'incidentUpdate' || action.type === 'unlinkIncident') return incidentDecision(d, action);
  if (action.type !== 'timeout') return refuse(403, `The system may not ${action.type}.`);

  const clock = s.clocks[action.clock];
  if (!clock) return refuse(409, `The ${action.clock} clock never started on this case.`);
  if (clock.status === 'paused') return refuse(409, `The ${action.clock} clock is paused; a paused clock does not fall due.`);
  if (clock.status !== 'running' || !clock.due) return refuse(410, `The ${action.clock} clock already stopped.`);
  if (Date.parse(clock.due) > d.now.getTime()) return refuse(409, `The ${action.clock} clock is not due until ${clock.due}.`);

  switch (action.clock) {
    case 'acknowledgment':
      d.breach('acknowledgment', 'the acknowledgment');
      return;
    case 'firstResponse':
      d.breach('firstResponse', s.critical ? 'starting work on a critical issue' : 'the first response');
      return;
    case 'infoRequest':
      d.breach('infoRequest', 'contacting the customer for missing details');
      return;
    case 'nextReply':
      d.breach('nextReply', "the answer to the customer's message");
      return;
    case 'resolution':
      d.breach('resolution', 'the resolution');
      return;
    case 'maxProcessing':
      d.breach('maxProcessing', 'the maximum processing time');
      return;
    case 'nextIssue':
      d.breach('nextIssue', "processing the customer's next issue");
      return;
    case 'payoutArrival':
      d.breach('payoutArrival', "the withdrawal reaching the customer's bank");
      return;
    case 'autoEscalation':
      d.fire('autoEscalation', false);
      if (mayClimb(d.policy, s.level, 'automatic')) climb(d, 'automatic');
      else d.notify('supervisor', 'breach', { clock: 'autoEscalation', due: clock.due });
      return;
    case 'seniorResponse':
      d.breach('seniorResponse', `the ${s.level > 0 ? rungAt(d.policy, s.level)!.label : 'senior'} response`);
      // Unresolved after the escalation: the next rung (Promptearn: the Dispute Resolution Team), if one takes cases from below.
      if (!isClosingRung(rungAt(d.policy, s.level + 1)) && mayClimb(d.policy, s.level, 'timeout')) climb(d, 'timeout');
      return;
    case 'disputeUpdate':
      d.breach('disputeUpdate', "the Dispute Resolution Team's update");
      d.event('dispute_update_overdue', `The Dispute Resolution Team is still reviewing your case; its decision is due ${s.clocks.disputeDecision?.due ?? 'soon'}.`, 'customer', {
        clause: clock.clause,
        deadlines: d.deadline('disputeDecision'),
      });
      d.notify('customer', 'dispute_update_overdue', { dueAt: s.clocks.disputeDecision?.due ?? '' });
      return;
    case 'disputeDecision':
      d.breach('disputeDecision', "the Dispute Resolution Team's decision");
      return;
    case 'periodicUpdate':
      d.start('periodicUpdate');
      d.event('progress_update', 'We are still working on your case and will update you again.', 'customer', { clause: clock.clause });
      d.notify('customer', 'progress_update', { dueAt: d.state.clocks.periodicUpdate?.due ?? '' });
      d.notify(staffRecipient(d), 'progress_update', { dueAt: d.state.clocks.periodicUpdate?.due ?? '' });
      return;
    case 'silenceReminder':
      d.fire('silenceReminder', false);
      d.state.remindersSent = s.remindersSent + 1;
      d.event('reminder_sent', 'Reminder: we are waiting for the information we asked for.', 'customer', { deadlines: d.deadline('silenceClose') });
      d.notify('customer', 'info_reminder', { dueAt: s.clocks.silenceClose?.due ?? '' });
      return;
    case 'silenceClose':
      d.fire('silenceClose', false);
      close(d, 'no_reply', 'We did not receive the information we asked for, so the case was closed. You can open a new complaint at any time.');
      return;
    case 'followUp':
      d.fire('followUp', false);
      d.start('followUpClose');
      d.event('progress_update', 'How did we do? We sent you a short satisfaction survey.', 'customer', { clause: clock.clause, deadlines: d.deadline('followUpClose') });
      d.notify('customer', 'satisfaction_survey', {});
      return;
    case 'followUpClose':
      d.fire('followUpClose', false);
      close(d, 'follow_up_elapsed', 'The resolution was neither accepted nor disputed in time, so the case was closed.');
      return;
  }
}

/** Statuses in which a case still waits to be processed on the front line (sequencing applies to these). */
const WAITING_FRONT_LINE: ReadonlySet<CaseStatus> = new Set(['received', 'acknowledged', 'in_progress', 'awaiting_customer']);

function startNextIssue(d: Draft, resolvedAt: Date): Refusal | undefined {
  const s = d.state;
  if (!d.policy.sequencing) return refuse(409, "The policy does not sequence a customer's issues.");
  if (resolvedAt.getTime() > d.now.getTime()) return refuse(422, 'resolvedAt is in the future.', [{ field: 'resolvedAt', message: 'must not be after now' }]);
  if (!WAITING_FRONT_LINE.has(s.status) || s.level > 0) return refuse(409, `The case is ${s.status.replace('_', ' ')}; sequencing applies to cases still waiting on the front line.`);
  const current = s.clocks.nextIssue;
  if (current && current.status !== 'stopped') return refuse(409, 'The next-issue clock already runs on this case.');
  const clock = nextIssueClock(d.policy, resolvedAt, d.now);
  if (!clock) return refuse(409, `The sequencing window after ${resolvedAt.toISOString()} is already over.`);
  d.put('nextIssue', clock);
  if (s.status === 'awaiting_customer') d.pauseForCustomer();
  d.event('next_issue_scheduled', "Your previous request was processed; this one is next, within the policy's time.", 'customer', { clause: clock.clause });
}
