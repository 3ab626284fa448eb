import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import * as z from '../zod';
import { financeDecides } from '../lifecycle/ladder';
import type { Policy } from '../policy';

/**
 * Customer step-up: before a sensitive operation the customer proves control of the case's email with a one-time
 * code. Short-lived, a few attempts then a lock-out, the code kept only as a salted hash. Pure rules on a
 * challenge value; the store and the mail are the use case's.
 */

export const STEP_UP = {
  digits: 6,
  /** How long a code works. */
  ttlSeconds: 10 * 60,
  /** Wrong codes allowed before the lock-out. */
  maxAttempts: 5,
  lockoutSeconds: 15 * 60,
  /** How long a verification opens the sensitive operations. */
  validSeconds: 30 * 60,
} as const;

const instant = z.iso.datetime({ offset: true });

export const StepUpChallengeSchema = z.strictObject({
    caseId: z.string().check(z.minLength(1)),
    salt: z.string().check(z.minLength(16)),
    codeHash: z.string().check(z.length(64)),
    issuedAt: instant,
    expiresAt: instant,
    attempts: z.number().check(z.int(), z.nonnegative()),
    lockedUntil: z.optional(instant),
    usedAt: z.optional(instant),
  });
export type StepUpChallenge = z.infer<typeof StepUpChallengeSchema>;

/** What staff see on a case: that the customer proved control of the case's email, when, and how. */
export const StepUpVerificationSchema = z.strictObject({ verifiedAt: instant, method: z.literal('email_code'), validUntil: instant });
export type StepUpVerification = z.infer<typeof StepUpVerificationSchema>;

// A fast hash with a per-challenge salt: a 6-digit code is guessable offline in a second, but only useful for
// ten minutes and five tries, so the salt's job is only that equal codes never look equal in the table.
const hashCode = (salt: string, code: string) => createHash('sha256').update(`${salt}:${code}`, 'utf8').digest('hex');
const plus = (at: Date, seconds: number) => new Date(at.getTime() + seconds * 1000).toISOString();

export function issueChallenge(caseId: string, now: Date, salt: string): { challenge: StepUpChallenge; code: string } {
  const code = String(randomInt(0, 10 ** STEP_UP.digits)).padStart(STEP_UP.digits, '0');
  return { code, challenge: { caseId, salt, codeHash: hashCode(salt, code), issuedAt: now.toISOString(), expiresAt: plus(now, STEP_UP.ttlSeconds), attempts: 0 } };
}

/** Seconds until a locked-out case may ask for or try a code again; 0 when it is not locked. */
export const lockedFor = (c: StepUpChallenge | undefined, now: Date): number =>
  c?.lockedUntil && Date.parse(c.lockedUntil) > now.getTime() ? Math.ceil((Date.parse(c.lockedUntil) - now.getTime()) / 1000) : 0;

export type CodeCheck =
  | { result: 'verified'; challenge: StepUpChallenge; verification: StepUpVerification }
  | { result: 'wrong'; challenge: StepUpChallenge; attemptsLeft: number }
  | { result: 'locked'; challenge: StepUpChallenge; retryAfterSeconds: number }
  | { result: 'expired' | 'used' | 'none' };

/** Checks a presented code; every outcome that changes the challenge returns the challenge to store. */
export function checkCode(c: StepUpChallenge | undefined, code: string, now: Date): CodeCheck {
  if (!c) return { result: 'none' };
  const locked = lockedFor(c, now);
  if (locked > 0) return { result: 'locked', challenge: c, retryAfterSeconds: locked };
  if (c.usedAt) return { result: 'used' };
  if (Date.parse(c.expiresAt) <= now.getTime()) return { result: 'expired' };
  const presented = Buffer.from(hashCode(c.salt, /^\d{6}$/.test(code) ? code : 'x'), 'hex');
  if (timingSafeEqual(presented, Buffer.from(c.codeHash, 'hex'))) {
    const verifiedAt = now.toISOString();
    return { result: 'verified', challenge: { ...c, usedAt: verifiedAt }, verification: { verifiedAt, method: 'email_code', validUntil: plus(now, STEP_UP.validSeconds) } };
  }
  const attempts = c.attempts + 1;
  if (attempts >= STEP_UP.maxAttempts) return { result: 'locked', challenge: { ...c, attempts, lockedUntil: plus(now, STEP_UP.lockoutSeconds) }, retryAfterSeconds: STEP_UP.lockoutSeconds };
  return { result: 'wrong', challenge: { ...c, attempts }, attemptsLeft: STEP_UP.maxAttempts - attempts };
}

/** `ada@example.com` → `a***@example.com`: enough for the customer to recognise, nothing for anyone else. */
export const maskEmail = (email: string): string => email.replace(/^(.)[^@]*@/, '$1***@');

/**
 * The operations a case needs a fresh step-up for (the policy names them through its categories):
 * - exporting, erasing or correcting the customer's personal data, always;
 * - seeing the payout details (the fields the policy marks `payout`) on the customer's case view;
 * - escalating a complaint about money (a category that collects a money field, such as a payout or a refund,
 *   or one finance decides): the escalation reopens payout details to more people;
 * - every customer action on a case whose category the policy flags `verify_identity` (Earnway's account-security
 *   and transaction cases).
 */
export type SensitiveOperation = 'export' | 'erase' | 'correct' | 'escalate' | 'customer_action' | 'payout_details';
export function stepUpRequired(policy: Policy, category: string, operation: SensitiveOperation): boolean {
  if (operation === 'export' || operation === 'erase' || operation === 'correct') return true;
  // Seeing payout details: the fields the policy marks `payout` (seeds 000 and 001: sensitive operations).
  if (operation === 'payout_details') return Boolean(policy.categories.find((x) => x.slug === category)?.details.some((f) => f.payout === true));
  const c = policy.categories.find((x) => x.slug === category);
  if (c?.flags.includes('verify_identity')) return true;
  return operation === 'escalate' && (financeDecides(policy, category) || Boolean(c?.details.some((f) => f.type === 'money')));
}

/** A customer's action as a sensitive operation: disputing the resolution escalates the case. */
export const customerActionOperation = (actionType: string): SensitiveOperation => (actionType === 'dispute' ? 'escalate' : 'customer_action');

/** Whether a stored verification still opens the sensitive operations at `now`. */
export const isFreshlyVerified = (v: StepUpVerification | undefined, now: Date): boolean => Boolean(v && Date.parse(v.validUntil) > now.getTime());
