import { ConcurrentChangeError, type IncidentFanOutBatch, type IncidentLink, type IncidentStore } from '../../core/ports';
import type { Incident } from '../../domain/incident/incident';

/** The in-memory twin of the DynamoDB incident store (same contract: test/core/incident-store-contract.ts). */
export class InMemoryIncidentStore implements IncidentStore {
  private readonly incidents = new Map<string, Incident>();
  private readonly linked = new Map<string, Map<string, IncidentLink>>();
  private readonly batches = new Map<string, IncidentFanOutBatch>();
  /** Batches queued and not yet taken: what the change stream would deliver (see takeQueued). */
  private pending: IncidentFanOutBatch[] = [];

  async create(incident: Incident): Promise<'created' | 'exists'> {
    if (this.incidents.has(incident.id)) return 'exists';
    this.incidents.set(incident.id, structuredClone(incident));
    return 'created';
  }

  async get(id: string): Promise<Incident | undefined> {
    const found = this.incidents.get(id);
    return found && structuredClone(found);
  }

  async save(read: Incident, next: Incident): Promise<void> {
    if (this.incidents.get(read.id)?.version !== read.version) throw new ConcurrentChangeError(`incident ${read.id} changed`);
    this.incidents.set(read.id, structuredClone({ ...next, version: read.version + 1 }));
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

  async queueFanOut(batches: readonly IncidentFanOutBatch[]): Promise<void> {
    for (const b of batches) {
      const key = `${b.incidentId}/${b.batchId}`;
      if (this.batches.has(key)) continue;
      this.batches.set(key, structuredClone(b));
      this.pending.push(structuredClone(b));
    }
  }

  async fanOutBatch(incidentId: string, batchId: string): Promise<IncidentFanOutBatch | undefined> {
    const found = this.batches.get(`${incidentId}/${batchId}`);
    return found && structuredClone(found);
  }

  /** The newly queued batches, in order, once each: the in-memory stand-in for the change stream's delivery. */
  takeQueued(): IncidentFanOutBatch[] {
    const taken = this.pending;
    this.pending = [];
    return taken;
  }
}
