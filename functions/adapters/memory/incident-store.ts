import { ConcurrentChangeError, type IncidentFanOutBatch, type IncidentFanOutCursor, type IncidentFanOutPlan, type IncidentLink, type IncidentStore } from '../../core/ports';
import type { Incident } from '../../domain/incident/incident';

/**
 * The in-memory twin of the DynamoDB incident store (same contract: test/core/incident-store-contract.ts). Each write
 * checks every condition before it changes anything, as the table's transaction does: an incident's change and its
 * fan-out are stored both or neither.
 */
export class InMemoryIncidentStore implements IncidentStore {
  private readonly incidents = new Map<string, Incident>();
  private readonly linked = new Map<string, Map<string, IncidentLink>>();
  private readonly batches = new Map<string, IncidentFanOutBatch>();
  private readonly cursors = new Map<string, IncidentFanOutCursor>();
  /** Fan-out items queued and not yet taken: what the change stream would deliver (see takeQueued). */
  private pending: (IncidentFanOutBatch | IncidentFanOutCursor)[] = [];

  async create(incident: Incident, fanOut?: IncidentFanOutPlan): Promise<'created' | 'exists'> {
    if (this.incidents.has(incident.id)) return 'exists';
    this.refuseQueued(fanOut);
    this.incidents.set(incident.id, structuredClone(incident));
    this.enqueue(fanOut);
    return 'created';
  }

  async get(id: string): Promise<Incident | undefined> {
    const found = this.incidents.get(id);
    return found && structuredClone(found);
  }

  async save(read: Incident, next: Incident, fanOut?: IncidentFanOutPlan): Promise<void> {
    if (this.incidents.get(read.id)?.version !== read.version) throw new ConcurrentChangeError(`incident ${read.id} changed`);
    this.refuseQueued(fanOut);
    this.incidents.set(read.id, structuredClone({ ...next, version: read.version + 1 }));
    this.enqueue(fanOut);
  }

  async list(): Promise<Incident[]> {
    return [...this.incidents.values()].sort((a, b) => b.declaredAt.localeCompare(a.declaredAt)).map((i) => structuredClone(i));
  }

  async link(incidentId: string, caseId: string, at: string): Promise<void> {
    const links = this.linked.get(incidentId) ?? new Map<string, IncidentLink>();
    this.linked.set(incidentId, links);
    if (!links.has(caseId)) links.set(caseId, { incidentId, caseId, linkedAt: at });
  }

  async links(incidentId: string): Promise<IncidentLink[]> {
    return [...(this.linked.get(incidentId)?.values() ?? [])].sort((a, b) => a.caseId.localeCompare(b.caseId)).map((l) => structuredClone(l));
  }

  async closeLink(incidentId: string, caseId: string, closed: NonNullable<IncidentLink['closed']>): Promise<void> {
    const link = this.linked.get(incidentId)?.get(caseId);
    if (link) link.closed = { ...closed };
  }

  async queueFanOut(plan: IncidentFanOutPlan): Promise<void> {
    if (this.anyQueued(plan)) return; // a redelivered cursor: its plan was queued whole before
    this.enqueue(plan);
  }

  async fanOutBatch(incidentId: string, batchId: string): Promise<IncidentFanOutBatch | undefined> {
    const found = this.batches.get(`${incidentId}/${batchId}`);
    return found && structuredClone(found);
  }

  async fanOutCursor(incidentId: string, cursorId: string): Promise<IncidentFanOutCursor | undefined> {
    const found = this.cursors.get(`${incidentId}/${cursorId}`);
    return found && structuredClone(found);
  }

  private anyQueued(plan: IncidentFanOutPlan | undefined): boolean {
    return Boolean(plan && (plan.batches.some((b) => this.batches.has(`${b.incidentId}/${b.batchId}`)) || (plan.cursor && this.cursors.has(`${plan.cursor.incidentId}/${plan.cursor.cursorId}`))));
  }

  /** As the table's transaction cancels when an item it inserts exists: an error, nothing written. */
  private refuseQueued(plan: IncidentFanOutPlan | undefined): void {
    const items = 1 + (plan?.batches.length ?? 0) + (plan?.cursor ? 1 : 0);
    if (items > 100) throw new Error(`an incident write of ${items} items exceeds a DynamoDB transaction (100); fan-out-plan.ts bounds it`);
    if (this.anyQueued(plan)) throw new Error('a fan-out item of this write is already queued; nothing was written');
  }

  private enqueue(plan: IncidentFanOutPlan | undefined): void {
    for (const b of plan?.batches ?? []) this.batches.set(`${b.incidentId}/${b.batchId}`, structuredClone(b));
    if (plan?.cursor) this.cursors.set(`${plan.cursor.incidentId}/${plan.cursor.cursorId}`, structuredClone(plan.cursor));
    this.pending.push(...structuredClone([...(plan?.batches ?? []), ...(plan?.cursor ? [plan.cursor] : [])]));
  }

  /** The newly queued fan-out items, in order, once each: the in-memory stand-in for the change stream's delivery. */
  takeQueued(): (IncidentFanOutBatch | IncidentFanOutCursor)[] {
    const taken = this.pending;
    this.pending = [];
    return taken;
  }
}
