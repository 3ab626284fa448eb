import * as z from 'zod';
import { caseStoreFromEnv, mailerFromEnv, notifierFromEnv, policiesFromEnv, publicBaseUrlFromEnv, systemClock } from '../adapters/wiring';
import { acknowledge } from '../core/use-cases/acknowledge';

/** State `Acknowledge`: `{ caseId }` → `$.next` `{ step, status, waitSeconds, timer? }` (docs/contracts.md). */

const mailer = mailerFromEnv();
const deps = { store: caseStoreFromEnv(), mailer, notifier: notifierFromEnv(mailer), policies: policiesFromEnv(), publicBaseUrl: publicBaseUrlFromEnv(), now: systemClock };

export const AcknowledgeInputSchema = z.object({ caseId: z.uuid() });

export const handler = async (event: unknown) => acknowledge(deps, AcknowledgeInputSchema.parse(event).caseId);
