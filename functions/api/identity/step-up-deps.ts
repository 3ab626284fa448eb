import { caseStoreFromEnv, mailerFromEnv, rateLimiterFromEnv, stepUpStoreFromEnv, systemClock } from '../../adapters/wiring';
import type { StepUpDeps } from '../../core/use-cases/step-up';

/** The step-up use cases' adapters, built once per container. */
export const stepUpDepsFromEnv = (): StepUpDeps => ({ store: caseStoreFromEnv(), stepUps: stepUpStoreFromEnv(), limits: rateLimiterFromEnv(), mailer: mailerFromEnv(), now: systemClock });
