import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../functions/domain/policy';
import { runCli } from '../../tools/simulate';
import { simulate } from '../../tools/simulate/engine';
import { ScenarioSchema, type ScenarioInput } from '../../tools/simulate/scenario';

const run = (policy: string, scenario: ScenarioInput) => simulate(loadPolicy(policy), ScenarioSchema.parse(scenario));
const clocksOf = (r: ReturnType<typeof run>) => r.breaches.map((b) => `${b.complaint}:${b.clock}`).sort();

describe('simulate (pure core)', () => {
  it('a complaint handled on time breaches nothing', () => {
    const r = run('promptearn', {
      complaints: [
        {
          id: 'ok',
          category: 'general_inquiry',
          channel: 'email',
          receivedAt: '2026-11-23T09:00:00Z',
          actions: [
            { at: '2026-11-23T09:05:00Z', type: 'acknowledge' },
            { at: '2026-11-23T12:00:00Z', type: 'reply' },
            { at: '2026-11-24T12:00:00Z', type: 'resolve' },
          ],
        },
      ],
    });
    expect(r.breaches).toEqual([]);
    expect(r.timeline.map((e) => e.event)).toEqual(['received: general_inquiry, priority low, via email', 'acknowledge', 'reply', 'resolve']);
    expect(r.timeline[0]!.deadlines.map((d) => d.clock)).toEqual(['acknowledgment', 'firstResponse', 'resolution', 'autoEscalation']);
  });

  it('waiting for the customer pauses the resolution clock, so a late-looking resolution is on time', () => {
    const r = run('promptearn', {
      complaints: [
        {
          id: 'info',
          category: 'general_inquiry',
          channel: 'email',
          receivedAt: '2026-11-23T09:00:00Z',
          actions: [
            { at: '2026-11-23T10:00:00Z', type: 'requestInfo' },
            { at: '2026-11-25T10:00:00Z', type: 'customerAnswers' }, // 48 h paused
            { at: '2026-11-26T09:00:00Z', type: 'resolve' }, // 72 h after receipt, 24 h of clock time
          ],
        },
      ],
    });
    const answered = r.timeline.find((e) => e.event === 'customerAnswers')!;
    expect(answered.deadlines.find((d) => d.clock === 'resolution')!.due).toBe('2026-11-27T09:00:00Z');
    expect(clocksOf(r)).toEqual([]);
  });

  it('an unresolved case escalates automatically after 48 hours and the senior has 48 hours more', () => {
    const r = run('promptearn', { until: '2026-11-28T00:00:00Z', complaints: [{ id: 'q', category: 'general_inquiry', channel: 'email', receivedAt: '2026-11-23T09:00:00Z', actions: [{ at: '2026-11-23T10:00:00Z', type: 'reply' }] }] });
    const auto = r.timeline.find((e) => e.event.startsWith('automatic escalation'))!;
    expect(auto.at).toBe('2026-11-25T09:00:00Z');
    expect(auto.deadlines.map((d) => [d.clock, d.due])).toEqual([['seniorResponse', '2026-11-27T09:00:00Z']]);
    // The reply also counts as the acknowledgment; resolution and the senior's answer are still open at the end.
    expect(clocksOf(r)).toEqual(['q:resolution', 'q:seniorResponse']);
  });

  it('a silent customer gets a reminder, then the case closes', () => {
    const r = run('promptearn', { until: '2026-12-10T00:00:00Z', complaints: [{ id: 's', category: 'general_inquiry', channel: 'email', receivedAt: '2026-11-23T09:00:00Z', actions: [{ at: '2026-11-23T10:00:00Z', type: 'requestInfo' }] }] });
    expect(r.timeline.filter((e) => e.complaint === 's').map((e) => [e.at, e.event.split(':')[0]])).toEqual([
      ['2026-11-23T09:00:00Z', 'received'],
      ['2026-11-23T10:00:00Z', 'requestInfo (resolution clock paused)'],
      ['2026-11-26T10:00:00Z', 'reminder sent to the customer (silence)'],
      ['2026-11-30T10:00:00Z', 'closed'],
    ]);
    // Paused clocks do not run while the customer is silent: closing for silence breaks no promise.
    expect(clocksOf(r)).toEqual([]);
  });

  it('ecomstore: a billing dispute over $100 escalates on receipt, one of exactly $100 does not', () => {
    const complaint = (id: string, amountMinor: number) => ({
      id,
      category: 'billing_payment',
      channel: 'web' as const,
      receivedAt: '2026-01-20T14:30:00Z',
      details: { disputedAmount: { amountMinor, currency: 'USD' } },
    });
    const r = run('ecomstore', { complaints: [complaint('over', 10001), complaint('equal', 10000)] });
    const triggered = r.timeline.filter((e) => e.event.startsWith('escalation trigger')).map((e) => e.complaint);
    expect(triggered).toEqual(['over']);
  });

  it('itc: the next issue of the same customer is due 24 hours after the previous one was processed', () => {
    const scenario = JSON.parse(readFileSync('scenarios/itc-friday-1629.json', 'utf8')) as ScenarioInput;
    const r = run('itc', scenario);
    const seq = r.timeline.find((e) => e.event.startsWith('next issue'))!;
    expect(seq.complaint).toBe('quote');
    expect(seq.deadlines[0]!.due).toBe('2026-11-25T03:00:00Z'); // Wed 10:00 in Ho Chi Minh City
    expect(clocksOf(r)).toEqual(['quote:firstResponse', 'quote:maxProcessing', 'quote:resolution', 'quote:seniorResponse']);
  });

  it('refuses unknown categories and actions before the complaint', () => {
    expect(() => run('itc', { complaints: [{ id: 'x', category: 'payout_delay', channel: 'web', receivedAt: '2026-11-20T16:29:00Z' }] })).toThrow(/no category "payout_delay"/);
    expect(() =>
      run('itc', { complaints: [{ id: 'x', category: 'quotation', channel: 'web', receivedAt: '2026-11-20T16:29:00Z', actions: [{ at: '2026-11-20T16:00:00Z', type: 'reply' }] }] }),
    ).toThrow(/before the complaint was received/);
  });
});

