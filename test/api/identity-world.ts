import { InMemoryLegalHoldStore } from '../../functions/adapters/memory/legal-hold-store';
import { PolicyNotifier } from '../../functions/adapters/notifier';
import { InMemoryCaseStore } from '../../functions/adapters/memory/case-store';
import { RecordingMailer } from '../../functions/adapters/memory/mailer';
import { InMemoryAuditLog } from '../../functions/adapters/memory/audit-log';
import { InMemoryRateLimiter } from '../../functions/adapters/memory/rate-limiter';
import { InMemoryStepUpStore } from '../../functions/adapters/memory/step-up-store';
import { InMemoryFinanceStore } from '../../functions/adapters/memory/finance-store';
import { InMemoryCustomerKeyStore } from '../../functions/adapters/memory/customer-keys';
import { EnvelopeFieldCipher, rawAesMasterKeyring } from '../../functions/adapters/crypto/envelope-field-cipher';
import { sealSensitiveDetails } from '../../functions/core/sealed-details';
import { InMemoryIncidentStore } from '../../functions/adapters/memory/incident-store';
import { decideAndCommit } from '../../functions/core/commit-loop';
import { policyBook } from '../../functions/core/policy-book';
import type { FieldCipher, FileStorage, PolicyBook } from '../../functions/core/ports';
import { generateAccessToken, hashAccessToken } from '../../functions/domain/access-token';
import { lifecycleOf } from '../../functions/domain/case';
import { openCase, parseComplaintRequest } from '../../functions/domain/complaint';
import type { Action } from '../../functions/domain/lifecycle/actions';
import { decide } from '../../functions/domain/lifecycle/decide';
import type { Actor } from '../../functions/domain/lifecycle/model';
import { loadPolicy, type Policy } from '../../functions/domain/policy';
import { TEST_CUSTOMER_INDEX_SECRET } from '../support/customer-index';

/**
 * The handlers' adapters swapped for in-memory twins, so a test drives a handler, its use case and the access rules
 * end to end without AWS: `vi.mock('…/adapters/wiring', (orig) => wiringWithWorld(orig))`. The handlers build
 * their dependencies once at import, so what they get delegates to `world`, which each test replaces.
 */

/** Promptearn with every department exclusive: the policy that has rungs, money cases and department scope at once. */
export const scopedPromptearn: Policy = (() => {
  const p = loadPolicy('promptearn');
  return { ...p, departments: p.departments.map((d) => ({ ...d, exclusive: true })) };
})();

export const T0 = new Date('2026-11-23T10:00:00Z');

export interface World {
  now: Date;
  policies: PolicyBook;
  policy: Policy;
  mailer: RecordingMailer;
  store: InMemoryCaseStore;
  audit: InMemoryAuditLog;
  stepUps: InMemoryStepUpStore;
  limits: InMemoryRateLimiter;
  finance: InMemoryFinanceStore;
  files: InMemoryFiles;
  rawMail: InMemoryRawMail;
  /** Sealed fields under per-customer keys in memory, with a raw AES master key as on a laptop. */
  customerKeys: InMemoryCustomerKeyStore;
  cipher: FieldCipher;
  incidents: InMemoryIncidentStore;
  holds: InMemoryLegalHoldStore;
}

