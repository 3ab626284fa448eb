import { expect } from 'vitest';
import { loadPolicy, type Policy } from '../../../functions/domain/policy';
import type { FinanceSettings } from '../../../functions/domain/policy/finance-schema';
import type { StaffRef } from '../../../functions/domain/finance/refund/model';

export const promptearn = (): Policy => loadPolicy('promptearn');

/** Promptearn's finance settings, as its preset sets them (policies/promptearn.json `finance`). */
export const financeSettings = (): FinanceSettings => {
  const settings = promptearn().finance;
  if (!settings) throw new Error('the promptearn preset sets no finance block');
  return settings;
};

export const staff = {
  agent: { staffId: 'agent-1', role: 'agent', name: 'Ada' },
  agent2: { staffId: 'agent-2', role: 'agent', name: 'Bola' },
  senior: { staffId: 'senior-1', role: 'senior' },
  finance: { staffId: 'fin-1', role: 'finance', name: 'Funmi' },
  finance2: { staffId: 'fin-2', role: 'finance', name: 'Femi' },
} satisfies Record<string, StaffRef>;

export const system = { role: 'system' } as const;
export const provider = { role: 'provider' } as const;

/** Narrows an outcome that must be ok, failing the test with the refusal's words otherwise. */
export function mustBeOk<T extends { ok: boolean }>(outcome: T): Extract<T, { ok: true }> {
  if (!outcome.ok) expect.fail(`expected ok, got ${JSON.stringify(outcome)}`);
  return outcome as Extract<T, { ok: true }>;
}
