import { calendarOf, clockTarget } from '../policy';
import { formatLocal } from '../sla/clock';
import type { Action } from './actions';
import { WORK_CLOCKS, type Draft } from './draft';
import { financeDecides, isClosingRung, offersMediation, roleForLevel, rungAt } from './ladder';
import { climb, close, firstResponse, toMediation } from './ladder-moves';
import type { CaseStatus, ClockId, IdentityMethod, LifecycleState, StaffActor } from './model';
import { refuse, type Refusal } from './problems';
import { replyWindow, STANDARD_WINDOW_MS } from '../social-reply-window';
import { mayTouchAssigned, scopeRefusal } from './scope';

/** What staff (agents, seniors, the dispute team, supervisors, finance) may do to a case, and what follows. */

const OPEN_WORK: ReadonlySet<CaseStatus> = new Set(['acknowledged', 'in_progress', 'escalated_senior', 'dispute_review']);

export function staffDecision(d: Draft, actor: StaffActor, action: Action): Refusal | undefined {
  const s = d.state;
  const policy = d.policy;
  if (s.status === 'received') return refuse(409, 'The case is not acknowledged yet; staff actions start after the acknowledgment.');
  const outOfScope = scopeRefusal(policy, actor, s);
  if (outOfScope) return refuse(403, outOfScope);
  const ownsOrMay = () => (mayTouchAssigned(actor, s) ? undefined : refuse(403, 'The case is assigned to another representative.'));

  switch (action.type) {
    case 'note':
      d.event('note', `Internal note: ${action.text}`, 'internal', { deadlines: [] });
      return;

    case 'claim': {
      if (s.assignee === actor.staffId) return refuse(409, 'You have already claimed this case.');
      if (s.assignee !== undefined && actor.role !== 'supervisor') return refuse(409, 'The case is already claimed by another representative.');
      d.state.assignee = actor.staffId;
      if (s.status === 'acknowledged') d.setStatus('in_progress');
      d.event('claimed', `Case claimed by a ${actor.role}.`, 'internal', { deadlines: [] });
      return;
    }

    case 'assign': {
      if (actor.role === 'agent' || actor.role === 'finance') return refuse(403, 'Only a supervisor, or a senior or the Dispute Resolution Team on their rung, assigns cases.');
      if (s.assignee === action.to) return refuse(409, 'The case is already assigned to that person.');
      d.state.assignee = action.to;
      if (s.status === 'acknowledged') d.setStatus('in_progress');
      d.event('assigned', `Case assigned to staff member ${action.to}.`, 'internal', { deadlines: [] });
      d.notify('assignee', 'case_assigned', { assignee: action.to });
      return;
    }

    case 'reply': {
      const unverified = identityRefusal(s, 'reply');
      if (unverified) return unverified;
      const closed = socialWindowRefusal(s, d.now, 'reply');
      if (closed) return closed;
      if (!OPEN_WORK.has(s.status) && s.status !== 'awaiting_customer' && s.status !== 'resolved') return refuse(409, `No reply is possible while the case is ${s.status}.`);
      const r = ownsOrMay();
      if (r) return r;
      firstResponse(d);
      if (s.status === 'acknowledged') d.setStatus('in_progress');
      if (d.state.assignee === undefined && actor.role !== 'supervisor') d.state.assignee = actor.staffId;
      d.stop('nextReply');
      if (s.status === 'escalated_senior') d.stop('seniorResponse');
      if (s.status === 'dispute_review') d.stop('disputeUpdate');
      // A reply is an update: the periodic-update clock starts over.
      if (d.state.clocks.periodicUpdate?.status === 'running') d.start('periodicUpdate');
      d.event('staff_replied', `The ${s.level === 0 ? 'support team' : rungAt(policy, s.level)!.label} replied.`, 'customer', { message: action.message });
      d.notify('customer', 'staff_reply', { message: action.message });
      return;
    }

    case 'requestInfo': {
      if (s.status === 'awaiting_customer') return refuse(409, 'Information was already requested; the case is waiting for the customer.');
      const closed = socialWindowRefusal(s, d.now, 'requestInfo');
      if (closed) return closed;
      if (!OPEN_WORK.has(s.status)) return refuse(409, `Information cannot be requested while the case is ${s.status}.`);
      const r = ownsOrMay();
      if (r) return r;
      firstResponse(d);
      d.stop('infoRequest', 'nextReply');
      if (d.state.assignee === undefined && actor.role !== 'supervisor') d.state.assignee = actor.staffId;
      d.state.resumeTo = s.status === 'acknowledged' ? 'in_progress' : s.status;
      d.state.infoRequests = s.infoRequests + 1;
      d.setStatus('awaiting_customer');
      d.pauseForCustomer();
      d.start('silenceReminder');
      d.start('silenceClose');
      d.event('info_requested', 'We need more information from you; the resolution clock is paused until you answer.', 'customer', {
        clause: s.clocks.infoRequest?.clause ?? s.clocks.firstResponse?.clause,
        message: action.questions,
      });
      d.notify('customer', 'info_request', { questions: action.questions, closesAt: d.state.clocks.silenceClose?.due ?? '' });
      return;
    }

    case 'resolve': {
      const unverified = identityRefusal(s, 'resolve');
      if (unverified) return unverified;
      if (s.status === 'resolved') return refuse(409, 'The case is already resolved; the customer may accept or dispute the resolution.');
      if (!OPEN_WORK.has(s.status)) return refuse(409, `The case cannot be resolved while it is ${s.status}.`);
      if (financeDecides(policy, s.category) && roleForLevel(policy, s.level) !== 'dispute_team' && actor.role !== 'finance' && actor.role !== 'supervisor') {
        return refuse(403, `Only finance (or a supervisor) decides ${s.category.replace(/_/g, ' ')} cases.`);
      }
      const r = ownsOrMay();
      if (r) return r;
      firstResponse(d);
      d.stop(...WORK_CLOCKS);
      d.state.resolution = { at: d.at, level: s.level, by: actor.staffId };
      d.setStatus('resolved');
      // The survey first; the close window runs from the survey (or from now when the policy sends no survey).
      if (clockTarget(policy, d.facts, 'followUp')) d.start('followUp');
      else d.start('followUpClose');
      const who = s.level === 0 ? 'We resolved' : `${rungAt(policy, s.level)!.label}: resolved`;
      // What was done, as the resolution email says it: the case page shows the same words.
      const resolution = [action.summary, action.actionsTaken && `Actions taken: ${action.actionsTaken}`, action.nextSteps && `Next steps: ${action.nextSteps}`].filter(Boolean).join('\n\n');
      d.event('resolved', `${who} your case. You can accept the resolution or dispute it.`, 'customer', { clause: 'Step 4: once resolved, the customer receives a detailed notification', message: resolution });
      const vars: Record<string, string> = { resolution: action.summary, rung: s.rung ?? 'front line' };
      if (action.actionsTaken) vars.actionsTaken = action.actionsTaken;
      if (action.nextSteps) vars.nextSteps = action.nextSteps;
      d.notify('customer', 'resolution', vars);
      return;
    }

    case 'escalate': {
      if (s.status === 'resolved') return refuse(409, 'The case is resolved; only the customer can dispute the resolution now.');
      if (s.status === 'awaiting_customer') return refuse(409, 'The case is waiting for the customer; escalate after they answer.');
      if (!OPEN_WORK.has(s.status)) return refuse(409, `The case cannot be escalated while it is ${s.status}.`);
      const r = ownsOrMay();
      if (r) return r;
      if (isClosingRung(rungAt(policy, s.level + 1))) {
        return refuse(409, offersMediation(policy) ? 'The case is at the top of the internal ladder; recommend external mediation instead.' : 'The case is at the top of the internal ladder; its decision is final under this policy.');
      }
      climb(d, 'staff');
      return;
    }

    case 'recommendMediation': {
      if (!offersMediation(policy)) return refuse(409, 'This policy offers no external mediation; the decision of the last internal review is final.');
      if (roleForLevel(policy, s.level) !== 'dispute_team' && actor.role !== 'supervisor') return refuse(403, 'External mediation is recommended by the Dispute Resolution Team or a supervisor.');
      if (s.status !== 'dispute_review' && s.status !== 'escalated_senior') return refuse(409, 'External mediation is recommended during a review, not now.');
      toMediation(d, action.reason);
      return;
    }

    case 'logContact':
      return logContact(d, actor, action, ownsOrMay);

    case 'verifyIdentity': {
      if (!s.identity) return refuse(409, 'This case does not require an identity check.');
      if (s.identity.verified) return refuse(409, `The identity was already verified on ${s.identity.verified.at}.`);
      const r = ownsOrMay();
      if (r) return r;
      d.state.identity = { required: true, verified: { at: d.at, by: actor.staffId, method: action.method, ...(action.note ? { note: action.note } : {}) } };
      d.event('identity_verified', `Your identity was verified (${METHOD_WORDS[action.method]}).`, 'customer', { deadlines: [] });
      return;
    }

    case 'close': {
      if (s.status !== 'resolved' && actor.role !== 'supervisor') return refuse(409, 'Only a resolved case can be closed (a supervisor may close any).');
      const r = ownsOrMay();
      if (r) return r;
      const window = s.status === 'resolved' && actor.role !== 'supervisor' ? customerWindow(s) : undefined;
      if (window) return refuse(409, window);
      close(d, 'closed_by_staff', 'Your case was closed.');
      return;
    }
  }
  return refuse(403, `Staff may not ${action.type}.`);
}

