import type { AuditTrail } from '../../core/use-cases/audit-trail';
import { auditLogFromEnv, systemClock } from '../../adapters/wiring';

/** The audit trail a staff handler passes its use case: the log, the route as API Gateway names it, the clock. */
export const staffAuditTrail = (route: string): AuditTrail => ({ log: auditLogFromEnv(), route, now: systemClock });
