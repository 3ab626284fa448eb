import { Metrics } from '@aws-lambda-powertools/metrics';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { emitOperationalMetrics } from '../../functions/analytics/operational-metrics';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('emitOperationalMetrics', () => {
  it('writes one EMF line per metric, each under the service alone and with its own dimensions', () => {
    // Prepare
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    const metrics = new Metrics({ namespace: 'Redress', serviceName: 'complaints' });
    // Act
    emitOperationalMetrics(metrics, [
      { name: 'Breaches', dimensions: { clock: 'firstResponse' }, value: 1 },
      { name: 'Intake', dimensions: { channel: 'email' }, value: 2 },
      { name: 'WorkflowFailures', dimensions: {}, value: 1 },
    ]);
    // Assess
    const emf = lines.flatMap((l) => l.split('\n')).filter((l) => l.includes('_aws')).map((l) => JSON.parse(l));
    expect(emf).toHaveLength(3);
    expect(emf[0]._aws.CloudWatchMetrics[0]).toMatchObject({ Namespace: 'Redress', Metrics: [{ Name: 'Breaches', Unit: 'Count' }] });
    // The total (what an alarm watches) and the count per clock, from the one line.
    expect(emf[0]._aws.CloudWatchMetrics[0].Dimensions).toEqual([['service'], ['service', 'clock']]);
    expect(emf[0]).toMatchObject({ Breaches: 1, clock: 'firstResponse', service: 'complaints' });
    expect(emf[1]).toMatchObject({ Intake: 2, channel: 'email' });
    expect(emf[2].WorkflowFailures).toBe(1);
    expect(emf[2]._aws.CloudWatchMetrics[0].Dimensions[0]).toEqual(['service']);
  });
});
