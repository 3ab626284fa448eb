// SES's "Email Sent" events on the local stack: read from the template's rules, built from what the catcher caught,
// handed to the handler the rule names, and replayed after a crash from a kept position.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LoadedFunction } from '../../local/lambda-runtime';
import { startMailEvents } from '../../local/mail-events';
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
    const before = startMailEvents({ rules, functions: first.functions, region: 'eu-west-1', configurationSet: 'redress-local', positionFile, log: () => undefined });
    emails.forEach((e, i) => before.caught(e, i));
    await before.settled();
    expect(first.keys.sort()).toEqual(['key-0', 'key-2', 'key-3']);

    // The "restart": what was caught from the unhandled one on is handed over again (idempotent on the receiving side).
    const second = recorder(new Set());
    await startMailEvents({ rules, functions: second.functions, region: 'eu-west-1', configurationSet: 'redress-local', positionFile, log: () => undefined }).catchUp(emails);
    expect(second.keys).toEqual(['key-1', 'key-2', 'key-3']);

    const third = recorder(new Set());
    await startMailEvents({ rules, functions: third.functions, region: 'eu-west-1', configurationSet: 'redress-local', positionFile, log: () => undefined }).catchUp(emails);
    expect(third.keys).toEqual([]);
  });
});
