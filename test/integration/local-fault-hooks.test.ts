// The local runtime's two fault hooks the fault suite (test/faults/) injects with: SES answering 500, and a
// Lambda invocation throwing. Each must fail only while injected, and the real thing must work again after.
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { injectInvokeFault, invoke, type LoadedFunction } from '../../local/lambda-runtime';
import { caughtEmails, injectSesFault, startSes, type SesCatcher } from '../../local/ses';

let ses: SesCatcher;
let client: SESv2Client;
beforeAll(async () => {
  ses = await startSes(0);
  client = new SESv2Client({ endpoint: ses.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
});
afterAll(async () => {
  injectSesFault(undefined);
  injectInvokeFault(undefined);
  client?.destroy();
  await ses?.stop();
});

const mail = (subject: string) =>
  new SendEmailCommand({
    FromEmailAddress: 'help@example.com',
    Destination: { ToAddresses: ['ada@example.com'] },
    Content: { Simple: { Subject: { Data: subject }, Body: { Text: { Data: 'Hello.' } } } },
  });

describe('SES fault hook', () => {
  it('answers 500 and catches nothing while injected, and catches again once lifted', async () => {
    // Prepare
    const before = caughtEmails().length;
    injectSesFault(() => true);

    // Act
    const failed = await client.send(mail('during the outage')).then(
      () => undefined,
      (e: { $metadata?: { httpStatusCode?: number } }) => e.$metadata?.httpStatusCode,
    );
    injectSesFault(undefined);
    const sent = await client.send(mail('after the outage'));

    // Assess
    expect(failed).toBe(500);
    expect(sent.MessageId).toBeDefined();
    expect(caughtEmails().slice(before).map((m) => (m as { subject: string }).subject)).toEqual(['after the outage']);
  });
});

describe('Lambda invocation fault hook', () => {
  const fn: LoadedFunction = {
    logicalId: 'EchoFunction',
    functionName: 'echo',
    arn: 'arn:aws:lambda:us-east-1:000000000000:function:echo',
    entry: 'functions/workflow/echo.ts',
    exportName: 'handler',
    environment: {},
    timeoutSeconds: 30,
    handler: async (event) => event,
  };

  it('throws the injected error, shaped like Lambda errors, only for the invocations it picks', async () => {
    // Prepare
    injectInvokeFault((f, event) => (f.logicalId === 'EchoFunction' && (event as { n: number }).n === 2 ? new TypeError('injected') : undefined));

    // Act
    const first = await invoke(fn, { n: 1 });
    const second = await invoke(fn, { n: 2 }).catch((e: Error) => e);
    injectInvokeFault(undefined);
    const third = await invoke(fn, { n: 2 });

    // Assess
    expect(first).toEqual({ n: 1 });
    expect(second).toMatchObject({ name: 'TypeError', errorType: 'TypeError', errorMessage: 'injected' });
    expect(third).toEqual({ n: 2 });
  });
});
