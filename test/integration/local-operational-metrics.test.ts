// Operational metrics end to end on the local stack: a complaint filed over HTTP, a virtual-clock jump that breaks its
// promises and escalates it, and the EMF lines the analytics change-stream consumer writes to stdout (the function's
// log on AWS, where CloudWatch turns them into metrics): one intake by channel, one breach per clock the case broke,
// one escalation per rung it climbed, with the names and dimensions the alarms in infra/constructs/observability.ts
// watch. The handlers run in this process, so their stdout is this process's.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { METRICS } from '../../functions/adapters/metrics';
import { startLocalStack, type LocalStack } from '../../local/stack';

let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack({ ports: 0, inMemory: true, policy: 'itc', log: () => {} });
});

afterAll(async () => {
  await stack?.stop();
});

afterEach(() => {
  vi.restoreAllMocks();
});

type EmfLine = Record<string, unknown> & { _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[] } };

/** The EMF lines written to stdout from now on, parsed; other output passes through. */
function captureEmf(): () => EmfLine[] {
  const lines: string[] = [];
  const write = process.stdout.write.bind(process.stdout) as (chunk: string | Uint8Array, ...rest: unknown[]) => boolean;
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
    const text = String(chunk);
    if (text.includes('"_aws"')) lines.push(text);
    else write(chunk, ...rest);
    return true;
  });
  return () => lines.flatMap((l) => l.split('\n')).filter((l) => l.includes('"_aws"')).map((l) => JSON.parse(l) as EmfLine);
}

const nameOf = (l: EmfLine) => l._aws.CloudWatchMetrics[0]!.Metrics[0]!.Name;

describe('operational metrics on the local stack', () => {
  it('a case that breaches and escalates under virtual time counts one intake, each breach and each escalation once, in EMF', async () => {
    // Prepare
    const emf = captureEmf();

    // Act: file a complaint, let the stream consumers run, then jump past the first-response promise (1 business
    // day), the automatic escalation (5 calendar days) and the maximum processing time (7 calendar days).
    const res = await fetch(`${stack.urls.api}/complaints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ customer: { name: 'Nguyen Van An', email: 'an@example.com' }, category: 'product_guidance', subject: 'Mail client setup', description: 'How do I set up the mail client on my phone?' }),
    });
    expect(res.status).toBe(201);
    const { caseNumber } = (await res.json()) as { caseNumber: string };
    await stack.streams.drain();
    const jump = await fetch(stack.urls.clock, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advance: 'P10D' }) });
    expect(jump.status).toBe(200);
    const { fired } = (await jump.json()) as { fired: { events: Record<string, { count: number; cases: string[] }> } };
    await stack.streams.drain();

    // Assess: every line in the namespace, under the service and stage the alarms watch, counted in Count.
    const lines = emf().filter((l) => ['Intake', 'Breaches', 'Escalations', 'WorkflowFailures'].includes(nameOf(l)));
    for (const l of lines) {
      expect(l._aws.CloudWatchMetrics[0]).toMatchObject({ Namespace: METRICS.namespace, Metrics: [{ Unit: 'Count' }] });
      expect(l._aws.CloudWatchMetrics[0]!.Dimensions[0]).toEqual(['service', 'stage']);
      expect(l).toMatchObject({ service: METRICS.service, [nameOf(l)]: 1 });
    }
    // One intake, by the channel the complaint came in on.
    expect(lines.filter((l) => nameOf(l) === 'Intake').map((l) => l.channel)).toEqual(['api']);
    // One breach line per breach the jump made happen (the timeline's `breached` events), first response among them.
    const breaches = lines.filter((l) => nameOf(l) === 'Breaches');
    expect(fired.events.breached?.cases).toContain(caseNumber);
    expect(breaches).toHaveLength(fired.events.breached!.count);
    expect(breaches.map((l) => l.clock)).toContain('firstResponse');
    expect(new Set(breaches.map((l) => l.clock)).size).toBe(breaches.length);
    for (const l of breaches) expect(l._aws.CloudWatchMetrics[0]!.Dimensions).toEqual([['service', 'stage'], ['service', 'stage', 'clock']]);
    // One escalation line per rung climbed: the automatic escalation to the Customer Room.
    const escalations = lines.filter((l) => nameOf(l) === 'Escalations');
    const climbed = (fired.events.escalated_senior?.count ?? 0) + (fired.events.escalated_dispute_review?.count ?? 0) + (fired.events.mediation_recommended?.count ?? 0);
    expect(climbed).toBeGreaterThanOrEqual(1);
    expect(escalations).toHaveLength(climbed);
    expect(escalations[0]).toMatchObject({ to: 'customer_room', trigger: 'automatic' });
    expect(escalations[0]!._aws.CloudWatchMetrics[0]!.Dimensions).toEqual([['service', 'stage'], ['service', 'stage', 'to', 'trigger']]);
    // Nothing failed.
    expect(lines.filter((l) => nameOf(l) === 'WorkflowFailures')).toEqual([]);
    // The 10-day jump runs every timer and schedule on the way: 24.4 s in a clean-clone CI run, 41 % of the default bound.
  }, 120_000);
});
