import { decideAndCommit } from '../../adapters/decision-commit';
import type { Notifier } from '../../adapters/notifier';
import { ConcurrentChangeError, TicketNotFoundError, type TaskCallbacks, type TicketStore } from '../../adapters/ports';
import type { Action } from '../../domain/lifecycle/actions';
import { decide } from '../../domain/lifecycle/decide';
import type { LifecycleEvent } from '../../domain/lifecycle/events';
import type { Actor } from '../../domain/lifecycle/model';
import type { Refusal } from '../../domain/lifecycle/problems';
import type { Policy } from '../../domain/policy';
import { lifecycleOf, type Ticket } from '../../domain/ticket';
import { workflowNext } from '../../domain/lifecycle';
import { HttpProblem } from '../http/problem';

export interface CaseActionDeps {
  policy: Policy;
  store: TicketStore;
  callbacks: TaskCallbacks;
  notifier: Notifier;
  now?: () => Date;
}

export interface ActionOutcome {
  ticket: Ticket;
  timeline: LifecycleEvent[];
  /** The policy that decided, and the instant the case view is read at. */
  policy: Policy;
  now: Date;
}

/** A lifecycle refusal as this API's problem+json (the domain already wrote it in RFC 9457 shape). */
export const refusalProblem = (r: Refusal): HttpProblem =>
  new HttpProblem(r.problem);

/**
 * One action on a case, for staff and customers alike: decide (pure) → commit (conditional, with the waiting step's
 * task token taken in the same write) → wake the workflow → send the notifications the decision asks for.
 * The handler has authenticated the actor and parsed the action; the business rules are all `decide`'s.
 */
export class CaseActions {
  private readonly now: () => Date;
  constructor(private readonly deps: CaseActionDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  async act(ticketId: string, actor: Actor, action: Action): Promise<ActionOutcome> {
    const { store, policy } = this.deps;
    const result = await decideAndCommit(store, ticketId, (ticket) => decide(lifecycleOf(ticket), action, actor, this.now(), policy)).catch((e: unknown) => {
      if (e instanceof TicketNotFoundError) throw HttpProblem.notFound();
      if (e instanceof ConcurrentChangeError) {
        throw new HttpProblem({ type: 'https://redress.dev/problems/conflict', title: 'Not possible in the current state of the case', status: 409, detail: 'The case kept changing while the action was applied; reload it and try again.' });
      }
      throw e;
    });
    if (result.outcome === 'refused') throw refusalProblem(result.refusal);
    const { ticket, decision, taken } = result;

    if (taken) {
      // `{ ticketId, step, status, waitSeconds, timer }`: the wait puts it into `$.next` and routes on it directly
      // (workflowNext is the workflow's own pure function, so both sides compute the next wait the same way).
      const delivered = await this.deps.callbacks.complete(taken.taskToken, { ticketId, ...workflowNext(decision.state, this.now()) });
      if (delivered === 'gone') {
        // The wait timed out between our read and the callback: the timer's path applies the timeout to the case as
        // committed (nothing is lost or applied twice), but the step this action answered is over. Say so.
        console.warn(JSON.stringify({ level: 'warn', msg: 'task token gone after commit', ticketId, step: decision.signal?.completes }));
        throw new HttpProblem({
          type: 'https://redress.dev/problems/gone',
          title: 'The case or step is already over',
          status: 410,
          detail: `The ${decision.signal?.completes ?? ''} step had already timed out when the action arrived. The action is on the case's timeline; the timeout was applied first. Reload the case.`,
        });
      }
    }

    try {
      await this.deps.notifier.send(policy, ticket, decision.notifications);
    } catch (e) {
      // Committed and the workflow woken: the action stands. The email failure is logged (ids only) for a resend.
      console.error(JSON.stringify({ level: 'error', msg: 'notification failed after commit', ticketId, error: (e as Error)?.name, templates: decision.notifications.map((n) => n.template) }));
    }

    const found = await store.getTicketWithTimeline(ticketId);
    return { ticket: found?.ticket ?? ticket, timeline: found?.timeline ?? [], policy, now: this.now() };
  }
}
