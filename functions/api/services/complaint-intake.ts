import { randomUUID } from 'node:crypto';
import { generateAccessToken, hashAccessToken } from '../../domain/access-token';
import { caseNumberYear } from '../../domain/case-number';
import {
  createdResponse,
  CreatedComplaintSchema,
  openTicket,
  parseComplaintRequest,
  type CreatedComplaint,
} from '../../domain/complaint';
import {
  IDEMPOTENCY_TTL_SECONDS,
  idempotencyRecordPk,
  openResponse,
  requestFingerprint,
  sealResponse,
} from '../../domain/idempotency';
import type { Policy } from '../../domain/policy';
import type { IdempotencyRecord, TicketStore, WorkflowStarter } from '../../adapters/ports';
import { HttpProblem, problemTypes } from '../http/problem';

export interface IntakeDeps {
  policy: Policy;
  store: TicketStore;
  workflow: WorkflowStarter;
  publicBaseUrl: string;
  now?: () => Date;
  newId?: () => string;
}

export interface IntakeResult {
  body: CreatedComplaint;
  /** True when an earlier request with the same Idempotency-Key created the complaint. */
  replayed: boolean;
}

const idempotencyConflict = () =>
  new HttpProblem({
    type: problemTypes.idempotencyConflict,
    title: 'Idempotency-Key already used',
    status: 409,
    detail: 'This Idempotency-Key was used for a different request in the last 24 hours. Use a new key for a new complaint.',
    errors: [{ field: 'Idempotency-Key', message: 'already used for a different request' }],
  });

/**
 * Intake of one complaint: validate against the policy, number it, write ticket + first event (+ idempotency
 * record) in one transaction, then start its workflow.
 *
 * If StartExecution fails after the write, the complaint is still accepted (201): it is stored, its case number
 * and token are valid, and it stays in status `received` until its workflow runs. The start is re-driven by
 * (a) any retry with the same Idempotency-Key (a replay always calls start again; a repeated start is a no-op),
 * and (b) functions/workflow/redrive-intake.ts, which starts the workflow of every ticket still `received` a
 * minute after creation. Answering 5xx instead would invite a retry without a key, i.e. a duplicate complaint.
 */
export class ComplaintIntake {
  private readonly now: () => Date;
  private readonly newId: () => string;

  constructor(private readonly deps: IntakeDeps) {
    this.now = deps.now ?? (() => new Date());
    this.newId = deps.newId ?? randomUUID;
  }

  async submit(input: unknown, idempotencyKey?: string): Promise<IntakeResult> {
    const parsed = parseComplaintRequest(this.deps.policy, input);
    if (!parsed.ok) throw HttpProblem.validation(parsed.errors);
    const request = parsed.value;
    const fingerprint = requestFingerprint(request);
    const recordPk = idempotencyKey ? idempotencyRecordPk(idempotencyKey) : undefined;

    if (idempotencyKey && recordPk) {
      const replay = await this.replay(idempotencyKey, recordPk, fingerprint);
      if (replay) return replay;
    }

    const { policy, store } = this.deps;
    const receivedAt = this.now();
    const caseSequence = await store.nextCaseSequence(policy.caseNumberPrefix, caseNumberYear(receivedAt));
    const accessToken = generateAccessToken();
    const { ticket, firstEvent } = openTicket(policy, request, {
      id: this.newId(),
      caseSequence,
      receivedAt,
      accessToken,
      accessTokenHash: hashAccessToken(accessToken),
    });
    const body = createdResponse(ticket, accessToken, this.deps.publicBaseUrl);
    const record: IdempotencyRecord | undefined =
      idempotencyKey && recordPk
        ? {
            pk: recordPk,
            fingerprint,
            ticketId: ticket.id,
            response: sealResponse(idempotencyKey, fingerprint, body),
            createdAt: ticket.createdAt,
            expiresAt: Math.floor(receivedAt.getTime() / 1000) + IDEMPOTENCY_TTL_SECONDS,
          }
        : undefined;

    const outcome = await store.createTicket(ticket, firstEvent, record);
    if (outcome === 'idempotency-key-taken' && idempotencyKey && recordPk) {
      // A concurrent request with the same key won the race; answer as its replay (or 409 if it differed).
      const replay = await this.replay(idempotencyKey, recordPk, fingerprint);
      if (replay) return replay;
      throw idempotencyConflict();
    }
    await this.startWorkflow(ticket.id);
    return { body, replayed: false };
  }

  private async replay(key: string, pk: string, fingerprint: string): Promise<IntakeResult | undefined> {
    const record = await this.deps.store.findIdempotencyRecord(pk);
    if (!record) return undefined;
    if (record.fingerprint !== fingerprint) throw idempotencyConflict();
    let body: CreatedComplaint;
    try {
      body = openResponse(key, fingerprint, record.response, CreatedComplaintSchema);
    } catch {
      throw idempotencyConflict(); // the hash of another key collided, or the record was altered
    }
    await this.startWorkflow(record.ticketId);
    return { body, replayed: true };
  }

  private async startWorkflow(ticketId: string): Promise<void> {
    try {
      await this.deps.workflow.start(ticketId);
    } catch (e) {
      // Accepted and stored; the re-drive picks it up (see the class comment). Ids only, no personal data.
      console.error(JSON.stringify({ level: 'error', msg: 'workflow start failed; left for re-drive', ticketId, error: (e as Error)?.name }));
    }
  }
}
