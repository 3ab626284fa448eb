import type { LifecycleEvent } from '../domain/lifecycle/events';
import type { Ticket } from '../domain/ticket';
import { customerView, staffView, type CustomerCaseView, type StaffCaseView } from '../domain/ticket-view';
import type { Clock, PolicyBook } from './ports';

/** The views of a case, each under the policy version the case started under, with its live clocks at `now`. */
export const customerCaseView = (deps: { policies: PolicyBook; now: Clock }, ticket: Ticket, timeline: readonly LifecycleEvent[]): CustomerCaseView =>
  customerView(ticket, timeline, deps.policies.of(ticket.policy), deps.now());

export const staffCaseView = (deps: { policies: PolicyBook; now: Clock }, ticket: Ticket, timeline: readonly LifecycleEvent[]): StaffCaseView =>
  staffView(ticket, timeline, deps.policies.of(ticket.policy), deps.now());