/**
 * Why the customer's window on a resolution is still open, or undefined when it is over. After a resolution the
 * customer may accept or dispute it until the policy's follow-up closes the case (`followUp`, the survey, then
 * `followUpClose`); closing it earlier would take that choice away, so only a supervisor may. A policy that sets
 * neither clock gives no window, and staff close a resolved case at once.
 */
function customerWindow(s: LifecycleState): string | undefined {
  const running = (id: ClockId) => s.clocks[id]?.status === 'running';
  const due = s.clocks.followUpClose?.due;
  if (running('followUpClose') && due) return `The customer may accept or dispute the resolution until ${due}, when the case closes by itself; only a supervisor may close it earlier.`;
  if (running('followUp') || running('followUpClose')) return 'The customer may still accept or dispute the resolution (the follow-up period has not ended); the case closes by itself then, and only a supervisor may close it earlier.';
  return undefined;
}

const METHOD_WORDS: Record<IdentityMethod, string> = {
  mfa: 'multi-factor authentication',
  in_app_confirmation: 'confirmation in the app',
  callback: 'a call back to the registered number',
  id_document: 'an identity document',
};

/**
 * Cases whose category is flagged `verify_identity` (earnway 5.2: "multi-factor authentication for account security
 * or sensitive operations before providing support"): a staff reply or a resolution may carry account details, so
 * both wait until staff record the check (`verifyIdentity`). Notes, claims, information requests (which can ask the
 * customer to complete the check) and escalations do not.
 */
