import { randomBytes } from 'node:crypto';
import { clientKey } from '../client-key';
import type { Case } from '../../domain/case';
import { checkCode, isFreshlyVerified, issueChallenge, lockedFor, maskEmail, STEP_UP, stepUpRequired, type SensitiveOperation, type StepUpVerification } from '../../domain/identity/step-up';
import type { Policy } from '../../domain/policy';
import { notFound, refused, type Outcome, type Refused } from '../outcomes';
import type { AccessLinks, CaseStore, Clock, Mailer, RateLimiter, StepUpStore } from '../ports';
import { customerMayOpen } from '../customer-access';

export interface StepUpDeps {
  store: CaseStore;
  stepUps: StepUpStore;
  limits: RateLimiter;
  mailer: Mailer;
  now: Clock;
  /** Lets a signed access link granting `act` open the case as the access token does (see `customerMayOpen`). */
  links?: AccessLinks;
}

/** Checking a code mails nothing. */
export type StepUpCheckDeps = Omit<StepUpDeps, 'mailer'>;

/** Codes asked for per address and per client (source address), and guesses per client, each per hour. */
export const STEP_UP_LIMITS = { codesPerAddress: 5, codesPerClient: 20, guessesPerClient: 30, windowSeconds: 3600 } as const;

const lockedOut = (seconds: number): Refused => ({
  ...refused('rate_limited', `Too many wrong codes. For your security, codes for this case are locked; ask for a new code in ${Math.ceil(seconds / 60)} minutes.`),
  retryAfterSeconds: seconds,
});

async function limited(deps: StepUpCheckDeps, key: string, limit: number): Promise<Refused | undefined> {
  const hit = await deps.limits.hit(key, limit, STEP_UP_LIMITS.windowSeconds);
  return hit.allowed ? undefined : { ...refused('rate_limited', `Too many requests; try again in ${Math.ceil(hit.retryAfterSeconds / 60)} minutes.`), retryAfterSeconds: hit.retryAfterSeconds };
}

async function openedCase(deps: StepUpCheckDeps, caseId: string, accessToken: string | undefined): Promise<Case | undefined> {
  const theCase = accessToken ? await deps.store.get(caseId) : undefined;
  return theCase && (await customerMayOpen(deps.links, theCase, accessToken, 'act', deps.now())) ? theCase : undefined;
}

/**
 * Sends a one-time code to the case's email. The case is opened with its access token like every customer route
 * (a wrong one is the same 404 as a missing case); the answer names the address only masked. Limited per address
 * and per client, and refused while the case is locked out after too many wrong codes.
 */
export async function requestStepUp(deps: StepUpDeps, caseId: string, accessToken: string | undefined, client: string): Promise<Outcome<{ sentTo: string; expiresAt: string }>> {
  const theCase = await openedCase(deps, caseId, accessToken);
  if (!theCase) return notFound();
  const tooMany = (await limited(deps, `stepup-send:client:${clientKey(client)}`, STEP_UP_LIMITS.codesPerClient)) ?? (await limited(deps, `stepup-send:${(await deps.store.customerKeysOf(theCase.customer.email))[0]}`, STEP_UP_LIMITS.codesPerAddress));
  if (tooMany) return tooMany;
  const now = deps.now();
  const previous = await deps.stepUps.challenge(caseId);
  const locked = lockedFor(previous, now);
  if (locked > 0) return lockedOut(locked);
  const { challenge, code } = issueChallenge(caseId, now, randomBytes(16).toString('hex'));
  if (!(await deps.stepUps.saveChallenge(challenge, previous))) return refused('conflict', 'Another code was asked for at the same moment; use the newest email.');
  const minutes = STEP_UP.ttlSeconds / 60;
  await deps.mailer.send({
    to: theCase.customer.email,
    subject: `Your verification code for ${theCase.caseNumber}`,
    text: `Your verification code is ${code}. It works for ${minutes} minutes, once. If you did not ask for it, ignore this message: nothing changes without it.`,
    html: `<p>Your verification code is <strong>${code}</strong>.</p><p>It works for ${minutes} minutes, once. If you did not ask for it, ignore this message: nothing changes without it.</p>`,
  });
  return { ok: true, sentTo: maskEmail(theCase.customer.email), expiresAt: challenge.expiresAt };
}

/**
 * Checks a code. Right: the case is verified (when, how, until when), and the code is spent. Wrong: one attempt
 * fewer, the last one locks the case's codes out. Expired, spent or never sent: gone, ask for a new one.
 */
export async function verifyStepUp(deps: StepUpCheckDeps, caseId: string, accessToken: string | undefined, code: string, client: string): Promise<Outcome<{ verification: StepUpVerification }>> {
  const theCase = await openedCase(deps, caseId, accessToken);
  if (!theCase) return notFound();
  const tooMany = await limited(deps, `stepup-verify:client:${clientKey(client)}`, STEP_UP_LIMITS.guessesPerClient);
  if (tooMany) return tooMany;
  const previous = await deps.stepUps.challenge(caseId);
  const check = checkCode(previous, code, deps.now());
  switch (check.result) {
    case 'none':
      return refused('gone', 'No code was sent for this case; ask for one first.');
    case 'expired':
      return refused('gone', 'The code has expired; ask for a new one.');
    case 'used':
      return refused('gone', 'The code was already used; ask for a new one.');
    case 'locked':
      if (check.challenge.lockedUntil !== previous?.lockedUntil) await deps.stepUps.saveChallenge(check.challenge, previous);
      return lockedOut(check.retryAfterSeconds);
    case 'wrong':
      if (!(await deps.stepUps.saveChallenge(check.challenge, previous))) return refused('conflict', 'Another attempt was checked at the same moment; try again.');
      return refused('invalid', `The code is not right; ${check.attemptsLeft} ${check.attemptsLeft === 1 ? 'attempt' : 'attempts'} left.`, [{ field: 'code', message: 'not the code we sent' }]);
    case 'verified':
      // Spend the code first: a second request with the same code finds it used.
      if (!(await deps.stepUps.saveChallenge(check.challenge, previous))) return refused('gone', 'The code was already used; ask for a new one.');
      await deps.stepUps.saveVerification(caseId, check.verification);
      return { ok: true, verification: check.verification };
  }
}

/**
 * The gate in front of a sensitive operation: undefined when the operation needs no step-up on this case or the
 * customer verified recently enough; otherwise a refusal telling them to ask for a code (the case page offers it).
 */
export async function stepUpGate(stepUps: Pick<StepUpStore, 'verification'>, policy: Policy, theCase: Case, operation: SensitiveOperation, now: Date): Promise<Refused | undefined> {
  if (!stepUpRequired(policy, theCase.category, operation)) return undefined;
  if (isFreshlyVerified(await stepUps.verification(theCase.id), now)) return undefined;
  return refused('step_up_required', `For your security, confirm it is you first: we email a one-time code to the address on this case; enter it, then this can go ahead for ${STEP_UP.validSeconds / 60} minutes.`);
}
