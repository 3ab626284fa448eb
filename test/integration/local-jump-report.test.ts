// What the clock CLI prints after a jump, and every local CLI answering --help.
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { firedEmails, formatJumpReport } from '../../local/jump-report';

const ROOT = resolve(import.meta.dirname, '../..');

function run(script: string, ...args: string[]): Promise<{ code: number; stdout: string }> {
  return new Promise((done) => {
    execFile(process.execPath, ['--import', 'tsx', script, ...args], { cwd: ROOT, env: { ...process.env, REDRESS_API_PORT: '1' } }, (err, stdout) =>
      done({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout: String(stdout) }),
    );
  });
}

describe('jump report', () => {
  it('counts the mail caught since the jump began and the case numbers it names', () => {
    const caught = [
      { subject: 'Old mail PE-2026-000001' },
      { subject: 'We received your complaint PE-2026-000002', body: { text: 'Case PE-2026-000002 …' } },
      { subject: '[supervisor] breach: case PE-2026-000003' },
      { subject: 'No case here' },
    ];
    expect(firedEmails(caught, 1)).toEqual({ count: 3, cases: ['PE-2026-000002', 'PE-2026-000003'] });
  });

  it('prints one line per kind with counts and case numbers, repeated cases folded', () => {
    const lines = formatJumpReport({
      events: { reminder_sent: { count: 1, cases: ['PE-2026-000004'] }, breached: { count: 3, cases: ['PE-2026-000001', 'PE-2026-000001', 'PE-2026-000002'] } },
      emails: { count: 2, cases: ['PE-2026-000001'] },
    });
    expect(lines).toEqual([
      '  breached                      3  (PE-2026-000001 ×2, PE-2026-000002)',
      '  reminder_sent                 1  (PE-2026-000004)',
      '  emails sent                   2  (PE-2026-000001)',
    ]);
    expect(formatJumpReport({ events: {}, emails: { count: 0, cases: [] } })).toEqual(['  nothing fired']);
  });
});

describe('local CLIs answer --help', () => {
  it.each([
    ['local/start.ts', /usage: npm start -- \[options\][\s\S]*--policy/],
    ['local/clock-cli.ts', /usage: npm run clock[\s\S]*then it prints what fired/],
    ['local/dev-token-cli.ts', /usage: npm run -s dev-token[\s\S]*LOCAL ONLY/],
  ])('%s --help prints its usage and exits 0 without a running stack', async (script, usage) => {
    const r = await run(script, '--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(usage);
  });

  it('the clock CLI says how to start the stack when none answers', async () => {
    const r = await run('local/clock-cli.ts', '+1h');
    expect(r.code).toBe(1);
  });
});
