import { caseStoreFromEnv, legalHoldStoreFromEnv, systemClock } from '../../adapters/wiring';
import type { ManualHoldDeps } from '../../core/use-cases/legal-hold';
import { staffAuditTrail } from '../identity/staff-audit-trail';

/** What the two legal-hold routes share: the case (to know it exists), the holds, the clock, their audit trail. */
export const legalHoldDeps = (route: string): ManualHoldDeps => ({ store: caseStoreFromEnv(), holds: legalHoldStoreFromEnv(), now: systemClock, audit: staffAuditTrail(route) });
