import type { ClockName } from '../policy/schema';

/**
 * The promises whose verdict a KPI fact carries. Recurring clocks (nextReply, periodicUpdate) are left out: the
 * lifecycle keeps only their latest run. A file of its own with a type-only import, so the policy schema can take
 * the KPI targets (which name these clocks) without an import cycle.
 */
export const SLA_CLOCKS = ['acknowledgment', 'firstResponse', 'infoRequest', 'resolution', 'seniorResponse', 'disputeUpdate', 'disputeDecision', 'maxProcessing'] as const satisfies readonly ClockName[];
export type SlaClock = (typeof SLA_CLOCKS)[number];
