import { randomBytes } from 'node:crypto';
import { auditActorKey, type AuditEntry } from '../domain/access/audit-entry';

/**
 * Where audit entries live in the single table: one copy under the case (`AUDIT#CASE#<id>`), one under the person
 * (`AUDIT#ACTOR#<staff id>` or `AUDIT#ACTOR#system:<process>`; a customer's entries only under the case), so both questions are one Query each without an index. The sort key is the instant
 * and a random suffix: entries in time order, two at the same millisecond both kept.
 */
export const auditCasePk = (caseId: string) => `AUDIT#CASE#${caseId}`;
export const auditActorPk = (staffId: string) => `AUDIT#ACTOR#${staffId}`;

export function auditPartitions(entry: Pick<AuditEntry, 'caseId' | 'actor'>): string[] {
  const actor = auditActorKey(entry.actor);
  return [...(entry.caseId ? [auditCasePk(entry.caseId)] : []), ...(actor ? [auditActorPk(actor)] : [])];
}

export const auditSortKey = (entry: Pick<AuditEntry, 'at'>): string => `${entry.at}#${randomBytes(6).toString('hex')}`;
