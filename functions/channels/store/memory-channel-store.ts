import type { CaseStore } from '../../core/ports';
import { FINAL, type ChannelStore } from './channel-store';

/** The channel store in memory (simulator, fast tests): the same answers as the DynamoDB one. */
export class InMemoryChannelStore implements ChannelStore {
  private readonly claims = new Map<string, number>();
  private readonly links = new Map<string, string>();
  private readonly sent = new Map<string, string>();

  constructor(
    private readonly cases: Pick<CaseStore, 'get'>,
    private readonly now: () => number = Date.now,
  ) {}

  async claim(key: string, expiresAt: number): Promise<boolean> {
    const held = this.claims.get(key);
    if (held !== undefined && held > this.now()) return false;
    this.claims.set(key, expiresAt);
    return true;
  }
  async release(key: string): Promise<void> {
    this.claims.delete(key);
  }
  async link(platform: string, senderId: string, caseId: string): Promise<void> {
    this.links.set(`${platform}#${senderId}`, caseId);
  }
  async caseOf(platform: string, senderId: string): Promise<string | undefined> {
    return this.links.get(`${platform}#${senderId}`);
  }
  async openCaseOf(platform: string, senderId: string): Promise<string | undefined> {
    const caseId = await this.caseOf(platform, senderId);
    const theCase = caseId ? await this.cases.get(caseId) : undefined;
    return theCase && !FINAL.has(theCase.status) ? theCase.id : undefined;
  }
  async recordSent(key: string, caseId: string): Promise<void> {
    this.sent.set(key, caseId);
  }
  async caseForSentMessage(keys: readonly string[]): Promise<string | undefined> {
    return keys.map((k) => this.sent.get(k)).find((c) => c !== undefined);
  }
  async customerOf(caseId: string): Promise<{ email: string } | undefined> {
    const theCase = await this.cases.get(caseId);
    return theCase ? { email: theCase.customer.email } : undefined;
  }
}
