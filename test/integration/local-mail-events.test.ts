// SES's "Email Sent" events on the local stack: read from the template's rules, built from what the catcher caught,
// handed to the handler the rule names, and replayed after a crash from a kept position.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LoadedFunction } from '../../local/lambda-runtime';
import { startMailEvents } from '../../local/mail-events';
import { onStoreCleared, startSes } from '../../local/ses';
import { freePort } from '../support/free-ports';
import { readTemplate } from '../../local/template';
import { sentMailOf } from '../../functions/adapters/ses-send-event';
import { IDEMPOTENCY_HEADER } from '../../functions/core/outbox';

const dir = mkdtempSync(join(tmpdir(), 'redress-mail-events-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const template = {
  Resources: {
    Confirm: { Type: 'AWS::Lambda::Function', Properties: {}, Metadata: { 'redress:entry': 'x.ts' } },
    Sweep: { Type: 'AWS::Lambda::Function', Properties: {}, Metadata: { 'redress:entry': 'y.ts' } },
    SentRule: { Type: 'AWS::Events::Rule', Properties: { EventPattern: { source: ['aws.ses'], 'detail-type': ['Email Sent'] }, Targets: [{ Arn: { 'Fn::GetAtt': ['Confirm', 'Arn'] } }] } },
    EveryMinute: { Type: 'AWS::Events::Rule', Properties: { ScheduleExpression: 'rate(1 minute)', Targets: [{ Arn: { 'Fn::GetAtt': ['Sweep', 'Arn'] } }] } },
  },
};

const caught = (n: number) => ({ messageId: `m-${n}`, at: 1_796_000_000 + n, headers: [{ name: IDEMPOTENCY_HEADER, value: `key-${n}` }], destination: { to: ['c@example.com'] } });

/** Retries without the rule's minutes-long backoff, for handlers that fail on purpose. */
const quickRetry = { attempts: 2, firstMs: 1 };

/** A stand-in handler that records the keys it was given and fails for the ones listed. */
function recorder(failFor: Set<string>) {
  const keys: string[] = [];
  const fn = {
    logicalId: 'Confirm',
    handler: async (event: unknown) => {
      const key = sentMailOf(event)!.key;
      if (failFor.has(key)) throw new Error('DynamoDB down');
      keys.push(key);
    },
  } as unknown as LoadedFunction;
  return { keys, functions: new Map([['Confirm', fn]]) };
}

describe('local Email Sent events', () => {
  it('reads the rule on SES events, not the schedules, from the template', () => {
    const model = readTemplate(template, { region: 'eu-west-1', publicBaseUrl: 'http://127.0.0.1:1' });
    expect(model.mailEvents).toEqual([{ logicalId: 'SentRule', detailTypes: ['Email Sent'], functionLogicalId: 'Confirm' }]);
    expect(model.schedules.map((s) => s.functionLogicalId)).toEqual(['Sweep']);
  });

  it("hands each caught message's event to the handler; after a crash, replays from the first one not handled", async () => {
    const rules = [{ logicalId: 'SentRule', detailTypes: ['Email Sent'], functionLogicalId: 'Confirm' }];
    const positionFile = join(dir, 'events-handled.json');
    const emails = [0, 1, 2, 3].map(caught);
    const first = recorder(new Set(['key-1']));
    const before = startMailEvents({ rules, functions: first.functions, region: 'eu-west-1', configurationSet: 'redress-local', positionFile, log: () => undefined, retry: quickRetry });
    emails.forEach((e, i) => before.caught(e, i));
    await before.settled();
    expect(first.keys.sort()).toEqual(['key-0', 'key-2', 'key-3']);

    // The "restart": what was caught from the unhandled one on is handed over again (idempotent on the receiving side).
    const second = recorder(new Set());
    await startMailEvents({ rules, functions: second.functions, region: 'eu-west-1', configurationSet: 'redress-local', positionFile, log: () => undefined, retry: quickRetry }).catchUp(emails);
    expect(second.keys).toEqual(['key-1', 'key-2', 'key-3']);

    const third = recorder(new Set());
    await startMailEvents({ rules, functions: third.functions, region: 'eu-west-1', configurationSet: 'redress-local', positionFile, log: () => undefined, retry: quickRetry }).catchUp(emails);
    expect(third.keys).toEqual([]);
  });

  it('retries a failing handler with backoff, as EventBridge does, so a table down for seconds still gets the event', async () => {
    const rules = [{ logicalId: 'SentRule', detailTypes: ['Email Sent'], functionLogicalId: 'Confirm' }];
    const calls: number[] = [];
    const keys: string[] = [];
    const started = Date.now();
    const down = {
      logicalId: 'Confirm',
      // Down for the first 4 calls (the old 3 quick attempts would all have failed), then up.
      handler: async (event: unknown) => {
        calls.push(Date.now() - started);
        if (calls.length <= 4) throw new Error('DynamoDB down');
        keys.push(sentMailOf(event)!.key);
      },
    } as unknown as LoadedFunction;
    const events = startMailEvents({ rules, functions: new Map([['Confirm', down]]), region: 'eu-west-1', configurationSet: 'redress-local', log: () => undefined, retry: { attempts: 8, firstMs: 20 } });
    events.caught(caught(40), 0);
    await events.settled();
    expect(keys).toEqual(['key-40']);
    expect(calls).toHaveLength(5);
    // Waits of 20, 40, 80 and 160 ms between the five calls: at least 300 ms in all.
    expect(calls[4]! - calls[0]!).toBeGreaterThanOrEqual(300);
  });

  it("restarts the position when the catcher's store is cleared, so mail caught after the clear is replayed after a crash", async () => {
    const rules = [{ logicalId: 'SentRule', detailTypes: ['Email Sent'], functionLogicalId: 'Confirm' }];
    const positionFile = join(dir, 'cleared-position.json');
    const start = (r: ReturnType<typeof recorder>) => startMailEvents({ rules, functions: r.functions, region: 'eu-west-1', configurationSet: 'redress-local', positionFile, log: () => undefined, retry: quickRetry });
    // Prepare: four messages handled, then the store cleared
    const first = recorder(new Set(['key-11']));
    const running = start(first);
    [0, 1, 2, 3].map(caught).forEach((e, i) => running.caught(e, i));
    await running.settled();
    running.cleared();
    // Act: two messages caught after the clear (indices start again at 0); the second's event fails, then the crash
    const afterClear = [10, 11].map(caught);
    afterClear.forEach((e, i) => running.caught(e, i));
    await running.settled();
    const second = recorder(new Set());
    await start(second).catchUp(afterClear);
    // Assess
    expect(first.keys.sort()).toEqual(['key-0', 'key-1', 'key-10', 'key-2', 'key-3']);
    expect(second.keys).toEqual(['key-11']);
    expect(JSON.parse(readFileSync(positionFile, 'utf8'))).toEqual({ handled: 2, last: 'm-11' });
  });

  it('finds a kept position again by its last message id, and starts from 0 when that message is gone', async () => {
    const rules = [{ logicalId: 'SentRule', detailTypes: ['Email Sent'], functionLogicalId: 'Confirm' }];
    const positionFile = join(dir, 'moved-position.json');
    const start = (r: ReturnType<typeof recorder>) => startMailEvents({ rules, functions: r.functions, region: 'eu-west-1', configurationSet: 'redress-local', positionFile, log: () => undefined, retry: quickRetry });

    // The kept mail changed under the position (cleared while stopped): its last message is no longer at index 1.
    writeFileSync(positionFile, JSON.stringify({ handled: 2, last: 'm-1' }));
    const moved = recorder(new Set());
    await start(moved).catchUp([5, 0, 1, 2].map(caught));
    // Cleared while stopped, and new mail caught since: the kept message is gone, so everything kept is handled.
    writeFileSync(positionFile, JSON.stringify({ handled: 4, last: 'm-3' }));
    const gone = recorder(new Set());
    await start(gone).catchUp([20, 21].map(caught));
    // A position written before ids were kept still counts as it did.
    writeFileSync(positionFile, JSON.stringify({ handled: 1 }));
    const legacy = recorder(new Set());
    await start(legacy).catchUp([30, 31].map(caught));

    expect(moved.keys).toEqual(['key-2']);
    expect(gone.keys.sort()).toEqual(['key-20', 'key-21']);
    expect(legacy.keys).toEqual(['key-31']);
  });

  it("the catcher's clear (POST /clear-store, the viewer's button) empties its kept mail and tells the listener", async () => {
    const dataDir = join(dir, 'ses');
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(join(dataDir, 'emails.ndjson'), `${JSON.stringify(caught(1))}\n`);
    const ses = await startSes(await freePort(), { dataDir });
    let cleared = 0;
    onStoreCleared(() => cleared++);
    try {
      expect(ses.restored).toBe(1);
      const res = await fetch(`${ses.endpoint}/clear-store`, { method: 'POST' });
      expect(res.ok).toBe(true);
      expect(cleared).toBe(1);
      expect(readFileSync(join(dataDir, 'emails.ndjson'), 'utf8')).toBe('');
    } finally {
      onStoreCleared(undefined);
      await ses.stop();
    }
  });
});
