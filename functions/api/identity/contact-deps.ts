import { caseStoreFromEnv, fieldCipherFromEnv, policiesFromEnv, systemClock } from '../../adapters/wiring';
import type { CorrectContactDeps } from '../../core/use-cases/correct-contact';

/** What a correction needs, once per container: the cases, and the field cipher to re-seal under a new address's key. */
export const correctContactDepsFromEnv = (): CorrectContactDeps => ({ store: caseStoreFromEnv(), policies: policiesFromEnv(), cipher: fieldCipherFromEnv(), now: systemClock });
