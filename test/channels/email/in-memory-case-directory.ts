import { messageIdKey } from '../../../functions/channels/email/case-reference';
import type { CaseDirectory } from '../../../functions/core/ports';

/** Cases with their customer and the Message-IDs sent about them, as the core's store would answer. */
export class InMemoryCaseDirectory implements CaseDirectory {
  private readonly customers = new Map<string, string>();
  private readonly sent = new Map<string, string>();
  readonly lookups: string[][] = [];

  withCase(caseId: string, customerEmail: string, sentMessageIds: string[] = []): this {
    this.customers.set(caseId, customerEmail);
    for (const id of sentMessageIds) this.sent.set(messageIdKey(id), caseId);
    return this;
  }

  async caseForSentMessage(keys: readonly string[]): Promise<string | undefined> {
    this.lookups.push([...keys]);
    return keys.map((k) => this.sent.get(k)).find((c) => c !== undefined);
  }

  async customerOf(caseId: string): Promise<{ email: string } | undefined> {
    const email = this.customers.get(caseId);
    return email ? { email } : undefined;
  }
}
