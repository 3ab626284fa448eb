import { decideAndCommit } from '../../functions/core/commit-loop';
import type { CaseStore } from '../../functions/core/ports';
import { lifecycleOf, type Case } from '../../functions/domain/case';
import { decide } from '../../functions/domain/lifecycle/decide';
import type { Actor } from '../../functions/domain/lifecycle/model';

type Action = { type: string } & Record<string, unknown>;
import { openedCase } from '../api/fixtures';

/** What a queue test varies on a case; the rest is the promptearn payout-delay complaint of test/api/fixtures.ts. */
export interface Seed {
  receivedAt: Date;
  category?: string;
  department?: string;
  priority?: string;
  channel?: Case['channel'];
  subject?: string;
  description?: string;
  email?: string;
}

/**
 * A case written through the store and acknowledged through the one commit path (so its queue keys, clocks and
 * `updatedAt` are what production would store), then the given actions, each at its own instant.
 */
export async function seedCase(store: CaseStore, seed: Seed, steps: [Action, Actor, Date][] = []): Promise<Case> {
  const o = openedCase(crypto.randomUUID(), seed.receivedAt);
  const category = seed.category ?? o.theCase.category;
  const priority = seed.priority ?? o.theCase.priority;
  const channel = seed.channel ?? o.theCase.channel;
  const department = seed.department ?? o.theCase.department;
  const theCase: Case = {
    ...o.theCase,
    category,
    priority,
    channel,
    department,
    subject: seed.subject ?? o.theCase.subject,
    description: seed.description ?? o.theCase.description,
    customer: { ...o.theCase.customer, email: seed.email ?? o.theCase.customer.email },
    lifecycle: { ...o.theCase.lifecycle, category, priority, channel, department },
  };
  await store.create(theCase, o.firstEvent);
  const ackAt = new Date(seed.receivedAt.getTime() + 60_000);
  let last = await act(store, theCase.id, { type: 'acknowledge' }, { role: 'system' }, ackAt, o.policy);
  for (const [action, actor, at] of steps) last = await act(store, theCase.id, action, actor, at, o.policy);
  return last;
}

/** One more action on a seeded case, through the commit path. */
export async function act(store: CaseStore, id: string, action: Action, actor: Actor, at: Date, policy = openedCase().policy): Promise<Case> {
  const r = await decideAndCommit(store, id, (t) => ({
    decision: decide(lifecycleOf(t), action, actor, at, policy),
    ...(action.type === 'acknowledge' ? { set: { acknowledgedAt: at.toISOString() }, remove: ['accessTokenForDelivery' as const] } : {}),
  }));
  if (r.outcome !== 'committed') throw new Error(`${action.type} refused: ${JSON.stringify(r)}`);
  return r.theCase;
}
