// The lasting link to a kept KPI report: GET /staff/reports/{grain}/{period}/{file} through its real handler and use
// case, over the local S3 server holding a report kept by the same archive the scheduled report keeps it with.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { InMemoryAuditLog } from '../../functions/adapters/memory/audit-log';
import { s3ReportArchive } from '../../functions/analytics/report-archive';
import { startLocalS3, type LocalS3 } from '../../local/s3-server';
import { claims, jwtEvent } from '../api/action-fixtures';
import { lambdaContext, TEST_ENV, type Result } from '../api/events';
import type { ReportArchive } from '../../functions/core/ports';

const BUCKET = 'facts-bucket';
const PAGE = '<!doctype html><meta charset="utf-8"><title>Daily KPI report 2026-12-02</title><p>Cases received: 1</p>';
const ROUTE = '/staff/reports/{grain}/{period}/{file}';

// The handler's adapters: the archive on the local S3 server, the audit log in memory (set before the handler loads).
const held = vi.hoisted(() => ({ archive: undefined as ReportArchive | undefined, audit: undefined as InMemoryAuditLog | undefined }));
vi.mock('../../functions/adapters/wiring', async (importOriginal) => ({
  ...(await importOriginal<object>()),
  reportArchiveFromEnv: () => ({ keep: (...a: Parameters<ReportArchive['keep']>) => held.archive!.keep(...a), linkTo: (...a: Parameters<ReportArchive['linkTo']>) => held.archive!.linkTo(...a) }),
  auditLogFromEnv: () => ({ append: (e: never) => held.audit!.append(e), page: (s: never, r: never) => held.audit!.page(s, r) }),
}));
Object.assign(process.env, TEST_ENV);

let dir: string;
let s3: LocalS3;
let client: S3Client;
let handler: (e: unknown, c: unknown) => Promise<Result>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'redress-report-link-'));
  s3 = await startLocalS3({ port: 0, root: dir, buckets: [BUCKET] });
  client = new S3Client({ endpoint: s3.url, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  held.archive = s3ReportArchive(client, BUCKET);
  held.audit = new InMemoryAuditLog();
  await held.archive.keep('day/2026-12-02', [{ name: 'index.html', contentType: 'text/html; charset=utf-8', content: PAGE }, { name: 'kpis-day-2026-12-02.csv', contentType: 'text/csv', content: 'period,dimension\n' }]);
  ({ handler } = (await import('../../functions/api/kpi/get-report')) as unknown as { handler: typeof handler });
});
afterAll(async () => {
  client?.destroy();
  await s3?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const ask = (groups: string[], pathParameters: Record<string, string>, headers: Record<string, string> = {}) =>
  handler(jwtEvent({ method: 'GET', path: ROUTE, pathParameters, headers, claims: claims(groups, `${groups[0]}-1`) }), lambdaContext);

describe('GET /staff/reports/{grain}/{period}/{file}', () => {
  it('answers a supervisor 302 to a short link that downloads the kept page, uncached, and audits the read', async () => {
    // Act
    const res = await ask(['supervisor'], { grain: 'day', period: '2026-12-02', file: 'index.html' });

    // Assess
    expect(res.statusCode).toBe(302);
    expect(res.headers?.['cache-control']).toBe('no-store');
    const location = String(res.headers?.location);
    expect(location).toMatch(new RegExp(`^${s3.url}/${BUCKET}/reports/day/2026-12-02/index\\.html\\?`));
    expect(new URL(location).searchParams.get('X-Amz-Expires')).toBe('300');
    const page = await fetch(location);
    expect(page.status).toBe(200);
    expect(await page.text()).toBe(PAGE);
    const audit = await held.audit!.page({ actor: 'supervisor-1' }, { limit: 10 });
    expect(audit.entries.map((e) => [e.action, e.route])).toContainEqual(['read_report', `GET ${ROUTE}`]);
  });

  it('gives the same link as JSON to a page asking for JSON (the CSV here)', async () => {
    const res = await ask(['supervisor'], { grain: 'day', period: '2026-12-02', file: 'kpis-day-2026-12-02.csv' }, { accept: 'application/json' });

    expect(res.statusCode).toBe(200);
    const body = JSON.parse(String(res.body)) as { url: string; expiresInSeconds: number };
    expect(body.expiresInSeconds).toBe(300);
    expect(await (await fetch(body.url)).text()).toBe('period,dimension\n');
  });

  it('refuses an agent 403 (reports are the supervisors’, as the KPI table)', async () => {
    const res = await ask(['agent'], { grain: 'day', period: '2026-12-02', file: 'index.html' });

    expect(res.statusCode).toBe(403);
    expect(res.headers?.['content-type']).toBe('application/problem+json');
    expect(res.headers?.location).toBeUndefined();
  });

  it('answers 404 problem+json for a period with no report kept', async () => {
    const res = await ask(['supervisor'], { grain: 'day', period: '2026-12-03', file: 'index.html' });

    expect(res.statusCode).toBe(404);
    expect(res.headers?.['content-type']).toBe('application/problem+json');
  });

  it('answers 422 problem+json naming each invalid field', async () => {
    const res = await ask(['supervisor'], { grain: 'hourly', period: '2026-12-02', file: 'index.html' });
    const both = await ask(['supervisor'], { grain: 'day', period: '02/12/2026', file: '../secret.txt' });

    expect(res.statusCode).toBe(422);
    expect(res.headers?.['content-type']).toBe('application/problem+json');
    expect((JSON.parse(String(res.body)) as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(['grain']);
    expect((JSON.parse(String(both.body)) as { errors: { field: string }[] }).errors.map((e) => e.field).sort()).toEqual(['file', 'period']);
  });
});
