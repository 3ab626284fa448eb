/** What the acknowledgment tells the customer, and the due times in it, written for humans. */
import { calendarZone, formatInstant, renderMessage, type Deadline, type Policy, type RenderedMessage } from './policy';
import type { Case } from './case';

/**
 * A due time as the customer reads it: in the time zone of the calendar that measures it, in the message's language
 * (the policy's own by default), the zone named: "Thursday, 10 December 2026 at 16:30 (Ho Chi Minh City Time, GMT+7)".
 */
export function formatDue(policy: Policy, deadline: Pick<Deadline, 'due' | 'explanation'>, language: string = policy.messages.language): string {
  return formatInstant(deadline.due, calendarZone(policy, deadline.explanation.calendar), language);
}

/**
 * The acknowledgment email of seed 001 step 2: case number, estimated resolution time, next steps, status link, and
 * for a payout delay the expected arrival of the withdrawal.
 */
export function acknowledgmentMessage(policy: Policy, theCase: Case, statusUrl: string): RenderedMessage {
  const language = theCase.lifecycle.language ?? policy.messages.language;
  // A payout-delay complaint: when the withdrawal is expected, on the payout clock's own calendar.
  const payout = theCase.lifecycle.clocks.payoutArrival;
  return renderMessage(policy, 'acknowledgment', {
    customerName: theCase.customer.name,
    subject: theCase.subject,
    caseNumber: theCase.caseNumber,
    resolutionDue: formatDue(policy, theCase.deadlines.resolution, language),
    ...(payout?.due ? { payoutExpected: formatInstant(payout.due, calendarZone(policy, payout.calendar), language) } : {}),
    statusUrl,
  }, theCase.lifecycle.language ? { language: theCase.lifecycle.language } : {});
}

