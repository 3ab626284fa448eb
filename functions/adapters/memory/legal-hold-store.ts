import type { LegalHoldStore } from '../../core/ports';
import type { ManualHold } from '../../domain/privacy/legal-hold';

/** The in-memory twin of the DynamoDB legal-hold store (same contract: test/core/legal-hold-store-contract.ts). */
export class InMemoryLegalHoldStore implements LegalHoldStore {
  private readonly holds = new Map<string, ManualHold>();

  async get(caseId: string): Promise<ManualHold | undefined> {
    const found = this.holds.get(caseId);
    return found && structuredClone(found);
  }

  async place(hold: ManualHold): Promise<'placed' | 'held'> {
    if (this.holds.has(hold.caseId)) return 'held';
    this.holds.set(hold.caseId, structuredClone(hold));
    return 'placed';
  }

  async release(caseId: string): Promise<ManualHold | undefined> {
    const found = this.holds.get(caseId);
    this.holds.delete(caseId);
    return found;
  }
}
