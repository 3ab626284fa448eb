// The local runtime against a small CDK fixture stack (test/integration/fixtures): real DynamoDB Local, the
// real SES catcher, the Step Functions service with the real SDK client and the real AWS CLI, the gateway's
// API Gateway 2.0 events, the virtual clock, restart persistence and clean shutdown.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DescribeTableCommand, DescribeTimeToLiveCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import {
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  ListStateMachinesCommand,
  ExecutionAlreadyExists,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  SFNClient,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  StopExecutionCommand,
  TaskTimedOut,
  InvalidToken,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../local/stack';
import { fixtureTemplate } from './fixtures/fixture-stack';
import { aws, awsJson, eventually, isAlive } from './local-helpers';

const HOUR = 3600;
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

let template: Record<string, unknown>;
let stack: LocalStack;
let dataDir: string;
let table: string;
let machineArn: string;
let sfn: SFNClient;
let db: DynamoDBDocumentClient;

function clients(s: LocalStack): void {
  sfn = new SFNClient({ endpoint: s.urls.stepfunctions, region: s.env.AWS_REGION, credentials });
  db = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: s.urls.dynamodb, region: s.env.AWS_REGION, credentials }));
}

async function start(ports: LocalStack['ports'] | 0): Promise<LocalStack> {
  return startLocalStack({
    template,
    rootDir: resolve(import.meta.dirname, '../..'),
    ports,
    dataDir,
    webDir: join(import.meta.dirname, 'fixtures/web'),
    log: () => undefined,
  });
}

beforeAll(async () => {
  template = fixtureTemplate();
  dataDir = mkdtempSync(join(tmpdir(), 'redress-local-'));
  stack = await start(0);
  table = stack.tables[0].tableName;
  machineArn = stack.stateMachines[0].arn;
  clients(stack);
});