/**
 * A case opened by a direct message is answered through the platform (`channels/social/dm-mailer.ts`), which sends
 * standard responses; the platform refuses those 24 hours after the customer's last message. Refused here, before
 * anything is recorded as sent, so staff learn it at once instead of from a failed delivery.
 */
function socialWindowRefusal(s: LifecycleState, now: Date, what: 'reply' | 'requestInfo'): Refusal | undefined {
  if (s.channel !== 'social') return;
  const last = s.lastCustomerMessageAt ?? s.receivedAt;
  const window = replyWindow(last, now.getTime());
  if (window.open && window.messagingType === 'RESPONSE') return;
  const closedAt = new Date(Date.parse(last) + STANDARD_WINDOW_MS).toISOString();
  return refuse(
    409,
    `The customer last wrote by direct message at ${last}; the platform accepts a business ${what === 'reply' ? 'reply' : 'request'} only within 24 hours of that, and the window closed at ${closedAt}. Log a phone or email contact instead (logContact), or answer when the customer writes again.`,
  );
}

function identityRefusal(s: LifecycleState, what: 'reply' | 'resolve'): Refusal | undefined {
  if (!s.identity || s.identity.verified) return undefined;
  return refuse(409, `The customer's identity is not verified yet: on this case (${s.category.replace(/_/g, ' ')}) the policy requires it before staff ${what === 'reply' ? 'reply' : 'resolve the case'}. Record the check with the verifyIdentity action first.`);
}