describe('simulate CLI', () => {
  it('runCli: names the bad field of an invalid scenario, exit code 1', () => {
    const out = runCli(['--policy', 'itc', '--scenario', 'bad.json'], () => JSON.stringify({ complaints: [{ id: 'x', category: 'quotation', channel: 'fax', receivedAt: 'yesterday' }] }));
    expect(out.exitCode).toBe(1);
    expect(out.stderr).toContain('complaints.0.channel');
    expect(out.stderr).toContain('complaints.0.receivedAt');
    expect(runCli(['--policy', 'nope', '--scenario', 'x.json'], () => '{}').stderr).toMatch(/unknown policy "nope"; known: earnway/);
    expect(runCli(['--policy', 'itc'], () => '{}').stderr).toMatch(/--scenario is required/);
  });

  it('runCli: --fail-on-breach exits 2 when a promise is broken; --json prints the result', () => {
    const read = (p: string) => readFileSync(p, 'utf8');
    const out = runCli(['--policy', 'earnway', '--scenario', 'scenarios/earnway-critical.json', '--fail-on-breach', '--json'], read);
    expect(out.exitCode).toBe(2);
    const parsed = JSON.parse(out.stdout) as { breaches: { complaint: string; clock: string }[] };
    expect(parsed.breaches.map((b) => `${b.complaint}:${b.clock}`)).toEqual(['anomaly:periodicUpdate']);
  });

  it.each([
    ['promptearn', 'promptearn-withdrawal-saturday.json'],
    ['promptearn', 'promptearn-auto-escalation.json'],
    ['itc', 'itc-friday-1629.json'],
    ['ecomstore', 'ecomstore-channels.json'],
    ['earnway', 'earnway-critical.json'],
    ['generic', 'generic-chat-and-email.json'],
  ])('every shipped scenario runs under its policy (%s, %s)', (policy, file) => {
    const out = runCli(['--policy', policy, '--scenario', `scenarios/${file}`], (p) => readFileSync(p, 'utf8'));
    expect(out.stderr).toBe('');
    expect(out.exitCode).toBe(0);
    expect(out.stdout).toMatch(/breached|No promise breached/);
  });

  it('a real run through npm run simulate prints the timeline with explanations and breaches', async () => {
    const { stdout } = await promisify(execFile)('npx', ['tsx', 'tools/simulate.ts', '--policy', 'promptearn', '--scenario', 'scenarios/promptearn-withdrawal-saturday.json'], { cwd: process.cwd() });
    expect(stdout).toContain('Policy promptearn v');
    expect(stdout).toContain('[payout] received: payout_delay, priority high, via web');
    expect(stdout).toContain('disputeUpdate: Due Mon 28 Dec 2026, 17:00 GMT+1: 3 business days on the business calendar lagos_office');
    expect(stdout).toMatch(/1 promise\(s\) breached:\n {2}✗ \[payout\] disputeDecision due Wed 30 Dec 2026, 17:00 GMT\+1/);
  });
});
