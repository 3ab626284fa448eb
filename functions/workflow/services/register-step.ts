import { stepOf } from '../../domain/lifecycle';
import type { CaseStore } from './case-store';

export interface RegisterStepInput {
  ticketId: string;
  taskToken: string;
  step: string;
  enteredAt?: string;
  attempt?: number;
}

/** The case is no longer in the step this wait was entered for: a human was faster than the registration. */
export class StepMovedOnError extends Error {
  override name = 'StepMovedOnError';
}

/**
 * A callback wait: stores `{ taskToken, registeredAt, generation }` under `tasks[step]`, on condition that the case
 * is still in that step (checked on the ticket version the write is conditioned on). When the case moved on in
 * between, throws {@link StepMovedOnError}: the wait's Catch goes to `Apply due clocks`, which re-reads the case and
 * routes it (no token is left behind, no SendTaskSuccess from here). A change that keeps the step (a note, a
 * claim) just registers again on the fresh version.
 */
export async function registerStep(store: CaseStore, input: RegisterStepInput, now: Date = new Date()) {
  const generation = input.enteredAt ? `${input.enteredAt}#${String(input.attempt ?? 0).padStart(4, '0')}` : undefined;
  for (let attempt = 0; attempt < 5; attempt++) {
    const record = await store.load(input.ticketId);
    if (!record.lifecycle || stepOf(record.lifecycle) !== input.step) {
      throw new StepMovedOnError(`ticket ${input.ticketId} is no longer in step ${input.step}`);
    }
    const result = await store.registerTaskToken(record, input.step, { taskToken: input.taskToken, registeredAt: now.toISOString(), generation });
    if (result !== 'moved') return { registered: result };
  }
  throw new StepMovedOnError(`ticket ${input.ticketId} keeps changing; routing again`);
}
