import { generateAccessToken, hashAccessToken } from '../../domain/access-token';
import { caseNumberYear } from '../../domain/case-number';
import { createdResponse, CreatedComplaintSchema, openCase, parseComplaintRequest, type CreatedComplaint } from '../../domain/complaint';
import { IDEMPOTENCY_TTL_SECONDS, idempotencyRecordPk, KEYLESS_REPLAY_SECONDS, keylessIdempotencyKey, openResponse, requestFingerprint, sealResponse } from '../../domain/idempotency';
import { sensitiveFields } from '../../domain/sensitive-fields';
import { refused, type Outcome, type Refused } from '../outcomes';
import type { CaseStore, Clock, CustomerKeys, FieldCipher, IdempotencyRecord, PolicyBook, RateLimiter } from '../ports';
import { logCase, logger } from '../logger';
import { clientKey } from '../client-key';
import { sealSensitiveDetails } from '../sealed-details';

export interface FileComplaintDeps {
  policies: PolicyBook;
  store: CaseStore;
  publicBaseUrl: string;
  now: Clock;
  newId: () => string;
  /**
   * The public form and API's intake limits (per customer email and per client); with a `client` to count. The
   * simulator and the channels (email, social), which have their own gates, file without them.
   */
  limits?: RateLimiter;
  /** Seals the policy's sensitive details (a full account number); without it such a value is refused, never stored in clear. */
  cipher?: FieldCipher;
}

/**
 * New complaints per customer email and per client (source address), each per hour. Generous for a person (a
 * customer with five separate problems in an hour, an office behind one address), tight for a script.
 */
export const INTAKE_LIMITS = { perAddress: 5, perClient: 20, windowSeconds: 3600 } as const;

/** The intake limits that apply to this request, in the order their refusals are reported (client first). */
function intakeLimits(limits: RateLimiter | undefined, client: string | undefined, customer: CustomerKeys) {
  if (!limits || client === undefined) return [];
  const limit = (key: string, max: number) => ({
    hit: () => limits.hit(key, max, INTAKE_LIMITS.windowSeconds),
    refund: (window: number) => limits.refund(key, window),
  });
  // Per address under the customer's blind index (only the current key: a window lasts an hour).
  return [limit(`intake:client:${clientKey(client)}`, INTAKE_LIMITS.perClient), limit(`intake:${customer[0]}`, INTAKE_LIMITS.perAddress)];
}
type IntakeLimit = ReturnType<typeof intakeLimits>[number];

function tooMany(retryAfterSeconds: number): Refused {
  const minutes = Math.ceil(retryAfterSeconds / 60);
  return { ...refused('rate_limited', `Too many complaints sent just now; please try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}.`), retryAfterSeconds };
}

export type Filed = Outcome<{ body: CreatedComplaint; replayed: boolean }>;

const keyReused = (): Refused =>
  refused('idempotency_conflict', 'This Idempotency-Key was used for a different request in the last 24 hours. Use a new key for a new complaint.', [
    { field: 'Idempotency-Key', message: 'already used for a different request' },
  ]);

/**
 * Intake of one complaint: validate it against the policy in force, number it, write the case, its first event and
 * the idempotency record in one transaction. Nothing else happens on the request path: the new case item on the
 * table's change stream starts its workflow (`workflow/on-case-change.ts`, execution name = case id), and the
 * scheduled reconciler (`reconcile.ts`) starts any the stream missed. So an accepted complaint never depends on a
 * best-effort call after the write.
 */
