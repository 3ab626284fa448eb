import { caseStoreFromEnv, workflowStarterFromEnv } from '../adapters/wiring';
import { redriveIntake } from '../core/use-cases/redrive-intake';

/** Scheduled (every 5 minutes): starts the workflow of accepted complaints whose start failed after their write. */

const deps = { store: caseStoreFromEnv(), workflow: workflowStarterFromEnv() };

export const handler = async () => redriveIntake(deps, new Date());
