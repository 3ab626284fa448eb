import type { LifecycleEvent } from '../domain/lifecycle/events';
import type { Case } from '../domain/case';
import { customerView, staffView, type CustomerCaseView, type StaffCaseView } from '../domain/case-view';
import type { Clock, PolicyBook } from './ports';

/** The views of a case, each under the policy version the case started under, with its live clocks at `now`. */
export const customerCaseView = (deps: { policies: PolicyBook; now: Clock }, theCase: Case, timeline: readonly LifecycleEvent[]): CustomerCaseView =>
  customerView(theCase, timeline, deps.policies.of(theCase.policy), deps.now());

export const staffCaseView = (deps: { policies: PolicyBook; now: Clock }, theCase: Case, timeline: readonly LifecycleEvent[]): StaffCaseView =>
  staffView(theCase, timeline, deps.policies.of(theCase.policy), deps.now());
