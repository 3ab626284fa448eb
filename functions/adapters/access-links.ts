import type { AccessLinks } from '../core/ports';
import { signAccessLink, verifyAccessLink, type AccessLinkKeys, type AccessPurpose } from '../domain/access-link';

/**
 * The access-link port over a set of signing secrets obtained once: on AWS the first call fetches them from
 * Secrets Manager (see `accessLinksFromEnv`) and every later call in the container reuses them. A failed fetch is
 * not kept, so the next request tries again.
 */
export class SecretAccessLinks implements AccessLinks {
  private keys: Promise<AccessLinkKeys> | undefined;

  constructor(private readonly load: () => Promise<readonly [string, ...string[]]>) {}

  async sign(caseId: string, purpose: AccessPurpose, expiresAt: Date): Promise<string> {
    return signAccessLink(await this.loaded(), caseId, purpose, expiresAt);
  }

  async verify(caseId: string, link: string, now: Date): Promise<AccessPurpose | undefined> {
    return verifyAccessLink(await this.loaded(), caseId, link, now);
  }

  private loaded(): Promise<AccessLinkKeys> {
    this.keys ??= this.load().then(
      (secrets) => ({ secrets }),
      (err: unknown) => {
        this.keys = undefined;
        throw err;
      },
    );
    return this.keys;
  }
}
