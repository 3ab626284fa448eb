import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createTransport } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbKpiStore } from '../../functions/analytics/duckdb-kpi-store';
import { periodAt, type Period } from '../../functions/domain/kpi';
import { loadPolicy } from '../../functions/domain/policy';
import { startLocalStack, type LocalStack } from '../../local/stack';
import { eventually } from './local-helpers';

/**
 * Retention and legal hold on the running local stack, under virtual time: two complaints filed over HTTP and closed
 * by a supervisor, one put on legal hold by an admin. The clock jumps past the policy's retention period; the daily
 * expiry schedule (the template's rule, run by local/schedules.ts) erases the unheld customer's personal data, as TTL
 * would on AWS, while the KPI counts (SQL over the fact files the change stream writes) stay what they were. The held
 * case keeps its data and refuses erasure with 409 until the admin releases the hold; the next run expires it.
 * Each erasure also deletes the erased cases' files on the local S3, and no other case's, and the raw emails that
 * became the erased cases (sent in over the local SMTP server, kept in the inbound-mail bucket), and no other's.
 */

const POLICY = 'promptearn';
const PERIOD_DAYS = loadPolicy(POLICY).retention.closedCaseDataDays;
let stack: LocalStack;
let factsDir: string;

beforeAll(async () => {
  factsDir = await mkdtemp(join(tmpdir(), 'redress-retention-'));
  process.env.KPI_FACTS_DIR = factsDir;
  stack = await startLocalStack({ ports: 0, inMemory: true, policy: POLICY, log: () => {} });
});

afterAll(async () => {
  await stack?.stop();
  delete process.env.KPI_FACTS_DIR;
  await rm(factsDir, { recursive: true, force: true });
});

const api = (path: string, init: RequestInit = {}) => fetch(`${stack.urls.api}${path}`, init);

/** The case files bucket on the local S3, as the functions reach it. */
const s3 = () => new S3Client({ endpoint: stack.urls.s3, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
const filesBucket = () => stack.functions.find((f) => f.environment.FILES_BUCKET)!.environment.FILES_BUCKET!;
/** A customer's file under the case (a promoted attachment) and one still under uploads/, put straight into the bucket. */
async function putFiles(caseId: string): Promise<void> {
  const client = s3();
  for (const key of [`cases/${caseId}/files/receipt.pdf`, `uploads/${caseId}/pending`]) await client.send(new PutObjectCommand({ Bucket: filesBucket(), Key: key, Body: '%PDF- receipt' }));
  client.destroy();
}
async function filesOf(caseId: string): Promise<string[]> {
  const client = s3();
  const keys: string[] = [];
  for (const prefix of [`cases/${caseId}/`, `uploads/${caseId}/`]) keys.push(...((await client.send(new ListObjectsV2Command({ Bucket: filesBucket(), Prefix: prefix }))).Contents ?? []).map((o) => o.Key!));
  client.destroy();
  return keys.sort();
}

/** The inbound-mail bucket on the local S3, where the local SMTP server stores each message as SES does. */
const inboundBucket = () => stack.functions.find((f) => f.environment.INBOUND_MAIL_BUCKET)!.environment.INBOUND_MAIL_BUCKET!;
async function inboundKeys(prefix: string): Promise<string[]> {
  const client = s3();
  const keys = ((await client.send(new ListObjectsV2Command({ Bucket: inboundBucket(), Prefix: prefix }))).Contents ?? []).map((o) => o.Key!);
  client.destroy();
  return keys.sort();
}
/** `name` emails the intake address over the local SMTP server; resolves with the case the message became and its raw key. */
async function mailIn(name: string): Promise<{ caseId: string; rawKey: string }> {
  const before = new Set(await inboundKeys('cases/'));
  const intake = stack.functions.find((f) => f.environment.SENDER_ADDRESS)!.environment.SENDER_ADDRESS!;
  const client = createTransport({ host: '127.0.0.1', port: Number(new URL(stack.urls.smtp).port), secure: false, ignoreTLS: true });
  await client.sendMail({
    from: `${name} <${name.toLowerCase().replace(/\W+/g, '.')}@example.com>`,
    to: intake,
    subject: 'Commission missing for my referral',
    text: `${name} here. My prospect bought the bundle last week but my dashboard shows no commission for it.`,
  });
  client.close();
  // The inbound function records which case the message became under cases/<case>/<raw key>.
  const record = await eventually(async () => (await inboundKeys('cases/')).find((k) => !before.has(k)), 'the emailed complaint on a case', 60_000);
  const [, caseId, ...rawKey] = record.split('/');
  return { caseId: caseId!, rawKey: rawKey.join('/') };
}

/** A fresh staff token each call: tokens live an hour of virtual time, and the test jumps years. */
async function staff(method: 'GET' | 'POST', path: string, groups: string[], sub: string, body?: unknown): Promise<Response> {
  const minted = await fetch(stack.urls.devToken, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sub, groups }) });
  const { token } = (await minted.json()) as { token: string };
  return api(path, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
}