afterAll(async () => {
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Starts a case's workflow directly and waits until its callback token is registered on the case. */
async function startCase(id: string, pause: number, firstResponse: number): Promise<{ arn: string; token: string }> {
  await db.send(new PutCommand({ TableName: table, Item: { pk: `CASE#${id}`, sk: 'CASE' } }));
  const { executionArn } = await sfn.send(
    new StartExecutionCommand({ stateMachineArn: machineArn, name: id, input: JSON.stringify({ caseId: id, waitSeconds: { pause, firstResponse } }) }),
  );
  const token = await eventually(async () => {
    const r = await db.send(new GetCommand({ TableName: table, Key: { pk: `CASE#${id}`, sk: 'CASE' } }));
    return r.Item?.taskToken as string | undefined;
  }, `task token of ${id}`);
  return { arn: executionArn!, token };
}

const status = async (arn: string) => (await sfn.send(new DescribeExecutionCommand({ executionArn: arn }))).status;
const finished = (arn: string) =>
  eventually(async () => {
    const d = await sfn.send(new DescribeExecutionCommand({ executionArn: arn }));
    return d.status === 'RUNNING' ? undefined : d;
  }, `end of ${arn}`);

describe('DynamoDB Local', () => {
  it('has the template table with its GSI and TTL, and answers the real AWS CLI', async () => {
    const ddb = new DynamoDBClient({ endpoint: stack.urls.dynamodb, region: stack.env.AWS_REGION, credentials });
    const described = await ddb.send(new DescribeTableCommand({ TableName: table }));
    expect(described.Table?.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(described.Table?.GlobalSecondaryIndexes?.map((g) => g.IndexName)).toEqual(['byQueue']);
    const ttl = await ddb.send(new DescribeTimeToLiveCommand({ TableName: table }));
    expect(ttl.TimeToLiveDescription).toMatchObject({ AttributeName: 'expiresAt', TimeToLiveStatus: 'ENABLED' });

    await awsJson(stack.env, stack.urls.dynamodb, 'dynamodb', 'put-item', '--table-name', table, '--item', JSON.stringify({ pk: { S: 'CLI#1' }, sk: { S: 'X' }, note: { S: 'from the cli' } }));
    const got = await db.send(new GetCommand({ TableName: table, Key: { pk: 'CLI#1', sk: 'X' } }));
    expect(got.Item?.note).toBe('from the cli');
    const scan = await awsJson<{ Items: { pk: { S: string } }[] }>(stack.env, stack.urls.dynamodb, 'dynamodb', 'scan', '--table-name', table);
    expect(scan.Items.map((i) => i.pk.S)).toContain('CLI#1');
  });
});

describe('SES catcher', () => {
  it('keeps messages sent with the real SDK and the AWS CLI and lists them on /store', async () => {
    const ses = new SESv2Client({ endpoint: stack.urls.ses, region: stack.env.AWS_REGION, credentials });
    const sent = await ses.send(
      new SendEmailCommand({
        FromEmailAddress: 'noreply@example.com',
        Destination: { ToAddresses: ['someone@example.com'] },
        Content: { Simple: { Subject: { Data: 'catcher check 7f3a' }, Body: { Text: { Data: 'hello' } } } },
      }),
    );
    expect(sent.MessageId).toBeTruthy();
    const store = (await (await fetch(stack.urls.sesStore)).json()) as { emails: { subject: string; destination: { to: string[] } }[] };
    expect(store.emails.find((e) => e.subject === 'catcher check 7f3a')?.destination.to).toEqual(['someone@example.com']);

    await awsJson(stack.env, stack.urls.ses, 'sesv2', 'send-email',
      '--from-email-address', 'noreply@example.com',
      '--destination', JSON.stringify({ ToAddresses: ['cli@example.com'] }),
      '--content', JSON.stringify({ Simple: { Subject: { Data: 'from the cli 91c2' }, Body: { Text: { Data: 'hi' } } } }),
    );
    const after = (await (await fetch(stack.urls.sesStore)).json()) as { emails: { subject: string; destination: { to: string[] } }[] };
    expect(after.emails.find((e) => e.subject === 'from the cli 91c2')?.destination.to).toEqual(['cli@example.com']);

    const viewer = await fetch(stack.urls.sesViewer);
    expect(viewer.status).toBe(200);
    expect(viewer.headers.get('content-type')).toMatch(/html/);
  });
});

describe('Step Functions service', () => {
  it('lists and describes the template state machine', async () => {
    const list = await sfn.send(new ListStateMachinesCommand({}));
    expect(list.stateMachines).toEqual([expect.objectContaining({ stateMachineArn: machineArn, type: 'STANDARD' })]);
    const d = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: machineArn }));
    const asl = JSON.parse(d.definition!) as { States: Record<string, { Resource?: string }> };
    expect(asl.States['Await first response'].Resource).toBe('arn:aws:states:::lambda:invoke.waitForTaskToken');
  });

  it('runs start-execution, describe-execution and send-task-success from the AWS CLI; a repeated callback gets TaskTimedOut', async () => {
    await db.send(new PutCommand({ TableName: table, Item: { pk: 'CASE#cli-1', sk: 'CASE' } }));
    const started = await awsJson<{ executionArn: string; startDate: string }>(
      stack.env, stack.urls.stepfunctions, 'stepfunctions', 'start-execution',
      '--state-machine-arn', machineArn, '--name', 'cli-1', '--input', JSON.stringify({ caseId: 'cli-1', waitSeconds: { pause: 0, firstResponse: 24 * HOUR } }),
    );
    expect(started.executionArn).toMatch(/:execution:.*:cli-1$/);
    const token = await eventually(async () => (await db.send(new GetCommand({ TableName: table, Key: { pk: 'CASE#cli-1', sk: 'CASE' } }))).Item?.taskToken as string | undefined, 'token');
    const running = await awsJson<{ status: string; name: string }>(stack.env, stack.urls.stepfunctions, 'stepfunctions', 'describe-execution', '--execution-arn', started.executionArn);
    expect(running).toMatchObject({ status: 'RUNNING', name: 'cli-1' });

    await awsJson(stack.env, stack.urls.stepfunctions, 'stepfunctions', 'send-task-success', '--task-token', token, '--task-output', '{"answeredBy":"agent-7"}');
    const done = await finished(started.executionArn);
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output!)).toMatchObject({ caseId: 'cli-1', firstResponse: { answeredBy: 'agent-7' } });

    const again = await aws(stack.env, stack.urls.stepfunctions, 'stepfunctions', 'send-task-success', '--task-token', token, '--task-output', '{}');
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('TaskTimedOut');
  });

  it('treats the execution name as idempotent: same input returns the same execution, other input is refused', async () => {
    const input = JSON.stringify({ caseId: 'idem-1', waitSeconds: { pause: 0, firstResponse: HOUR } });
    await db.send(new PutCommand({ TableName: table, Item: { pk: 'CASE#idem-1', sk: 'CASE' } }));
    const first = await sfn.send(new StartExecutionCommand({ stateMachineArn: machineArn, name: 'idem-1', input }));
    const second = await sfn.send(new StartExecutionCommand({ stateMachineArn: machineArn, name: 'idem-1', input }));
    expect(second.executionArn).toBe(first.executionArn);
    expect(second.startDate?.getTime()).toBe(first.startDate?.getTime());
    await expect(
      sfn.send(new StartExecutionCommand({ stateMachineArn: machineArn, name: 'idem-1', input: JSON.stringify({ caseId: 'idem-1', other: true }) })),
    ).rejects.toBeInstanceOf(ExecutionAlreadyExists);
    const listed = await sfn.send(new ListExecutionsCommand({ stateMachineArn: machineArn }));
    expect(listed.executions?.filter((e) => e.name === 'idem-1')).toHaveLength(1);
    await sfn.send(new StopExecutionCommand({ executionArn: first.executionArn, error: 'Test.Stop', cause: 'cleanup' }));
    expect(await status(first.executionArn!)).toBe('ABORTED');
  });

  it('times a waitForTaskToken out under the virtual clock, catches States.Timeout, and refuses the late callback', async () => {
    const t0 = stack.clock.now();
    const { arn, token } = await startCase('late-1', 0, 48 * HOUR);
    await stack.clock.advance('47h');
    expect(await status(arn)).toBe('RUNNING');

    await stack.clock.advance('PT1H');
    const done = await finished(arn);
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output!).error).toEqual({ Error: 'States.Timeout', Cause: 'States.Timeout' });
    const theCase = (await db.send(new GetCommand({ TableName: table, Key: { pk: 'CASE#late-1', sk: 'CASE' } }))).Item!;
    expect(theCase.breached).toBe('firstResponse');
    // The context object: $$.State.EnteredTime / $$.State.Name / $$.Execution.Name as on AWS.
    expect(theCase).toMatchObject({ stateName: 'Await first response', executionName: 'late-1' });
    expect(Date.parse(theCase.enteredAt as string)).toBeGreaterThanOrEqual(t0);
    expect(Date.parse(theCase.enteredAt as string)).toBeLessThan(t0 + 60_000);
    // The breach handler ran at virtual T+48h: handlers see the same clock.
    expect(Date.parse(theCase.breachedAt as string) - t0).toBeGreaterThanOrEqual(48 * HOUR * 1000);
    const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn: arn }));
    expect(history.events?.map((e) => e.type)).toContain('TaskTimedOut');

    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }))).rejects.toBeInstanceOf(TaskTimedOut);
    await expect(sfn.send(new SendTaskHeartbeatCommand({ taskToken: token }))).rejects.toBeInstanceOf(TaskTimedOut);
  });

  it('gives a retried Task $$.State.RetryCount 1 and the same $$.State.EnteredTime as its first attempt', async () => {
    const { arn } = await startCase('flaky-1', 0, HOUR);
    const theCase = (await db.send(new GetCommand({ TableName: table, Key: { pk: 'CASE#flaky-1', sk: 'CASE' } }))).Item!;
    const attempts = theCase.ackAttempts as { attempt: number; enteredAt: string }[];
    expect(attempts.map((a) => a.attempt)).toEqual([0, 1]);
    expect(attempts[1].enteredAt).toBe(attempts[0].enteredAt);
    // Entering the state again later (another execution) starts from RetryCount 0.
    const other = await startCase('plain-1', 0, HOUR);
    const plain = (await db.send(new GetCommand({ TableName: table, Key: { pk: 'CASE#plain-1', sk: 'CASE' } }))).Item!;
    expect((plain.ackAttempts as { attempt: number }[]).map((a) => a.attempt)).toEqual([0]);
    await sfn.send(new StopExecutionCommand({ executionArn: arn }));
    await sfn.send(new StopExecutionCommand({ executionArn: other.arn }));
  });

  it('keeps a Wait longer than 24.8 days waiting instead of firing at once', async () => {
    await db.send(new PutCommand({ TableName: table, Item: { pk: 'CASE#long-1', sk: 'CASE' } }));
    const thirtyDays = 30 * 24 * HOUR;
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: machineArn, name: 'long-1', input: JSON.stringify({ caseId: 'long-1', waitSeconds: { pause: thirtyDays, firstResponse: HOUR } }) }),
    );
    const inPause = async () => (await sfn.send(new GetExecutionHistoryCommand({ executionArn }))).events!.map((e) => e.stateEnteredEventDetails?.name).filter(Boolean);
    await eventually(async () => ((await inPause()).includes('Pause') ? true : undefined), 'Pause entered');
    await stack.clock.advance('29d');
    expect(await inPause()).not.toContain('Await first response');
    await stack.clock.advance('1d');
    await eventually(async () => ((await inPause()).includes('Await first response') ? true : undefined), 'Wait over after 30 days');
  });

  it('completes a task with SendTaskFailure into the execution error, and fails on a handler error', async () => {
    const { arn, token } = await startCase('fail-cb', 0, HOUR);
    await sfn.send(new SendTaskFailureCommand({ taskToken: token, error: 'Agent.Rejected', cause: 'not ours' }));
    const done = await finished(arn);
    expect(done).toMatchObject({ status: 'FAILED', error: 'Agent.Rejected', cause: 'not ours' });

    await db.send(new PutCommand({ TableName: table, Item: { pk: 'CASE#fail-ack', sk: 'CASE' } }));
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: machineArn, name: 'fail-ack', input: JSON.stringify({ caseId: 'fail-ack', waitSeconds: { pause: 0, firstResponse: HOUR } }) }),
    );
    const failed = await finished(executionArn!);
    expect(failed.status).toBe('FAILED');
    expect(failed.error).toBe('TypeError');
    expect(JSON.parse(failed.cause!)).toMatchObject({ errorType: 'TypeError', errorMessage: 'acknowledge refused this case' });
    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: 'x'.repeat(20), output: '{}' }))).rejects.toBeInstanceOf(InvalidToken);
  });
});

