import { generateAccessToken, hashAccessToken } from '../../domain/access-token';
import { caseNumberYear } from '../../domain/case-number';
import { createdResponse, CreatedComplaintSchema, openCase, parseComplaintRequest, type CreatedComplaint } from '../../domain/complaint';
import { IDEMPOTENCY_TTL_SECONDS, idempotencyRecordPk, KEYLESS_REPLAY_SECONDS, keylessIdempotencyKey, openResponse, requestFingerprint, sealResponse } from '../../domain/idempotency';
import { sensitiveFields } from '../../domain/sensitive-fields';
import { refused, type Outcome, type Refused } from '../outcomes';
import type { CaseStore, Clock, CustomerKeys, FieldCipher, IdempotencyRecord, PolicyBook } from '../ports';
import { windowHit, type WindowHit } from '../../domain/rate-window';
import { logCase } from '../logger';
import { clientKey } from '../client-key';
import { sealSensitiveDetails } from '../sealed-details';

export interface FileComplaintDeps {
  policies: PolicyBook;
  store: CaseStore;
  publicBaseUrl: string;
  now: Clock;
  newId: () => string;
  /**
   * The public form and API's intake limits (per customer email and per client; {@link INTAKE_LIMITS}), counted with
   * a `client` in the create's own write. The simulator and the channels (email, social), which have their own gates,
   * file without them.
   */
  limits?: IntakeLimits;
  /** Seals the policy's sensitive details (a full account number); without it such a value is refused, never stored in clear. */
  cipher?: FieldCipher;
}

export interface IntakeLimits {
  perAddress: number;
  perClient: number;
  windowSeconds: number;
}

/**
 * New complaints per customer email and per client (source address), each per hour. Generous for a person (a
 * customer with five separate problems in an hour, an office behind one address), tight for a script.
 */
export const INTAKE_LIMITS: IntakeLimits = { perAddress: 5, perClient: 20, windowSeconds: 3600 };

/** The intake limits that apply to this request, in the order their refusals are reported (client first). */
function intakeLimits(limits: IntakeLimits | undefined, client: string | undefined, customer: CustomerKeys, at: Date): WindowHit[] {
  if (!limits || client === undefined) return [];
  // Per address under the customer's blind index (only the current key: a window lasts an hour).
  return [windowHit(`intake:client:${clientKey(client)}`, limits.perClient, limits.windowSeconds, at), windowHit(`intake:${customer[0]}`, limits.perAddress, limits.windowSeconds, at)];
}

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
  // One round for everything intake needs before its write (issue 14: at most two sequential round trips, the
  // transaction being the second): the idempotency read, the sequencing read and the case number (a request only
  // when this container's block of numbers is used up) go out together. A replay or a reused key may thus use up a
  // case number (numbers are unique, not gap-free). The intake limits are counted in the create's transaction, so
  // only a complaint that is written counts. See docs/contracts.md "Case numbers". The store reads what its create
  // will need (a sealing store, the customer's personal-data key) in the same round.
  deps.store.prepareCreate(customer);
  const [replay, previous, settledSequence] = await Promise.all([
    idempotencyKey && recordPk ? replayed(deps, idempotencyKey, recordPk, fingerprint) : undefined,
    // Per-customer sequencing: the clock of this case runs from the customer's previous resolution.
    policy.sequencing ? deps.store.lastResolutionOf(request.customer.email) : undefined,
    settle(deps.store.nextCaseSequence(policy.caseNumberPrefix, caseNumberYear(receivedAt))),
  ]);
  // A replay is the same complaint again: answered even over a limit, and even if the case number failed.
  if (replay) return replay;
  const caseSequence = valueOf(settledSequence);
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

  const created = await deps.store.create(theCase, firstEvent, record, intakeLimits(deps.limits, client, customer, receivedAt));
  if (created === 'idempotency-key-taken' && idempotencyKey && recordPk) {
    // A concurrent request with the same key won the race: answer as its replay (or refuse if it differed).
    return (await replayed(deps, idempotencyKey, recordPk, fingerprint)) ?? keyReused();
  }
  if (typeof created === 'object') return tooMany(created.limited.retryAfterSeconds);
  return { ok: true, body, replayed: false };
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };
const settle = <T>(p: Promise<T>): Promise<Settled<T>> => p.then((value) => ({ ok: true as const, value }), (error: unknown) => ({ ok: false as const, error }));
function valueOf<T>(s: Settled<T>): T {
  if (!s.ok) throw s.error;
  return s.value;
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
