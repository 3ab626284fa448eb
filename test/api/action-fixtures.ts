import { decide } from '../../functions/domain/lifecycle/decide';
import type { LifecycleEvent } from '../../functions/domain/lifecycle/events';
import type { Action } from '../../functions/domain/lifecycle/actions';
import type { Actor } from '../../functions/domain/lifecycle/model';
import { lifecycleOf, type Case } from '../../functions/domain/case';
import { httpEvent } from './events';
import { openedCase } from './fixtures';

/** A case moved through `decide` as the workflow and staff would (acknowledge, then any further actions). */
export function caseAfter(steps: [Action, Actor][], at = new Date('2026-11-23T10:05:00Z')) {
  const opened = openedCase();
  let theCase: Case = opened.theCase;
  const events: LifecycleEvent[] = [opened.firstEvent];
  for (const [i, [action, actor]] of ([[{ type: 'acknowledge' }, { role: 'system' }], ...steps] as [Action, Actor][]).entries()) {
    // A customer step acts on this case: `caseId: ''` in a fixture means "the fixture's own case".
    const who = actor.role === 'customer' ? { role: 'customer' as const, caseId: theCase.id } : actor;
    const d = decide(lifecycleOf(theCase), action, who, new Date(at.getTime() + i * 60_000), opened.policy);
    if (!d.ok) throw new Error(`fixture step ${action.type} refused: ${d.problem.detail}`);
    theCase = { ...theCase, lifecycle: d.state, status: d.state.status, eventSeq: d.state.eventSeq, updatedAt: d.state.updatedAt };
    events.push(...d.events);
  }
  return { ...opened, theCase, events };
}

export const agent: Actor = { role: 'agent', staffId: 'agent-1', name: 'Agent One' };

/** An HTTP API event on a JWT route, with the claims the authorizer verified. */
export function jwtEvent(init: Parameters<typeof httpEvent>[0] & { claims?: Record<string, unknown>; query?: Record<string, string> }) {
  const e = httpEvent(init);
  return {
    ...e,
    ...(init.query ? { queryStringParameters: init.query } : {}),
    requestContext: { ...e.requestContext, ...(init.claims ? { authorizer: { jwt: { claims: init.claims, scopes: [] } } } : {}) },
  };
}

/** The claims of a Cognito access token as the JWT authorizer hands them on (an ID token is refused). */
export const claims = (groups: string[] | string, sub = 'agent-1') => ({ sub, email: `${sub}@promptearn.example`, 'cognito:groups': groups, token_use: 'access', client_id: 'staff-console' });