describe('HTTP gateway', () => {
  it('sends API Gateway payload 2.0 events and maps structured results back', async () => {
    const res = await fetch(`${stack.urls.api}/echo/a%20b?x=1&x=2&y=z`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Custom-Header': 'Yes', cookie: 'c1=v1; c2=v2' },
      body: JSON.stringify({ hello: 'world' }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-echo')).toBe('yes');
    expect(res.headers.get('set-cookie')).toBe('a=1');
    const { event } = (await res.json()) as { event: Record<string, any> };
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'POST /echo/{id}',
      rawPath: '/echo/a%20b',
      rawQueryString: 'x=1&x=2&y=z',
      queryStringParameters: { x: '1,2', y: 'z' },
      pathParameters: { id: 'a b' },
      cookies: ['c1=v1', 'c2=v2'],
      body: '{"hello":"world"}',
      isBase64Encoded: false,
    });
    expect(event.headers['x-custom-header']).toBe('Yes');
    expect(event.headers['content-type']).toBe('application/json');
    expect(event.requestContext.http).toMatchObject({ method: 'POST', path: '/echo/a%20b', sourceIp: '127.0.0.1' });
    expect(event.requestContext.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(event.requestContext.time).toMatch(/^\d\d\/\w{3}\/\d{4}:\d\d:\d\d:\d\d \+0000$/);
  });

  it('base64-encodes binary bodies, infers JSON for plain results, hides handler errors, and 404s unknown routes', async () => {
    const bin = await fetch(`${stack.urls.api}/echo/bin`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: new Uint8Array([0, 255, 1]) });
    const { event } = (await bin.json()) as { event: { body: string; isBase64Encoded: boolean } };
    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body, 'base64')).toEqual(Buffer.from([0, 255, 1]));

    const plain = await fetch(`${stack.urls.api}/echo/plain`);
    expect(plain.headers.get('content-type')).toBe('application/json');
    expect(await plain.json()).toEqual({ hello: 'world' });

    const boom = await fetch(`${stack.urls.api}/echo/boom`);
    expect(boom.status).toBe(500);
    expect(boom.headers.get('content-type')).toBe('application/problem+json');
    const text = await boom.text();
    expect(JSON.parse(text)).toEqual({ type: 'urn:redress:problem:internal-server-error', title: 'Internal Server Error', status: 500, detail: 'Something went wrong on our side. Please try again later.' });
    expect(text).not.toMatch(/boom|Error:|at /i);
  });

  it('answers its own errors as problem+json: malformed percent-encoding 400, unknown route 404, wrong method 405, oversized body 413', async () => {
    const problemOf = async (res: Response) => {
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      return (await res.json()) as { type: string; status: number; title: string; detail: string };
    };
    const malformed = await fetch(`${stack.urls.api}/echo/%E0%A4%A`);
    expect(malformed.status).toBe(400);
    expect(await problemOf(malformed)).toMatchObject({ type: 'urn:redress:problem:malformed-url', status: 400 });
    const lone = await fetch(`${stack.urls.api}/%`);
    expect(lone.status).toBe(400);

    const unknown = await fetch(`${stack.urls.api}/no/such/route`, { method: 'POST', body: '{}' });
    expect(unknown.status).toBe(404);
    expect(await problemOf(unknown)).toMatchObject({ type: 'urn:redress:problem:not-found', status: 404, detail: 'No route or page for POST /no/such/route.' });

    const wrongMethod = await fetch(`${stack.urls.api}/echo/x`, { method: 'DELETE' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET, POST');
    expect(await problemOf(wrongMethod)).toMatchObject({ type: 'urn:redress:problem:method-not-allowed', status: 405 });

    const huge = await fetch(`${stack.urls.api}/echo/x`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'x'.repeat(10 * 1024 * 1024 + 1) }).catch(() => undefined);
    // The gateway may close the connection before the whole body is sent; when the answer arrives it is a 413 problem.
    if (huge) {
      expect(huge.status).toBe(413);
      expect(await problemOf(huge)).toMatchObject({ type: 'urn:redress:problem:payload-too-large', status: 413 });
    }
  });

  it('serves the static site at / and nothing outside it', async () => {
    const index = await fetch(stack.urls.web);
    expect(index.headers.get('content-type')).toMatch(/text\/html/);
    expect(await index.text()).toContain('Fixture form');
    expect((await fetch(`${stack.urls.api}/sub/site.css`)).headers.get('content-type')).toMatch(/text\/css/);
    expect((await fetch(`${stack.urls.api}/..%2f..%2fpackage.json`)).status).toBe(404);
    const missing = await fetch(`${stack.urls.api}/nope.html`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toBe('application/problem+json');
  });

  it('starts a workflow through an API route with handlers seeing the template environment', async () => {
    const res = await fetch(`${stack.urls.api}/cases`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ caseId: 'api-1', pauseSeconds: 0, firstResponseSeconds: HOUR }) });
    expect(res.status).toBe(201);
    const { executionArn } = (await res.json()) as { executionArn: string };
    expect(executionArn).toBe(machineArn.replace(':stateMachine:', ':execution:') + ':api-1');
    const bad = await fetch(`${stack.urls.api}/cases`, { method: 'POST', body: '{' });
    expect(bad.status).toBe(400);
  });

  it('exposes the virtual clock: GET shows it, POST advances it, a bad duration is a 400 naming the field', async () => {
    const before = (await (await fetch(stack.urls.clock)).json()) as { now: string };
    const res = await fetch(stack.urls.clock, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advance: 'PT2H' }) });
    const after = (await res.json()) as { now: string; advancedMs: number };
    expect(res.status).toBe(200);
    expect(after.advancedMs).toBeGreaterThanOrEqual(2 * HOUR * 1000);
    expect(Date.parse(after.now) - Date.parse(before.now)).toBeGreaterThanOrEqual(2 * HOUR * 1000);
    const bad = await fetch(stack.urls.clock, { method: 'POST', body: JSON.stringify({ advance: 'soon' }) });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toBe('application/problem+json');
    expect(((await bad.json()) as { errors: { field: string }[] }).errors[0].field).toBe('advance');
  });
});

