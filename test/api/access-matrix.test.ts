import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { handlers } from '../../infra/handlers';
import { claims as staffClaims, jwtEvent } from './action-fixtures';
import { json, lambdaContext, TEST_ENV, type Result } from './events';
import { PolicyNotifier } from '../../functions/adapters/notifier';
import { proposeRefundOnCase } from '../../functions/core/use-cases/finance/propose-refund';
import { openChargeback } from '../../functions/domain/finance/chargeback/open';
import type { StaffActor } from '../../functions/domain/lifecycle/model';
import { fileCase, newWorld, step, supervisor, world, WORLD_ENV, type World } from './identity-world';

/**
 * The access table of docs/contracts.md ("Who reads what"), cell by cell: every role and the anonymous customer ×
 * every route × their own case, another case and another department's case, through the real handlers and use
 * cases on in-memory adapters. The expectations are read from the document, so the table and the code cannot drift.
 */

vi.mock('../../functions/adapters/wiring', async (importOriginal) => (await import('./identity-world')).wiringWithWorld(importOriginal));
vi.mock('../../functions/channels/attachments/s3-case-files', async () => (await import('./identity-world')).s3CaseFilesInWorld());
vi.mock('../../functions/channels/email/s3-raw-mail', async (importOriginal) => (await import('./identity-world')).s3RawMailInWorld(importOriginal));
Object.assign(process.env, TEST_ENV, WORLD_ENV);

const ROLES = ['customer', 'agent', 'senior', 'dispute_team', 'finance', 'supervisor', 'admin'] as const;
type Who = (typeof ROLES)[number];
const RELATIONS = ['own', 'other', 'other department'] as const;
/** Rows not driven here: open to anyone (`public`), or to a caller holding the webhook secret (`signed`, tested with their handlers). */
const UNDRIVEN = new Set(['public', 'signed']);
const undriven = (row: Record<Who, string[]>) => ROLES.every((r) => row[r].every((c) => UNDRIVEN.has(c)));

