import type { Case } from '../case';

/**
 * What of a case is personal, written down once: erasure (domain/erasure.ts) replaces exactly these parts, and the
 * DynamoDB case store seals exactly these parts under the customer's personal-data key (crypto-shredding,
 * functions/adapters/crypto/personal-keys.ts). A part added here is both sealed and erased; neither can drift.
 *
 * - the case: the customer (name, address), subject, description, the free-text details (the whole map is sealed;
 *   erasure keeps the fact-typed ones), the rating comment and the identity-check note;
 * - a timeline event: its `message`;
 * - an outbox item: its `content` (the mail's addressee and words).
 */

/** The personal parts of a case, apart from the rest of it. */
export interface CasePersonalData {
  customer: Case['customer'];
  subject: string;
  description: string;
  details: Case['details'];
  csatComment?: string;
  identityNote?: string;
}

/** The case attributes that hold personal parts whole (the lifecycle keeps its other facts in clear). */
export const CASE_PERSONAL_ATTRIBUTES = ['customer', 'subject', 'description', 'details'] as const;
export type CaseWithoutPersonalData = Omit<Case, (typeof CASE_PERSONAL_ATTRIBUTES)[number]>;

/** The event attribute that holds words (a reply, a note, a summary written to the customer). */
export const EVENT_PERSONAL_ATTRIBUTE = 'message' as const;
/** The outbox attribute that holds the mail (addressee, subject, words). */
export const OUTBOX_PERSONAL_ATTRIBUTE = 'content' as const;

/** The case split into its personal parts and the rest (the lifecycle without the comment and the note). */
export function splitPersonalData(c: Case): { rest: CaseWithoutPersonalData; personal: CasePersonalData } {
  const { customer, subject, description, details, ...rest } = c;
  const lifecycle = { ...c.lifecycle };
  const personal: CasePersonalData = { customer, subject, description, details };
  if (lifecycle.csat?.comment !== undefined) {
    const { comment, ...csat } = lifecycle.csat;
    personal.csatComment = comment;
    lifecycle.csat = csat;
  }
  if (lifecycle.identity?.verified?.note !== undefined) {
    const { note, ...verified } = lifecycle.identity.verified;
    personal.identityNote = note;
    lifecycle.identity = { ...lifecycle.identity, verified };
  }
  return { rest: { ...rest, lifecycle }, personal };
}

/** The case again from the rest and its personal parts (the inverse of {@link splitPersonalData}). */
export function joinPersonalData(rest: CaseWithoutPersonalData, personal: CasePersonalData): Case {
  const lifecycle = { ...rest.lifecycle };
  if (personal.csatComment !== undefined && lifecycle.csat) lifecycle.csat = { ...lifecycle.csat, comment: personal.csatComment };
  if (personal.identityNote !== undefined && lifecycle.identity?.verified) {
    lifecycle.identity = { ...lifecycle.identity, verified: { ...lifecycle.identity.verified, note: personal.identityNote } };
  }
  return { ...rest, customer: personal.customer, subject: personal.subject, description: personal.description, details: personal.details, lifecycle };
}