describe('schedules', () => {
  it('runs the rule Lambda target on the virtual clock with a Scheduled Event', async () => {
    const read = async () => (await db.send(new GetCommand({ TableName: table, Key: { pk: 'SCHEDULE#tick', sk: 'SCHEDULE' } }))).Item;
    const before = Number((await read())?.runs ?? 0);
    await stack.clock.advance('PT10M');
    const item = await eventually(async () => {
      const i = await read();
      return Number(i?.runs ?? 0) > before ? i : undefined;
    }, 'a scheduled run');
    expect(item.lastEvent).toMatchObject({ 'detail-type': 'Scheduled Event', source: 'aws.events', detail: {} });
    expect(item.lastEvent.resources[0]).toMatch(/^arn:aws:events:.*:rule\//);
  });
});

describe('lifecycle', () => {
  it('keeps data and executions across a restart, and leaves no JVM behind after stop()', async () => {
    await db.send(new PutCommand({ TableName: table, Item: { pk: 'KEEP#1', sk: 'X', v: 42 } }));
    const toTimeOut = await startCase('restart-timeout', 0, 10 * HOUR);
    const toAnswer = await startCase('restart-answer', 0, 10 * HOUR);
    const clockBefore = stack.clock.now();
    const jvm = stack.pids.dynamodb;
    const ports = stack.ports;
    await stack.stop();
    expect(isAlive(jvm)).toBe(false);

    stack = await start(ports);
    clients(stack);
    expect(isAlive(stack.pids.dynamodb)).toBe(true);
    const kept = await db.send(new GetCommand({ TableName: table, Key: { pk: 'KEEP#1', sk: 'X' } }));
    expect(kept.Item?.v).toBe(42);
    // Virtual time does not go backwards across a restart (it is kept in the data directory).
    expect(stack.clock.now()).toBeGreaterThanOrEqual(clockBefore);

    // Finished executions are still there; waiting ones resume with their token and their deadline.
    expect(await status(machineArn.replace(':stateMachine:', ':execution:') + ':cli-1')).toBe('SUCCEEDED');
    expect(await status(toTimeOut.arn)).toBe('RUNNING');
    await sfn.send(new SendTaskSuccessCommand({ taskToken: toAnswer.token, output: '{"after":"restart"}' }));
    const answered = await finished(toAnswer.arn);
    expect(JSON.parse(answered.output!).firstResponse).toEqual({ after: 'restart' });

    await stack.clock.advance('10h');
    const timedOut = await finished(toTimeOut.arn);
    expect(timedOut.status).toBe('SUCCEEDED');
    expect(JSON.parse(timedOut.output!).error.Error).toBe('States.Timeout');
    // The stack starts again inside the test: bounded as the hooks that start stacks are (vitest.config.ts).
  }, 240_000);
});