/** A route table of docs/contracts.md between `<!-- <marker>: … -->` and `<!-- /<marker> -->`: route → role → cells. */
function accessTable(marker = 'access-matrix'): Map<string, Record<Who, string[]>> {
  const doc = readFileSync(new URL('../../docs/contracts.md', import.meta.url), 'utf8');
  const block = new RegExp(`<!-- ${marker}:[^>]*-->\\n([\\s\\S]*?)<!-- /${marker} -->`).exec(doc)?.[1];
  if (!block) throw new Error(`docs/contracts.md has no ${marker} block`);
  const rows = block.trim().split('\n').map((l) => l.split('|').slice(1, -1).map((c) => c.trim()));
  const [header, , ...body] = rows;
  expect(header).toEqual(['route', ...ROLES]);
  return new Map(body.map((cells) => [cells[0]!.replace(/`/g, ''), Object.fromEntries(ROLES.map((r, i) => [r, cells[i + 1]!.split('·').map((c) => c.trim())])) as Record<Who, string[]>]));
}
const table = accessTable();
/** The case outside the money categories that carries a refund: one cell per role (see `moneyCaseIn`). */
const moneyTable = accessTable('access-matrix-money');
/** The routes about one case (or one of its refunds or chargebacks), and the queue that lists cases: those the money table covers. */
const aboutACase = (route: string) => /\{(id|refundId|chargebackId)\}/.test(route) || route === 'GET /staff/queue';

type Handler = (e: ReturnType<typeof jwtEvent>, c: typeof lambdaContext) => Promise<Result>;
const routeHandlers = new Map<string, Handler>();
beforeAll(async () => {
  for (const spec of Object.values(handlers)) {
    if (!('route' in spec)) continue;
    const mod = (await import(/* @vite-ignore */ `../../${spec.entry}`)) as { handler: Handler };
    routeHandlers.set(`${spec.route.method} ${spec.route.path}`, mod.handler);
  }
});

/** The cases of the document's second table, filed in a fresh world for each cell. */
async function casesIn(w: World) {
  const payout = await fileCase(w, 'payout_delay');
  const othersPayout = await fileCase(w, 'payout_delay', { name: 'Bola Ade', email: 'bola@example.com' });
  const senior = await fileCase(w, 'payout_delay', { name: 'Chi Eze', email: 'chi@example.com' });
  await step(w, senior.id, { type: 'escalate', reason: 'Needs a senior look.' }, supervisor);
  const dispute = await fileCase(w, 'payout_delay', { name: 'Dayo Obi', email: 'dayo@example.com' });
  await step(w, dispute.id, { type: 'escalate', reason: 'Needs a senior look.' }, supervisor);
  await step(w, dispute.id, { type: 'escalate', reason: 'Needs the Dispute Resolution Team.' }, supervisor);
  const technical = await fileCase(w, 'technical_issue', { name: 'Efe Uko', email: 'efe@example.com' });
  const refund = await fileCase(w, 'refund_request', { name: 'Femi Ola', email: 'femi@example.com' });
  const byRole: Record<Who, readonly [string, string, string]> = {
    customer: [payout.id, othersPayout.id, technical.id],
    agent: [payout.id, senior.id, technical.id],
    senior: [senior.id, dispute.id, technical.id],
    dispute_team: [dispute.id, payout.id, technical.id],
    finance: [refund.id, payout.id, technical.id],
    supervisor: [payout.id, dispute.id, technical.id],
    admin: [payout.id, dispute.id, technical.id],
  };
  return { customerToken: payout.accessToken, byRole };
}

/**
 * The money table's case, filed in a fresh world: another customer's technical complaint (support) on the front
 * line, with a refund a supervisor proposed through the use case (which marks the case as carrying money).
 */
async function moneyCaseIn(w: World) {
  const { customerToken } = await casesIn(w);
  const technical = await fileCase(w, 'technical_issue', { name: 'Gbenga Ali', email: 'gbenga@example.com' });
  await refundOn(w, technical.id);
  return { customerToken, caseId: technical.id };
}

/** A refund of ₦10,000 (under the agent limit: any colleague but the proposer may decide it) proposed by a supervisor on `caseId`. */
async function refundOn(w: World, caseId: string): Promise<string> {
  const deps = { finance: w.finance, cases: w.store, policies: w.policies, notifier: new PolicyNotifier(w.mailer, 'https://redress.example'), now: () => w.now, newId: () => crypto.randomUUID() };
  const proposer: StaffActor = { role: 'supervisor', staffId: 'sup-fixture' };
  const proposed = await proposeRefundOnCase(deps, caseId, proposer, { amount: { amountMinor: 1_000_000, currency: 'NGN' }, reason: 'Charged twice for the course.', reference: { kind: 'order', value: 'ORD-1' } });
  if (!proposed.ok) throw new Error(`fixture refund: ${proposed.detail}`);
  return proposed.refund.refundId;
}

/** A chargeback of ₦15,000 an agent opened on `caseId` (its evidence pack is built from that case). */
async function chargebackOn(w: World, caseId: string): Promise<string> {
  const chargebackId = `cb_${crypto.randomUUID()}`;
  const input = { chargebackId, caseId, transactionReference: 'ch_fixture', amount: { amountMinor: 1_500_000, currency: 'NGN' }, reason: 'Card holder disputes the charge.' };
  const opened = openChargeback(input, { staffId: 'agent-fixture', role: 'agent' }, w.now, w.policy.finance!.chargebacks!, w.policy);
  if (!opened.ok) throw new Error(`fixture chargeback: ${opened.detail}`);
  await w.finance.createChargeback(opened.chargeback, opened.events);
  return chargebackId;
}

/** An active incident declared by a supervisor in the world, for the incident routes. */
async function incidentIn(w: World): Promise<string> {
  const at = w.now.toISOString();
  const id = `inc-fixture-${crypto.randomUUID().slice(0, 8)}`;
  const update = { seq: 1, at, message: 'We are looking into it.', by: 'sup-fixture' };
  await w.incidents.create({ id, title: 'Fixture outage', since: at, scope: { categories: ['payout_delay'], keywords: [] }, alternativeContacts: [], status: 'active', declaredAt: at, declaredBy: 'sup-fixture', updates: [update], version: 0 });
  return id;
}

const BODIES: Record<string, object> = {
  'POST /staff/chargebacks/{chargebackId}/evidence-pack': { statement: 'The course was delivered and opened.' },
  // Accepting needs no stored pack (submitting one is tested in test/core/finance/chargeback-decision.test.ts).
  'POST /staff/chargebacks/{chargebackId}/decision': { outcome: 'accept', reason: 'The customer was charged twice; we do not contest it.' },
  'POST /complaints/{id}/actions': { type: 'reply', message: 'Any news on this, please?' },
  'POST /staff/complaints/{id}/actions': { type: 'note', text: 'Checked the ledger.' },
  'POST /staff/complaints/{id}/attention/lift': { reason: 'Refund paid by hand; nothing left for the workflow.' },
  // No code was asked for: the owner learns it is gone, anyone else that nothing is there.
  'POST /complaints/{id}/step-up/verify': { code: '123456' },
  'POST /staff/complaints/{id}/refunds': { amount: { amountMinor: 500_000, currency: 'NGN' }, reason: 'Goodwill for the delay.', reference: { kind: 'order', value: 'ORD-2' } },
  'POST /staff/refunds/{refundId}/decision': { outcome: 'reject', reason: 'The order shipped; nothing to pay back.' },
  // The payout complaints carry a full account number (sealed); the refund request has no such field (422).
  'POST /staff/complaints/{id}/reveal': { field: 'accountNumber' },
  // Without a step-up the customer's own erasure and correction are 403 and change nothing.
  'POST /complaints/{id}/erasure': { confirm: true },
  'POST /complaints/{id}/contact': { name: 'Ada Obi-Eze' },
  'POST /staff/complaints/{id}/contact': { name: 'Ada Obi-Eze', email: 'ada.obi@example.net' },
  'POST /staff/complaints/{id}/legal-hold': { reason: 'Litigation notice received.' },
  'POST /staff/incidents': { title: 'Payouts delayed', since: '2026-11-23T09:00:00Z', scope: { categories: ['payout_delay'] }, message: 'Payouts are delayed; we are on it.' },
  'POST /staff/incidents/{incidentId}/updates': { message: 'The bank has fixed it.' },
  'POST /staff/incidents/{incidentId}/resolution': { outcome: 'requeue', note: 'Payouts flow again.' },
};
const QUERIES: Record<string, (id: string) => Record<string, string>> = {
  'GET /staff/queue': () => ({ limit: '100' }),
  'GET /staff/audit': (id) => ({ caseId: id }),
};

const staffOf = (who: Who) => (who === 'customer' ? undefined : { ...staffClaims([who], `${who}-1`), ...(who === 'admin' ? {} : { 'custom:department': 'payments' }) });

/** One request as `who` on `route` about case `id`: the customer with their access token, staff with a verified token. */
async function call(route: string, who: Who, id: string, customerToken: string): Promise<Result> {
  const [method, path] = route.split(' ') as [string, string];
  const claims = staffOf(who);
  const customerRoute = !path.startsWith('/staff');
  const body = BODIES[route] && JSON.stringify(BODIES[route]);
  // A route on a refund: the refund of the case in question.
  const refundId = path.includes('{refundId}') ? await refundOn(world.current, id) : undefined;
  // A route on a chargeback: one opened on the case in question.
  const chargebackId = path.includes('{chargebackId}') ? await chargebackOn(world.current, id) : undefined;
  // A route on an incident: one declared in the world (staff are not case-scoped on incidents, so the relation is moot).
  const incidentId = path.includes('{incidentId}') ? await incidentIn(world.current) : undefined;
  const event = jwtEvent({
    method,
    path: path.replace('{id}', id).replace('{refundId}', refundId ?? '').replace('{chargebackId}', chargebackId ?? '').replace('{incidentId}', incidentId ?? ''),
    ...(path.includes('{id}') ? { pathParameters: { id } } : path.includes('{grain}') ? { pathParameters: { grain: 'day', period: '2026-01-05', file: 'index.html' } } : refundId ? { pathParameters: { refundId } } : chargebackId ? { pathParameters: { chargebackId } } : incidentId ? { pathParameters: { incidentId } } : {}),
    headers: {
      ...(body ? { 'content-type': 'application/json' } : {}),
      // Staff hold no access token: on a customer route they present what they have, their staff token.
      authorization: `Bearer ${who === 'customer' ? customerToken : 'eyJhbGciOiJSUzI1NiJ9.staff.token'}`,
    },
    ...(body ? { body } : {}),
    ...(QUERIES[route] ? { query: QUERIES[route](id) } : {}),
    ...(claims && !customerRoute ? { claims } : {}),
  });
  return routeHandlers.get(route)!(event, lambdaContext);
}

const outcomeOf = (route: string, res: Result, id: string): string => {
  if (route !== 'GET /staff/queue' || res.statusCode !== 200) return String(res.statusCode);
  return (json(res).items as { id: string }[]).some((i) => i.id === id) ? 'listed' : 'absent';
};

describe('the access table in docs/contracts.md', () => {
  it('names every route the API serves, and only those', () => {
    const served = Object.values(handlers).flatMap((h) => ('route' in h ? [`${h.route.method} ${h.route.path}`] : []));
    expect([...table.keys()].sort()).toEqual(served.sort());
  });

  it('public and signed routes carry no authorizer; every other route needs a staff token or checks the access token in code', () => {
    for (const h of Object.values(handlers)) {
      if (!('route' in h)) continue;
      const row = table.get(`${h.route.method} ${h.route.path}`)!;
      expect('auth' in h && h.auth === 'staff').toBe(!undriven(row) && h.route.path.startsWith('/staff'));
    }
  });

  const cells = [...table.entries()].filter(([, row]) => !undriven(row)).flatMap(([route, row]) => ROLES.map((who) => [route, who, row[who]] as const));

  it.each(cells)('%s as %s: own · other · other department', async (route, who, expected) => {
    const got: string[] = [];
    for (const [i, relation] of RELATIONS.entries()) {
      // Prepare: a fresh world per relation, so one cell's action cannot change the next one's case
      world.current = newWorld();
      const { customerToken, byRole } = await casesIn(world.current);
      // Act
      const res = await call(route, who, byRole[who][i], customerToken);
      got.push(outcomeOf(route, res, byRole[who][i]));
      expect(res.statusCode, `${route} as ${who} on the ${relation} case: ${res.body}`).toBeLessThan(500);
    }
    // Assess
    expect(got).toEqual(expected);
  });

  it('the money table names every route about a case, and only those', () => {
    const served = Object.values(handlers).flatMap((h) => ('route' in h ? [`${h.route.method} ${h.route.path}`] : []));
    expect([...moneyTable.keys()].sort()).toEqual(served.filter(aboutACase).sort());
  });

  const moneyCells = [...moneyTable.entries()].flatMap(([route, row]) => ROLES.map((who) => [route, who, row[who]] as const));

  it.each(moneyCells)('%s as %s on a technical complaint that carries a refund', async (route, who, expected) => {
    // Prepare
    world.current = newWorld();
    const { customerToken, caseId } = await moneyCaseIn(world.current);
    // Act
    const res = await call(route, who, caseId, customerToken);
    // Assess
    expect(res.statusCode, `${route} as ${who}: ${res.body}`).toBeLessThan(500);
    expect([outcomeOf(route, res, caseId)]).toEqual(expected);
    // A refusal tells nothing: the same body as for a case that does not exist.
    if (expected[0] === '404' && route.includes('{id}')) expect((await call(route, who, crypto.randomUUID(), customerToken)).body).toBe(res.body);
  });

  it('a denial answers exactly as a missing case: the same 404 body on every case route', async () => {
    world.current = newWorld();
    const { customerToken, byRole } = await casesIn(world.current);
    for (const [route, row] of table) {
      if (!route.includes('{id}')) continue;
      // A route an agent may not use at all (403 whatever the case) is probed by a role that reaches its cases.
      const serves = (r: (typeof ROLES)[number]) => !row[r].includes('403') && !row[r].includes('401');
      const prober = row.agent.includes('403') ? (ROLES.find((r) => serves(r) && row[r].some((c) => /^20\d$/.test(c))) ?? ROLES.find(serves) ?? 'agent') : 'agent';
      const missing = await call(route, prober, crypto.randomUUID(), customerToken);
      expect(missing.statusCode).toBe(404);
      for (const who of ROLES) {
        for (const [i] of RELATIONS.entries()) {
          if (row[who][i] !== '404') continue;
          const denied = await call(route, who, byRole[who][i], customerToken);
          expect({ status: denied.statusCode, body: denied.body }, `${route} as ${who}`).toEqual({ status: 404, body: missing.body });
        }
      }
    }
  });
});
