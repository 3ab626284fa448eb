import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { policyBook } from '../../functions/core/policy-book';
import { loadPolicy } from '../../functions/domain/policy';
import { runCli } from '../../tools/simulate';
import { breachesOf } from '../../tools/simulate/format';
import { simulate, type SimulationResult } from '../../tools/simulate/run';
import { ScenarioSchema, type ScenarioInput } from '../../tools/simulate/scenario';

/** The simulator drives the production use cases (intake, actions, the workflow's acknowledgment and clocks) in memory. */
const run = (scenario: ScenarioInput) => simulate(policyBook(loadPolicy(scenario.policy)), ScenarioSchema.parse(scenario));
const caseOf = (r: SimulationResult, id: string) => r.cases.find((c) => c.complaint === id)!;
const types = (r: SimulationResult, id: string) => caseOf(r, id).timeline.map((e) => e.type);
const read = (p: string) => readFileSync(p, 'utf8');

describe('simulate (the production core in memory, on a virtual clock)', () => {
  it('a complaint handled on time breaks no promise; the workflow acknowledges it at once, as in production', async () => {
    const r = await run({
      policy: 'promptearn',
      complaints: [
        {
          id: 'ok',
          category: 'general_inquiry',
          channel: 'email',
          receivedAt: '2026-11-23T09:00:00Z',
          actions: [
            { at: '2026-11-23T12:00:00Z', by: 'agent', type: 'reply', message: 'Looking into it.' },
            { at: '2026-11-24T12:00:00Z', by: 'agent', type: 'resolve', summary: 'Access restored.' },
            { at: '2026-11-24T13:00:00Z', by: 'customer', type: 'acceptResolution' },
          ],
        },
      ],
    });
    expect(breachesOf(r)).toEqual([]);
    expect(types(r, 'ok')).toEqual(['received', 'acknowledged', 'staff_replied', 'resolved', 'resolution_accepted']);
    expect(caseOf(r, 'ok').timeline[1]!.at).toBe('2026-11-23T09:00:00.000Z');
    expect(r.emails.filter((m) => m.to === 'ok@customer.example').map((m) => m.subject)).toEqual([
      expect.stringMatching(/received your complaint PE-2026-000001/),
      expect.stringMatching(/Update on case/),
      expect.stringMatching(/resolved/),
      expect.stringMatching(/How did we do/),
    ]);
    expect(caseOf(r, 'ok').status).toBe('closed');
  });

  it('waiting for the customer pauses the resolution clock; the answer resumes it with the time that was left', async () => {
    const r = await run({
      policy: 'promptearn',
      until: '2026-11-27T00:00:00Z',
      complaints: [
        {
          id: 'info',
          category: 'general_inquiry',
          channel: 'email',
          receivedAt: '2026-11-23T09:00:00Z',
          actions: [
            { at: '2026-11-23T10:00:00Z', by: 'agent', type: 'requestInfo', questions: 'Which course?' },
            { at: '2026-11-25T10:00:00Z', by: 'customer', type: 'reply', message: 'The marketing course.' },
          ],
        },
      ],
    });
    // 48 h routine resolution from 09:00 Monday; 1 h used before the request, 47 h left from Wednesday 10:00.
    expect(caseOf(r, 'info').clocks.resolution).toMatchObject({ status: 'running', due: '2026-11-27T09:00:00Z' });
    expect(breachesOf(r)).toEqual([]);
  });

  it('an unresolved case escalates to a senior after 48 hours, then to the Dispute Resolution Team when the senior is late', async () => {
    const r = await run(JSON.parse(read('scenarios/promptearn-auto-escalation.json')) as ScenarioInput);
    expect(types(r, 'quiet')).toEqual(['received', 'acknowledged', 'staff_replied', 'breached', 'escalated_senior', 'breached', 'escalated_dispute_review']);
    const escalated = caseOf(r, 'quiet').timeline.find((e) => e.type === 'escalated_senior')!;
    expect(escalated.at).toBe('2026-11-25T09:00:00.000Z');
    expect(escalated.deadlines.map((d) => [d.clock, d.due])).toEqual([['seniorResponse', '2026-11-27T09:00:00Z']]);
    expect(breachesOf(r)).toEqual(['quiet:resolution', 'quiet:seniorResponse']);
  });

  it('a silent customer gets a reminder, then the case closes without a broken promise', async () => {
    const r = await run({
      policy: 'promptearn',
      until: '2026-12-10T00:00:00Z',
      complaints: [{ id: 's', category: 'general_inquiry', channel: 'email', receivedAt: '2026-11-23T09:00:00Z', actions: [{ at: '2026-11-23T10:00:00Z', by: 'agent', type: 'requestInfo' }] }],
    });
    expect(types(r, 's')).toEqual(['received', 'acknowledged', 'info_requested', 'reminder_sent', 'closed']);
    expect(caseOf(r, 's').timeline.slice(-2).map((e) => e.at)).toEqual(['2026-11-26T10:00:00.000Z', '2026-11-30T10:00:00.000Z']);
    expect(breachesOf(r)).toEqual([]);
  });

  it('reports what the system refuses (a category the policy does not have, an action out of turn) instead of applying it', async () => {
    const r = await run({
      policy: 'itc',
      complaints: [
        { id: 'x', category: 'payout_delay', channel: 'web', receivedAt: '2026-11-20T16:29:00Z' },
        { id: 'q', category: 'quotation', channel: 'web', receivedAt: '2026-11-20T16:29:00Z', details: { service: 'Hosting' }, actions: [{ at: '2026-11-20T16:30:00Z', by: 'customer', type: 'acceptResolution' }] },
      ],
    });
    expect(r.refused.map((x) => [x.complaint, x.step, x.reason])).toEqual([
      ['x', 'file', 'invalid'],
      ['q', 'acceptResolution', 'conflict'],
    ]);
    await expect(run({ policy: 'itc', complaints: [{ id: 'q', category: 'quotation', channel: 'web', receivedAt: '2026-11-20T16:29:00Z', actions: [{ at: '2026-11-20T16:00:00Z', by: 'agent', type: 'reply' }] }] })).rejects.toThrow(
      /before the complaint was received/,
    );
  });
});

