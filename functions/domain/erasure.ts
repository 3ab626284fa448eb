import type { OutboxMessage } from '../core/outbox';
import type { Case } from './case';
import type { LifecycleEvent } from './lifecycle/events';
import type { Policy } from './policy';
import { EVENT_PERSONAL_ATTRIBUTE, joinPersonalData, OUTBOX_PERSONAL_ATTRIBUTE, splitPersonalData, type CasePersonalData } from './privacy/personal-data';

/**
 * What erasure makes of each item of a case: the facts that KPIs, finance and the audit count stay (category,
 * priority, department, status, clocks, breaches, levels, amounts, dates, event types and times), the personal data
 * goes (name, address, subject, description, free-text details, sealed values, message texts, the customer's rating
 * comment, the identity-check note, unsent mail bodies). The per-customer data key is destroyed beside it
 * (FieldCipher.shred), so any sealed copy left anywhere (a backup, a stream record) cannot be opened.
 */

export const ERASED = '(erased)';
/** Valid for the case schema, deliverable nowhere (RFC 2606 `.invalid`). */
export const ERASED_EMAIL = 'erased@erased.invalid';

/** Detail types that are facts rather than words: kept (amounts count in finance totals; dates in clocks). */
const FACT_TYPES = new Set(['money', 'enum', 'date', 'dateTime']);

export interface CaseEraser {
  theCase(c: Case): Case;
  event(e: LifecycleEvent): LifecycleEvent;
  outbox(m: OutboxMessage): OutboxMessage;
}

/**
 * The personal parts as erasure leaves them (domain/privacy/personal-data.ts lists them): placeholders for the name,
 * address and texts, only the fact-typed details that are not sensitive. Also what a case sealed under a destroyed
 * key reads as (a restored backup, a race with erasure): erased, never an error.
 */
export function erasedPersonalData(policy: Policy | undefined, category: string, personal: CasePersonalData): CasePersonalData {
  const specs = policy?.categories.find((x) => x.slug === category)?.details ?? [];
  const details = Object.fromEntries(
    Object.entries(personal.details).filter(([name]) => {
      const spec = specs.find((s) => s.name === name);
      return spec !== undefined && FACT_TYPES.has(spec.type) && spec.sensitive !== true;
    }),
  );
  return { customer: { name: ERASED, email: ERASED_EMAIL }, subject: ERASED, description: ERASED, details };
}

export function caseEraser(policy: Policy, at: string): CaseEraser {
  return {
    theCase(c) {
      const { rest, personal } = splitPersonalData(c);
      const { sealed: _sealed, accessTokenForDelivery: _token, ...kept } = rest;
      return { ...joinPersonalData(kept, erasedPersonalData(policy, c.category, personal)), erasedAt: c.erasedAt ?? at };
    },
    event: (e) => withoutKey(e, EVENT_PERSONAL_ATTRIBUTE),
    // An unsent message would go to nobody now: closed as sent at the erasure, without its body.
    outbox: (m) =>
      m.sentAt !== undefined ? withoutKey(m, OUTBOX_PERSONAL_ATTRIBUTE) : { ...withoutKey(m, OUTBOX_PERSONAL_ATTRIBUTE), sentAt: at, lastError: 'erased before sending' },
  };
}

function withoutKey<T extends object, K extends keyof T>(o: T, key: K): Omit<T, K> & Partial<Pick<T, K>> {
  const copy = { ...o };
  delete copy[key];
  return copy;
}