export async function fileComplaint(deps: FileComplaintDeps, input: unknown, givenKey?: string, client?: string): Promise<Filed> {
  const policy = deps.policies.current();
  const parsed = parseComplaintRequest(policy, input);
  if (!parsed.ok) return refused('invalid', 'The request has invalid fields; see errors.', parsed.errors);
  const request = parsed.value;
  const fingerprint = requestFingerprint(request);
  // Without a key, a quick retry of the same complaint from the same client is still recognised (domain/idempotency.ts).
  const idempotencyKey = givenKey ?? (client !== undefined ? keylessIdempotencyKey(clientKey(client), fingerprint) : undefined);
  const remembered = givenKey !== undefined ? IDEMPOTENCY_TTL_SECONDS : KEYLESS_REPLAY_SECONDS;
  const recordPk = idempotencyKey ? idempotencyRecordPk(idempotencyKey) : undefined;

  const receivedAt = deps.now();
  // The customer's keys (the per-address limit, the sealing), before the first round: an HMAC in the function, no
  // round trip once the container holds the index secret.
  const customer = await deps.store.customerKeysOf(request.customer.email);
  const limits = intakeLimits(deps.limits, client, customer);
  // One round for everything intake needs before its write (issue 14: at most two sequential round trips, the
  // transaction being the second): the idempotency read, the sequencing read, the intake limits and the case number
  // go out together. A replay or a reused key thus burns a case number (numbers are unique, not gap-free) and its
  // limit hits are taken back (a second round, on that path only). See docs/contracts.md "Case numbers". The store
  // reads what its create will need (a sealing store, the customer's personal-data key) in the same round.
  deps.store.prepareCreate(customer);
  const [replay, previous, settledHits, settledSequence] = await Promise.all([
    idempotencyKey && recordPk ? replayed(deps, idempotencyKey, recordPk, fingerprint) : undefined,
    // Per-customer sequencing: the clock of this case runs from the customer's previous resolution.
    policy.sequencing ? deps.store.lastResolutionOf(request.customer.email) : undefined,
    Promise.all(limits.map((l) => settle(l.hit()))),
    settle(deps.store.nextCaseSequence(policy.caseNumberPrefix, caseNumberYear(receivedAt))),
  ]);
  // A replay is the same complaint again (answered even over a limit, and even if a write of the round failed); it is
  // not a new one, so it does not count.
  if (replay) return refundHits(limits, settledHits, replay);
  const hits = settledHits.map(valueOf);
  const caseSequence = valueOf(settledSequence);
  const over = hits.find((h) => !h.allowed);
  if (over && !over.allowed) return tooMany(over.retryAfterSeconds);
  const accessToken = generateAccessToken();
  const { theCase: opened, firstEvent } = openCase(policy, request, {
    id: deps.newId(),
    caseSequence,
    receivedAt,
    accessToken,
    accessTokenHash: hashAccessToken(accessToken),
    ...(previous ? { previousResolvedAt: new Date(previous) } : {}),
  });
  const theCase = await sealSensitiveDetails(deps.cipher, policy, opened, customer);
  if (!theCase) return refused('invalid', 'This service cannot store sensitive details; leave them out.', sensitiveFields(policy, opened.category).filter((f) => opened.details[f] !== undefined).map((f) => ({ field: `details.${f}`, message: 'cannot be stored here; leave it out' })));
  logCase(theCase);
  const body = createdResponse(theCase, accessToken, deps.publicBaseUrl);
  const record: IdempotencyRecord | undefined =
    idempotencyKey && recordPk
      ? {
          pk: recordPk,
          fingerprint,
          caseId: theCase.id,
          response: sealResponse(idempotencyKey, fingerprint, body),
          createdAt: theCase.createdAt,
          expiresAt: Math.floor(receivedAt.getTime() / 1000) + remembered,
        }
      : undefined;

  if ((await deps.store.create(theCase, firstEvent, record)) === 'idempotency-key-taken' && idempotencyKey && recordPk) {
    // A concurrent request with the same key won the race: answer as its replay (or refuse if it differed).
    const [answer] = await Promise.all([replayed(deps, idempotencyKey, recordPk, fingerprint), refundHits(limits, settledHits, undefined)]);
    return answer ?? keyReused();
  }
  return { ok: true, body, replayed: false };
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };
const settle = <T>(p: Promise<T>): Promise<Settled<T>> => p.then((value) => ({ ok: true as const, value }), (error: unknown) => ({ ok: false as const, error }));
function valueOf<T>(s: Settled<T>): T {
  if (!s.ok) throw s.error;
  return s.value;
}

/**
 * Takes back the limit hits (those that were counted) of a request that turned out not to be a new complaint. Best
 * effort: a refund that fails leaves one hit counted too many in this window (the request was answered; failing it
 * now would only make the client retry), which is what counting every request would do anyway.
 */
async function refundHits<T>(limits: IntakeLimit[], hits: Settled<{ window: number }>[], answer: T): Promise<T> {
  const refunds = await Promise.allSettled(limits.flatMap((l, i) => {
    const hit = hits[i];
    return hit?.ok ? [l.refund(hit.value.window)] : [];
  }));
  const failed = refunds.filter((r) => r.status === 'rejected').length;
  if (failed > 0) logger.warn('intake limit refund failed', { failed });
  return answer;
}

async function replayed(deps: FileComplaintDeps, key: string, pk: string, fingerprint: string): Promise<Filed | undefined> {
  const record = await deps.store.findIdempotencyRecord(pk);
  if (!record) return undefined;
  if (record.fingerprint !== fingerprint) return keyReused();
  let body: CreatedComplaint;
  try {
    body = openResponse(key, fingerprint, record.response, CreatedComplaintSchema);
  } catch {
    return keyReused(); // the hash of another key collided, or the record was altered
  }
  return { ok: true, body, replayed: true };
}