let filings = 0;

type StaffCase = { status: string; customer: { name: string; email: string }; subject: string; legalHolds: { kind: string; reason: string; since: string; placedBy?: string }[] };
const staffCase = async (id: string) => (await (await staff('GET', `/staff/complaints/${id}`, ['supervisor'], 'sup-1')).json()) as StaffCase;

async function file(name: string, sale = 'the course'): Promise<string> {
  const res = await api('/complaints', {
    method: 'POST',
    // Each filing from its own address: intake is rate-limited per address and client.
    headers: { 'content-type': 'application/json', 'x-redress-local-source-ip': `198.51.100.${++filings}` },
    body: JSON.stringify({
      customer: { name, email: `${name.toLowerCase().replace(/\W+/g, '.')}@example.com` },
      category: 'commission_dispute',
      subject: `${name}: commission missing for a sale`,
      description: `${name} here. My prospect bought ${sale} on Monday but my dashboard shows nothing.`,
      details: { prospectName: 'Chidi Eze', prospectEmail: 'chidi@example.com' },
    }),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

async function close(id: string): Promise<void> {
  await eventually(async () => ((await staffCase(id)).status === 'acknowledged' ? true : undefined), 'the acknowledgment', 30_000);
  const res = await staff('POST', `/staff/complaints/${id}/actions`, ['supervisor'], 'sup-1', { type: 'close', reason: 'Commission credited by hand.' });
  expect(res.status, await res.text()).toBe(200);
}

async function kpiCounts(period: Period) {
  await stack.streams.drain();
  const store = await DuckDbKpiStore.open(factsDir);
  try {
    return (await store.kpiRows([period])).counts;
  } finally {
    store.close();
  }
}

describe('retention and legal hold on the local stack', () => {
  it("retention: a closed case's personal data expires after the policy's period under virtual time; KPI counts stay", async () => {
    // Prepare: two customers' complaints, both closed; the second on an admin's legal hold.
    const expiring = await file('Ngozi Adeyemi');
    const held = await file('Emeka Okafor');
    await close(expiring);
    await close(held);
    for (const id of [expiring, held]) await putFiles(id);
    const hold = await staff('POST', `/staff/complaints/${held}/legal-hold`, ['admin'], 'adm-1', { reason: 'Litigation notice from counsel' });
    expect(hold.status, await hold.clone().text()).toBe(201);
    const filedDay = periodAt('day', new Date(stack.clock.now()), 'Africa/Lagos');
    const countsBefore = await kpiCounts(filedDay);
    expect(countsBefore.find((r) => r.dimension === 'all')).toMatchObject({ received: 2 });

    // Act: past the retention period.
    await stack.clock.jump(`${PERIOD_DAYS + 1}d`);

    // Assess: the unheld customer's data is gone, the held one's stays; the KPI counts are unchanged.
    const erased = await eventually(async () => {
      const c = await staffCase(expiring);
      return c.customer.name === '(erased)' ? c : undefined;
    }, 'the expiry run', 60_000);
    expect(erased).toMatchObject({ status: 'closed', subject: '(erased)', customer: { email: 'erased@erased.invalid' } });
    expect((await staffCase(held)).customer.name).toBe('Emeka Okafor');
    expect(await kpiCounts(filedDay)).toEqual(countsBefore);
    // The expired case's files are gone from S3; the held case keeps its own.
    expect(await filesOf(expiring)).toEqual([]);
    expect(await filesOf(held)).toEqual([`cases/${held}/files/receipt.pdf`, `uploads/${held}/pending`]);
    // The expiry is on the case's audit log, by retention; the held case shows its hold to staff.
    const audit = (await (await staff('GET', `/staff/audit?caseId=${expiring}`, ['admin'], 'adm-1')).json()) as { entries: { action: string; actor: unknown; route: string }[] };
    expect(audit.entries).toContainEqual(expect.objectContaining({ action: 'expire_personal_data', actor: { role: 'system', process: 'retention' }, route: 'schedule expirePersonalData' }));
    expect((await staffCase(held)).legalHolds).toEqual([expect.objectContaining({ kind: 'manual', reason: 'Litigation notice from counsel', placedBy: 'adm-1' })]);

    // The hold also refuses an admin's erasure, saying why.
    const refused = await staff('POST', `/staff/complaints/${held}/erasure`, ['admin'], 'adm-1');
    expect(refused.status).toBe(409);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(await refused.json()).toMatchObject({ type: 'urn:redress:problem:legal-hold', detail: expect.stringContaining('Litigation notice from counsel') });

    // Act: the admin releases the hold; the next daily run expires the case.
    const released = await staff('POST', `/staff/complaints/${held}/legal-hold/release`, ['admin'], 'adm-1');
    expect(released.status, await released.clone().text()).toBe(200);
    await stack.clock.jump('1d');
    await eventually(async () => ((await staffCase(held)).customer.name === '(erased)' ? true : undefined), 'the expiry after the release', 60_000);
    expect(await kpiCounts(filedDay)).toEqual(countsBefore);
    expect(await filesOf(held)).toEqual([]);
  }, 600_000);

  it("an admin's erasure is on the audit log of every case it erased, by the admin, never with the customer's data", async () => {
    // Prepare: two complaints of one customer, one of another.
    const first = await file('Funke Akindele');
    const second = await file('Funke Akindele', 'the workbook');
    const other = await file('Bisi Alade');
    for (const id of [first, second, other]) await putFiles(id);
    // And each customer emails a complaint in: a third case of hers, a second of the other's.
    const mailed = await mailIn('Funke Akindele');
    const othersMail = await mailIn('Bisi Alade');
    expect(await inboundKeys(mailed.rawKey)).toEqual([mailed.rawKey]);

    // Act: an admin erases, asking about the second case.
    const erased = await staff('POST', `/staff/complaints/${second}/erasure`, ['admin'], 'adm-2');

    // Assess: her three cases erased; each case's audit log shows the erasure by the admin, the other customer's none.
    expect(erased.status, await erased.clone().text()).toBe(200);
    expect((((await erased.json()) as { cases: string[] }).cases).sort()).toEqual([first, second, mailed.caseId].sort());
    // Her raw email deleted from the inbound-mail bucket with its record; the other customer's kept.
    expect(await inboundKeys(mailed.rawKey)).toEqual([]);
    expect(await inboundKeys(`cases/${mailed.caseId}/`)).toEqual([]);
    expect(await inboundKeys(othersMail.rawKey)).toEqual([othersMail.rawKey]);
    expect(await inboundKeys(`cases/${othersMail.caseId}/`)).toEqual([`cases/${othersMail.caseId}/${othersMail.rawKey}`]);
    // Both cases' files deleted from S3, the other customer's kept.
    for (const id of [first, second]) expect(await filesOf(id), id).toEqual([]);
    expect(await filesOf(other)).toEqual([`cases/${other}/files/receipt.pdf`, `uploads/${other}/pending`]);
    const erasuresOn = async (id: string) => {
      const res = await staff('GET', `/staff/audit?caseId=${id}`, ['admin'], 'adm-1');
      expect(res.status).toBe(200);
      return ((await res.json()) as { entries: { action: string }[] }).entries.filter((e) => e.action === 'erase_customer');
    };
    for (const id of [first, second]) {
      const entries = await erasuresOn(id);
      expect(entries, id).toEqual([expect.objectContaining({ caseId: id, actor: { staffId: 'adm-2', role: 'admin' }, route: 'POST /staff/complaints/{id}/erasure', outcome: 'allowed' })]);
      expect(JSON.stringify(entries)).not.toMatch(/funke|akindele/i);
    }
    expect(await erasuresOn(other)).toEqual([]);
  }, 300_000);
});
