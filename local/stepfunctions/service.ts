// The Step Functions API over HTTP, in AWS's JSON 1.0 protocol (POST /, `X-Amz-Target: AWSStepFunctions.<Op>`,
// `application/x-amz-json-1.0`, timestamps as epoch seconds, errors as `__type`), so @aws-sdk/client-sfn and
// `aws stepfunctions ... --endpoint-url` talk to it unchanged. Signatures are not checked.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as z from '../../functions/domain/zod';
import type { StepFunctionsEngine, Execution, ExecutionStatus } from './engine';
import { StepFunctionsError } from './errors';

const epoch = (d: Date | undefined) => (d ? d.getTime() / 1000 : undefined);

const Arn = z.string().check(z.minLength(1), z.maxLength(2048));
const Token = z.string().check(z.minLength(1), z.maxLength(8192));
const Paging = { maxResults: z.optional(z.number().check(z.int(), z.gte(0), z.lte(1000))), nextToken: z.optional(z.string()) };
const ExecutionStatusSchema = z.enum(['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE']);

const requests = {
  StartExecution: z.object({ stateMachineArn: Arn, name: z.optional(z.string()), input: z.optional(z.string().check(z.maxLength(262144))), traceHeader: z.optional(z.string()) }),
  StartSyncExecution: z.object({ stateMachineArn: Arn, name: z.optional(z.string()), input: z.optional(z.string()) }),
  DescribeExecution: z.object({ executionArn: Arn, includedData: z.optional(z.string()) }),
  ListExecutions: z.object({ stateMachineArn: Arn, statusFilter: z.optional(ExecutionStatusSchema), ...Paging }),
  ListStateMachines: z.object({ ...Paging }),
  DescribeStateMachine: z.object({ stateMachineArn: Arn, includedData: z.optional(z.string()) }),
  DescribeStateMachineForExecution: z.object({ executionArn: Arn }),
  GetExecutionHistory: z.object({ executionArn: Arn, reverseOrder: z.optional(z.boolean()), includeExecutionData: z.optional(z.boolean()), ...Paging }),
  StopExecution: z.object({ executionArn: Arn, error: z.optional(z.string().check(z.maxLength(256))), cause: z.optional(z.string().check(z.maxLength(32768))) }),
  SendTaskSuccess: z.object({ taskToken: Token, output: z.string().check(z.maxLength(262144)) }),
  SendTaskFailure: z.object({ taskToken: Token, error: z.optional(z.string().check(z.maxLength(256))), cause: z.optional(z.string().check(z.maxLength(32768))) }),
  SendTaskHeartbeat: z.object({ taskToken: Token }),
};
type Operation = keyof typeof requests;

/** Operations that change an execution: answered only once the change is on disk (the engine's journal). */
const MUTATING = new Set<Operation>(['StartExecution', 'StopExecution', 'SendTaskSuccess', 'SendTaskFailure']);

function page<T>(items: T[], maxResults: number | undefined, nextToken: string | undefined): { items: T[]; nextToken?: string } {
  const start = nextToken ? Number.parseInt(Buffer.from(nextToken, 'base64url').toString(), 10) : 0;
  if (!Number.isInteger(start) || start < 0) throw new StepFunctionsError('InvalidToken', 'Invalid pagination token');
  const size = maxResults && maxResults > 0 ? maxResults : 100;
  const end = start + size;
  return { items: items.slice(start, end), nextToken: end < items.length ? Buffer.from(String(end)).toString('base64url') : undefined };
}

function executionListItem(e: Execution) {
  return { executionArn: e.executionArn, stateMachineArn: e.stateMachineArn, name: e.name, status: e.status, startDate: epoch(e.startDate), stopDate: epoch(e.stopDate) };
}

function describe(e: Execution) {
  return {
    ...executionListItem(e),
    input: e.input,
    inputDetails: { included: true },
    output: e.output,
    outputDetails: e.output === undefined ? undefined : { included: true },
    error: e.error,
    cause: e.cause,
    redriveCount: 0,
    redriveStatus: 'NOT_REDRIVABLE',
  };
}

function parseJson(text: string, what: string, errorType: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new StepFunctionsError(errorType, `${what} is not valid JSON`);
  }
}

