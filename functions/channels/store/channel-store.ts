import type { CaseDirectory, InboundClaims, SeenMessages, SocialThreads } from '../../core/ports';
import type { DmDirectory } from '../social/receive-dm-webhook';

/**
 * What the channels keep in the table besides cases: delivery claims, the social sender → case links, and the
 * Message-IDs of mail we sent (SES's own ids, see `messageIdKey`) → case. One interface, a DynamoDB adapter and an
 * in-memory twin; both answer the routing lookups (`CaseDirectory`, `DmDirectory`).
 */
export interface ChannelStore extends InboundClaims, SeenMessages, SocialThreads, CaseDirectory, DmDirectory {
  /** Remembers a Message-ID we sent about a case, by `messageIdKey`, so that an In-Reply-To finds the case. */
  recordSent(key: string, caseId: string): Promise<void>;
}

/** How long a sent Message-ID is remembered: a customer may answer a months-old mail. */
export const SENT_MESSAGE_TTL_MS = 400 * 24 * 3600_000;
/** The statuses after which a DM opens a new case instead of threading into the old one. */
export const FINAL = new Set(['closed', 'mediation_recommended']);