describe('simulate CLI', () => {
  it('--help explains the options; a bad scenario names its fields; an unknown policy names the known ones', async () => {
    const help = await runCli(['--help']);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain('--policy <name|file>');
    const bad = await runCli(['--scenario', 'bad.json'], () => JSON.stringify({ policy: 'itc', complaints: [{ id: 'x', category: 'quotation', channel: 'fax', receivedAt: 'yesterday' }] }));
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toContain('complaints.0.channel');
    expect(bad.stderr).toContain('complaints.0.receivedAt');
    expect((await runCli(['--policy', 'nope', '--scenario', 'x.json'], () => JSON.stringify({ policy: 'itc', complaints: [{ id: 'x', category: 'quotation', channel: 'web', receivedAt: '2026-11-20T16:29:00Z' }] }))).stderr).toMatch(
      /unknown policy "nope"; known: earnway/,
    );
    expect((await runCli(['--policy', 'itc'])).stderr).toMatch(/--scenario is required/);
  });

  it('--policy takes a policy file as well as a preset name; the file is validated with the policy schema', async () => {
    const itc = JSON.parse(read('policies/itc.json')) as Record<string, unknown>;
    const files: Record<string, string> = { 'mine.json': JSON.stringify({ ...itc, version: '9.9.9' }), 'broken.json': JSON.stringify({ ...itc, version: 'one' }), 's.json': read('scenarios/itc-friday-1629.json') };
    const out = await runCli(['--policy', 'mine.json', '--scenario', 's.json', '--json'], (p) => files[p] ?? read(p));
    expect(out.exitCode).toBe(0);
    expect(out.result?.policy.version).toBe('9.9.9');
    expect((await runCli(['--policy', 'broken.json', '--scenario', 's.json'], (p) => files[p]!)).stderr).toMatch(/version: use semantic versioning/);
  });

  it('--fail-on-breach exits 2 when a promise is broken; --json prints the result', async () => {
    const out = await runCli(['--scenario', 'scenarios/promptearn-auto-escalation.json', '--fail-on-breach', '--json'], read);
    expect(out.exitCode).toBe(2);
    expect(breachesOf(JSON.parse(out.stdout) as SimulationResult)).toEqual(['quiet:resolution', 'quiet:seniorResponse']);
  });

  it.each(['promptearn-withdrawal-saturday.json', 'promptearn-auto-escalation.json', 'itc-friday-1629.json', 'ecomstore-channels.json', 'earnway-critical.json', 'generic-chat-and-email.json'])(
    'every shipped scenario runs under the policy it names (%s)',
    async (file) => {
      const out = await runCli(['--scenario', `scenarios/${file}`], read);
      expect(out.stderr).toBe('');
      expect(out.exitCode).toBe(0);
      expect(out.stdout).toMatch(/promise\(s\) breached|No promise breached/);
    },
  );

  it('a real run through npm run simulate prints the timeline with explanations and breaches', async () => {
    const { stdout } = await promisify(execFile)('npx', ['tsx', 'tools/simulate.ts', '--scenario', 'scenarios/promptearn-withdrawal-saturday.json'], { cwd: process.cwd() });
    expect(stdout).toContain('Policy promptearn v');
    expect(stdout).toContain('[payout] PE-2026-000001');
    expect(stdout).toContain('disputeUpdate: Due Mon 28 Dec 2026, 17:00 GMT+1: 3 business days on the business calendar lagos_office');
    expect(stdout).toMatch(/1 promise\(s\) breached:\n {2}✗ \[payout\] disputeDecision at Wed 30 Dec 2026, 17:00 GMT\+1/);
  });
});
