import { accessLinksFromEnv, caseStoreFromEnv, mailerFromEnv, rateLimiterFromEnv, stepUpStoreFromEnv, systemClock } from '../../adapters/wiring';
import type { StepUpCheckDeps, StepUpDeps } from '../../core/use-cases/step-up';

/**
 * What checking a code needs, built once per container: no mailer (the verify function is given no SES access). The
 * access links let a customer who opened the case from an email link (not its access token) step up too.
 */
export const stepUpCheckDepsFromEnv = (): StepUpCheckDeps => ({ store: caseStoreFromEnv(), stepUps: stepUpStoreFromEnv(), limits: rateLimiterFromEnv(), links: accessLinksFromEnv(), now: systemClock });

/** What sending a code needs: the same, and the mailer. */
export const stepUpDepsFromEnv = (): StepUpDeps => ({ ...stepUpCheckDepsFromEnv(), mailer: mailerFromEnv() });