/**
 * A phone call or a chat with the customer, logged by staff. Only on channels the policy lists. It is a staff answer:
 * the first response and the pending reply are kept as of the conversation's time, and the transcript summary goes on
 * the customer's timeline (no email: the customer was there). A call from the customer while we wait for their
 * information is their answer: the paused clocks resume.
 */
function logContact(d: Draft, actor: StaffActor, action: Extract<Action, { type: 'logContact' }>, ownsOrMay: () => Refusal | undefined): Refusal | undefined {
  const s = d.state;
  const channel = d.policy.channels.find((c) => c.channel === action.channel);
  if (!channel) return refuse(422, `This policy offers no ${action.channel} channel.`, [{ field: 'channel', message: `not a channel of this policy: ${d.policy.channels.map((c) => c.channel).join(', ')}` }]);
  const when = action.at ? new Date(action.at) : d.now;
  if (when.getTime() > d.now.getTime()) return refuse(422, 'The contact cannot be in the future.', [{ field: 'at', message: 'must not be after now' }]);
  if (when.getTime() < Date.parse(s.receivedAt)) return refuse(422, 'The contact cannot be before the case was received.', [{ field: 'at', message: `must not be before ${s.receivedAt}` }]);
  if (!OPEN_WORK.has(s.status) && s.status !== 'awaiting_customer' && s.status !== 'resolved') return refuse(409, `No contact can be logged while the case is ${s.status}.`);
  const r = ownsOrMay();
  if (r) return r;
  if (s.status === 'awaiting_customer' && action.direction === 'inbound') {
    d.stop('silenceReminder', 'silenceClose');
    d.resumeAll();
    d.setStatus(s.resumeTo ?? 'in_progress');
    d.state.resumeTo = undefined;
  }
  firstResponse(d, when);
  if (d.state.status === 'acknowledged') d.setStatus('in_progress');
  if (d.state.assignee === undefined && actor.role !== 'supervisor') d.state.assignee = actor.staffId;
  // A conversation answers only what was pending when it took place (not a message the customer sent afterwards).
  const pendingAt = (id: ClockId) => {
    const since = d.state.clocks[id]?.runningSince;
    return since !== undefined && Date.parse(since) <= when.getTime();
  };
  const answered: ClockId[] = ['nextReply'];
  if (d.state.status === 'escalated_senior') answered.push('seniorResponse');
  if (d.state.status === 'dispute_review') answered.push('disputeUpdate');
  d.stopAt(when, ...answered.filter(pendingAt));
  if (d.state.clocks.periodicUpdate?.status === 'running') d.start('periodicUpdate');
  const who = action.direction === 'inbound' ? 'you contacted us' : 'we contacted you';
  const zone = calendarOf(d.policy, channel.calendar).timeZone;
  d.event('contact_logged', `${channel.label} (${who}), ${formatLocal(when, zone)}: ${action.summary}`, 'customer');
  return undefined;
}
