import { afterEach, describe, expect, it, vi } from 'vitest';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { OUTBOX_METRICS, OutboxMetrics, outboxMetricsOf } from '../../functions/adapters/outbox-metrics';
import { outboxMessages, type OutboxMessage } from '../../functions/core/outbox';
import { policyBook } from '../../functions/core/policy-book';
import type { CaseStore, Notifier, OutboxObserver } from '../../functions/core/ports';
import { sendOutboxMessage } from '../../functions/core/use-cases/send-outbox';
import { openedCase } from '../api/fixtures';

afterEach(() => vi.restoreAllMocks());

const NOW = new Date('2026-11-23T10:05:00Z');

/** The observer as a function in stage `prod` has it: its one Metrics instance (functions/adapters/metrics.ts) for that stage. */
const outboxMetrics = (stage: string) => new OutboxMetrics(new Metrics({ namespace: OUTBOX_METRICS.namespace, serviceName: OUTBOX_METRICS.service, defaultDimensions: { stage } }));

/** The message as a claim returns it: `attempts` already counts this claim. */
function claimed(caseId: string, fields: Partial<OutboxMessage>): OutboxMessage {
  const [message] = outboxMessages(caseId, 2, '2026-11-23T10:00:00Z', [{ kind: 'acknowledgment', accessToken: 'token-1' }]);
  return { ...message!, attempts: 1, claimId: 'claim-1', ...fields };
}

/** One sender's view of the outbox: a store that hands out `message` once, a notifier that mails or throws. */
function senderWith(message: OutboxMessage, mail: 'accepted' | 'refused', observer: OutboxObserver) {
  const { policy, theCase } = openedCase(message.caseId as ReturnType<typeof crypto.randomUUID>);
  const store = {
    claimOutbox: async () => message,
    get: async () => theCase,
    markOutboxSent: async () => undefined,
    releaseOutbox: async () => undefined,
  } as unknown as CaseStore;
  const notifier = {
    deliver: async () => {
      if (mail === 'refused') throw Object.assign(new Error('SES unavailable'), { name: 'ServiceUnavailable' });
      return { messageId: 'ses-1' };
    },
  } as unknown as Notifier;
  return { deps: { store, notifier, policies: policyBook(policy), now: () => NOW, observer }, ref: message };
}

/** The EMF lines Powertools wrote to stdout, parsed. */
function captureEmf() {
  const lines: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  return () => lines.flatMap((l) => l.split('\n')).filter((l) => l.includes('"_aws"')).map((l) => JSON.parse(l) as Record<string, unknown> & { _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[] } });
}

describe('what a claimed message counts for', () => {
  it('a first attempt that mails counts sent; one that fails counts failed', () => {
    expect(outboxMetricsOf('sent', { attempts: 1 }).map((m) => m.name)).toEqual(['OutboxSent']);
    expect(outboxMetricsOf('failed', { attempts: 1 }).map((m) => m.name)).toEqual(['OutboxFailed']);
  });

  it('a send after earlier claims that all ran out also counts sent-after-lease (a possible duplicate)', () => {
    expect(outboxMetricsOf('sent', { attempts: 2 }).map((m) => m.name)).toEqual(['OutboxSent', 'OutboxSentAfterLease']);
  });

  it('a send after a recorded failure is a retry, not a lease run out', () => {
    expect(outboxMetricsOf('sent', { attempts: 2, lastError: 'ServiceUnavailable' }).map((m) => m.name)).toEqual(['OutboxSent']);
  });
});

describe('the outbox sender reports to CloudWatch through its observer', () => {
  it('a send after a dead sender lease writes OutboxSent and OutboxSentAfterLease, under the names and dimensions the alarms watch', async () => {
    // Prepare
    const emf = captureEmf();
    const { deps, ref } = senderWith(claimed('00000000-0000-4000-8000-00000000000a', { attempts: 2 }), 'accepted', outboxMetrics('prod'));

    // Act
    const result = await sendOutboxMessage(deps, ref);

    // Assess
    const lines = emf();
    expect(result).toBe('sent');
    expect(lines.map((l) => l._aws.CloudWatchMetrics[0]!.Metrics[0]!.Name)).toEqual([OUTBOX_METRICS.sent, OUTBOX_METRICS.sentAfterLease]);
    for (const line of lines) {
      expect(line._aws.CloudWatchMetrics[0]!.Namespace).toBe(OUTBOX_METRICS.namespace);
      expect(line._aws.CloudWatchMetrics[0]!.Dimensions[0]!.sort()).toEqual(['service', 'stage']);
      expect(line).toMatchObject({ service: OUTBOX_METRICS.service, stage: 'prod' });
    }
  });

  it('a refused mail writes OutboxFailed once, and nothing counts it sent', async () => {
    // Prepare
    const emf = captureEmf();
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const { deps, ref } = senderWith(claimed('00000000-0000-4000-8000-00000000000b', {}), 'refused', outboxMetrics('prod'));

    // Act
    const result = await sendOutboxMessage(deps, ref);

    // Assess
    expect(result).toBe('failed');
    expect(emf().map((l) => [l._aws.CloudWatchMetrics[0]!.Metrics[0]!.Name, l[OUTBOX_METRICS.failed]])).toEqual([[OUTBOX_METRICS.failed, 1]]);
  });

  it('a message another sender holds is neither sent nor failed: nothing is counted', async () => {
    // Prepare
    const attempted = vi.fn();
    const { deps, ref } = senderWith(claimed('00000000-0000-4000-8000-00000000000c', {}), 'accepted', { attempted });
    deps.store.claimOutbox = async () => undefined;

    // Act
    const result = await sendOutboxMessage(deps, ref);

    // Assess
    expect(result).toBe('skipped');
    expect(attempted).not.toHaveBeenCalled();
  });
});
