import type { AuditLog, AuditPage, AuditSubject } from '../../core/ports';
import { AuditEntrySchema, type AuditEntry } from '../../domain/access/audit-entry';
import { auditActorPk, auditCasePk, auditPartitions, auditSortKey } from '../audit-keys';

/** The audit log in memory, with the DynamoDB log's keys and order (newest first, `before` an opaque sort key). */
export class InMemoryAuditLog implements AuditLog {
  private readonly partitions = new Map<string, { sk: string; entry: AuditEntry }[]>();

  async append(entry: AuditEntry): Promise<void> {
    const valid = AuditEntrySchema.parse(entry);
    const sk = auditSortKey(valid);
    for (const pk of auditPartitions(valid)) this.partitions.set(pk, [...(this.partitions.get(pk) ?? []), { sk, entry: structuredClone(valid) }]);
  }

  async page(subject: AuditSubject, request: { limit: number; before?: string }): Promise<AuditPage> {
    const pk = 'caseId' in subject ? auditCasePk(subject.caseId) : auditActorPk(subject.actor);
    const newestFirst = [...(this.partitions.get(pk) ?? [])].sort((a, b) => (a.sk < b.sk ? 1 : -1)).filter((e) => request.before === undefined || e.sk < request.before);
    const page = newestFirst.slice(0, request.limit);
    const more = newestFirst.length > page.length;
    return { entries: page.map((e) => structuredClone(e.entry)), ...(more ? { before: page.at(-1)!.sk } : {}) };
  }

  /** Every entry, for tests. */
  all(): AuditEntry[] {
    const seen = new Map<string, AuditEntry>();
    for (const items of this.partitions.values()) for (const i of items) seen.set(i.sk, i.entry);
    return [...seen.values()];
  }
}