/** Attachments in memory: presigned forms that point nowhere, uploads and files kept by case. */
export class InMemoryFiles implements FileStorage {
  readonly uploads = new Map<string, Uint8Array>();
  readonly stored = new Map<string, Uint8Array>();
  async presignUpload(caseId: string, uploadId: string, maxBytes: number) {
    return { url: 'https://files.example/upload', fields: { key: `uploads/${caseId}/${uploadId}`, 'content-length-range': `1,${maxBytes}` } };
  }
  async putUpload(caseId: string, uploadId: string, bytes: Uint8Array) {
    this.uploads.set(`${caseId}/${uploadId}`, bytes);
  }
  async pendingUploads(caseId: string) {
    return [...this.uploads.keys()].filter((k) => k.startsWith(`${caseId}/`)).map((k) => ({ uploadId: k.split('/')[1]!, scanned: 'clean' as const }));
  }
  async readUpload(caseId: string, uploadId: string) {
    return this.uploads.get(`${caseId}/${uploadId}`);
  }
  async promote(caseId: string, uploadId: string, extension: string, bytes: Uint8Array) {
    this.uploads.delete(`${caseId}/${uploadId}`);
    this.stored.set(`${caseId}/${uploadId}.${extension}`, bytes);
  }
  async discardUpload(caseId: string, uploadId: string) {
    this.uploads.delete(`${caseId}/${uploadId}`);
  }
  async files(caseId: string) {
    return [...this.stored.entries()].filter(([k]) => k.startsWith(`${caseId}/`)).map(([k, v]) => ({ name: k.split('/')[1]!, size: v.byteLength }));
  }
  async downloadUrl(caseId: string, name: string) {
    return `https://files.example/${caseId}/${name}`;
  }
  async putCaseFile(caseId: string, name: string, bytes: Uint8Array) {
    this.stored.set(`${caseId}/${name}`, bytes);
  }
  async readCaseFile(caseId: string, name: string) {
    return this.stored.get(`${caseId}/${name}`);
  }
  async eraseCaseFiles(caseId: string) {
    const keys = [...this.uploads.keys(), ...this.stored.keys()].filter((k) => k.startsWith(`${caseId}/`));
    for (const k of keys) {
      this.uploads.delete(k);
      this.stored.delete(k);
    }
    return keys.length;
  }
}

/** The inbound-mail bucket's raw messages and the record of which case each became (RawMailArchive). */
export class InMemoryRawMail {
  readonly stored = new Map<string, Uint8Array>();
  private readonly byCase = new Map<string, Set<string>>();
  async recordCase(key: string, caseId: string) {
    this.byCase.set(caseId, (this.byCase.get(caseId) ?? new Set()).add(key));
  }
  async eraseCaseMail(caseId: string) {
    const keys = [...(this.byCase.get(caseId) ?? [])];
    for (const k of keys) this.stored.delete(k);
    this.byCase.delete(caseId);
    return keys.length;
  }
}

export function newWorld(policy: Policy = scopedPromptearn): World {
  // One case store: a finance decision writes its case's timeline and outbox through it.
  const store = new InMemoryCaseStore(() => w.now, TEST_CUSTOMER_INDEX_SECRET);
  const w: World = {
    now: new Date(T0.getTime() + 30 * 60_000),
    policies: policyBook(policy),
    policy,
    mailer: new RecordingMailer(() => w.now),
    store,
    audit: new InMemoryAuditLog(),
    stepUps: new InMemoryStepUpStore(),
    limits: new InMemoryRateLimiter(() => w.now),
    finance: new InMemoryFinanceStore(() => w.now, store),
    incidents: new InMemoryIncidentStore(),
    holds: new InMemoryLegalHoldStore(),
    files: new InMemoryFiles(),
    rawMail: new InMemoryRawMail(),
    customerKeys: new InMemoryCustomerKeyStore(),
    cipher: undefined as unknown as FieldCipher,
  };
  w.cipher = new EnvelopeFieldCipher(rawAesMasterKeyring(Buffer.alloc(32, 7)), w.customerKeys);
  return w;
}
export const world: { current: World } = { current: newWorld() };

function delegate<T extends object>(target: () => T): T {
  return new Proxy({} as T, {
    get: (_, key) => {
      const t = target() as Record<string | symbol, unknown>;
      const v = t[key];
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(t) : v;
    },
  });
}