function dispatch(engine: StepFunctionsEngine, op: Operation, body: unknown): unknown {
  const parsed = requests[op].safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new StepFunctionsError('ValidationException', `${issue.path.join('.') || 'request'}: ${issue.message}`);
  }
  switch (op) {
    case 'StartExecution': {
      const r = parsed.data as z.infer<(typeof requests)['StartExecution']>;
      const e = engine.startExecution(r.stateMachineArn, r.name, r.input);
      return { executionArn: e.executionArn, startDate: epoch(e.startDate) };
    }
    case 'StartSyncExecution':
      throw new StepFunctionsError('StateMachineTypeNotSupported', 'Only STANDARD state machines run locally');
    case 'DescribeExecution':
      return describe(engine.describeExecution((parsed.data as { executionArn: string }).executionArn));
    case 'DescribeStateMachineForExecution': {
      const e = engine.describeExecution((parsed.data as { executionArn: string }).executionArn);
      const m = engine.describeStateMachine(e.stateMachineArn);
      return { stateMachineArn: m.arn, name: m.name, definition: JSON.stringify(m.definition), roleArn: `arn:aws:iam::000000000000:role/local`, updateDate: epoch(m.creationDate) };
    }
    case 'ListExecutions': {
      const r = parsed.data as z.infer<(typeof requests)['ListExecutions']>;
      const status = r.statusFilter === 'PENDING_REDRIVE' ? undefined : (r.statusFilter as ExecutionStatus | undefined);
      const p = page(engine.listExecutions(r.stateMachineArn, status), r.maxResults, r.nextToken);
      return { executions: p.items.map(executionListItem), nextToken: p.nextToken };
    }
    case 'ListStateMachines': {
      const r = parsed.data as z.infer<(typeof requests)['ListStateMachines']>;
      const p = page(engine.listStateMachines(), r.maxResults, r.nextToken);
      return {
        stateMachines: p.items.map((m) => ({ stateMachineArn: m.arn, name: m.name, type: m.type, creationDate: epoch(m.creationDate) })),
        nextToken: p.nextToken,
      };
    }
    case 'DescribeStateMachine': {
      const m = engine.describeStateMachine((parsed.data as { stateMachineArn: string }).stateMachineArn);
      return {
        stateMachineArn: m.arn,
        name: m.name,
        status: 'ACTIVE',
        definition: JSON.stringify(m.definition),
        roleArn: 'arn:aws:iam::000000000000:role/local',
        type: m.type,
        creationDate: epoch(m.creationDate),
        loggingConfiguration: { level: 'OFF', includeExecutionData: false },
        tracingConfiguration: { enabled: false },
      };
    }
    case 'GetExecutionHistory': {
      const r = parsed.data as z.infer<(typeof requests)['GetExecutionHistory']>;
      const all = engine.describeExecution(r.executionArn).history.map((h) => ({ ...h, timestamp: epoch(h.timestamp) }));
      const p = page(r.reverseOrder ? [...all].reverse() : all, r.maxResults, r.nextToken);
      return { events: p.items, nextToken: p.nextToken };
    }
    case 'StopExecution': {
      const r = parsed.data as z.infer<(typeof requests)['StopExecution']>;
      return { stopDate: epoch(engine.stopExecution(r.executionArn, r.error, r.cause)) };
    }
    case 'SendTaskSuccess': {
      const r = parsed.data as z.infer<(typeof requests)['SendTaskSuccess']>;
      engine.succeedTask(r.taskToken, parseJson(r.output, 'output', 'InvalidOutput'));
      return {};
    }
    case 'SendTaskFailure': {
      const r = parsed.data as z.infer<(typeof requests)['SendTaskFailure']>;
      // AWS leaves the error empty when none is given; States.TaskFailed keeps Catch on States.ALL/TaskFailed working.
      engine.failTask(r.taskToken, r.error ?? 'States.TaskFailed', r.cause ?? '');
      return {};
    }
    case 'SendTaskHeartbeat':
      engine.tokens.heartbeat((parsed.data as { taskToken: string }).taskToken);
      return {};
  }
}

function send(res: ServerResponse, status: number, body: unknown, errorType?: string): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/x-amz-json-1.0',
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': crypto.randomUUID(),
    ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
  });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export interface StepFunctionsService {
  endpoint: string;
  port: number;
  server: Server;
  stop(): Promise<void>;
}

export async function startStepFunctionsService(engine: StepFunctionsEngine, port: number): Promise<StepFunctionsService> {
  const server = createServer((req, res) => {
    void (async () => {
      try {
        const target = String(req.headers['x-amz-target'] ?? '');
        const op = target.startsWith('AWSStepFunctions.') ? target.slice('AWSStepFunctions.'.length) : '';
        if (req.method !== 'POST' || !(op in requests)) {
          throw new StepFunctionsError('UnknownOperationException', `Unsupported operation '${target || `${req.method} ${req.url}`}'`);
        }
        const text = await readBody(req);
        const body = text ? parseJson(text, 'request body', 'SerializationException') : {};
        const result = dispatch(engine, op as Operation, body);
        if (MUTATING.has(op as Operation)) await engine.durable();
        send(res, 200, result);
      } catch (err) {
        if (err instanceof StepFunctionsError) send(res, err.status, { __type: err.type, message: err.message }, err.type);
        else {
          console.error('[stepfunctions] internal error', err);
          send(res, 500, { __type: 'InternalFailure', message: 'internal error' }, 'InternalFailure');
        }
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    endpoint: `http://127.0.0.1:${actual}`,
    port: actual,
    server,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