export async function wiringWithWorld(importOriginal: () => Promise<unknown>) {
  const actual = (await importOriginal()) as Record<string, unknown>;
  return {
    ...actual,
    caseStoreFromEnv: () => delegate(() => world.current.store),
    erasableCaseStoreFromEnv: () => delegate(() => world.current.store),
    policiesFromEnv: () => delegate(() => world.current.policies),
    mailerFromEnv: () => delegate(() => world.current.mailer),
    notifierFromEnv: () => new PolicyNotifier(delegate(() => world.current.mailer), 'https://redress.example'),
    callbacksFromEnv: () => ({ complete: async () => 'delivered' as const }),
    workflowStarterFromEnv: () => ({ start: async () => undefined }),
    systemClock: () => new Date(world.current.now),
    auditLogFromEnv: () => delegate(() => world.current.audit),
    stepUpStoreFromEnv: () => delegate(() => world.current.stepUps),
    rateLimiterFromEnv: () => delegate(() => world.current.limits),
    financeStoreFromEnv: () => delegate(() => world.current.finance),
    incidentStoreFromEnv: () => delegate(() => world.current.incidents),
    legalHoldStoreFromEnv: () => delegate(() => world.current.holds),
    staffDirectoryFromEnv: () => ({ knows: async () => true }),
    // No facts: the KPI table is computed over nothing (the access rule is what is under test).
    kpiStoreFromEnv: () => ({ kpiRows: async () => ({ durations: [], counts: [], sla: [] }) }),
    // No report kept: a supervisor asking for one is answered 404 (the access rule is what is under test).
    reportArchiveFromEnv: () => ({ keep: async () => ({ keys: [] }), linkTo: async () => undefined }),
    // The provider is never reached: the access tests reject refunds, they do not pay them.
    paymentProviderFromEnv: () => ({ requestRefund: async () => ({ kind: 'unavailable' as const, message: 'no provider in this test' }) }),
    webhookSecretsFromEnv: () => ['identity-world-webhook-secret'],
    fieldCipherFromEnv: () => delegate(() => world.current.cipher),
    fieldShredderFromEnv: () => delegate(() => world.current.cipher),
  };
}

/** For `vi.mock('…/channels/attachments/s3-case-files', …)`: the attachment handlers' storage is the world's. */
export const s3CaseFilesInWorld = () => ({ s3CaseFiles: () => delegate(() => world.current.files) });

/** For `vi.mock('…/channels/email/s3-raw-mail', …)`: the erasing handlers' raw-mail archive is the world's. */
export const s3RawMailInWorld = async (importOriginal: () => Promise<object>) => ({ ...(await importOriginal()), rawMailArchive: () => delegate(() => world.current.rawMail) });

/** Environment the channel handlers read at import (the social webhook's secrets), beside TEST_ENV. */
export const WORLD_ENV = { SOCIAL_WEBHOOK_SECRETS: JSON.stringify({ verifyToken: 'identity-world-verify-token', appSecret: 'identity-world-app-secret' }) };

const DETAILS: Record<string, Record<string, unknown>> = {
  payout_delay: { bankName: 'GTBank', accountLast4: '6789', accountNumber: '0123456789', amount: { amountMinor: 2500000, currency: 'NGN' }, withdrawalDate: '2026-11-21' },
  refund_request: { orderReference: 'ORD-1', amount: { amountMinor: 990000, currency: 'NGN' }, reason: 'Charged twice for the course.' },
  technical_issue: {},
};

/** Files a complaint straight into the world's store (as intake would) and acknowledges it. */
export async function fileCase(w: World, category: keyof typeof DETAILS, customer = { name: 'Ada Obi', email: 'ada@example.com' }) {
  const parsed = parseComplaintRequest(w.policy, { customer, category, subject: `About my ${category}`, description: 'Something went wrong and I need help with it.', details: DETAILS[category] });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const accessToken = generateAccessToken();
  const opened = openCase(w.policy, parsed.value, { id: crypto.randomUUID(), caseSequence: 1, receivedAt: T0, accessToken, accessTokenHash: hashAccessToken(accessToken) });
  const theCase = (await sealSensitiveDetails(w.cipher, w.policy, opened.theCase, await w.store.customerKeysOf(customer.email)))!;
  await w.store.create(theCase, opened.firstEvent);
  await step(w, theCase.id, { type: 'acknowledge' }, { role: 'system' });
  return { id: theCase.id, accessToken };
}

/** One decision committed through the one commit loop. */
export async function step(w: World, id: string, action: Action, actor: Actor) {
  const r = await decideAndCommit(w.store, id, (c) => ({ decision: decide(lifecycleOf(c), action, actor, w.now, w.policy) }));
  if (r.outcome !== 'committed') throw new Error(`fixture step ${action.type}: ${r.outcome === 'refused' ? r.refusal.problem.detail : r.outcome}`);
}

export const supervisor: Actor = { role: 'supervisor', staffId: 'sup-fixture' };
