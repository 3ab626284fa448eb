// `npm start`: the whole system on this machine, from the same CDK app `cdk deploy` uses.
//   npm start                      data kept in .local/ across restarts
//   npm start -- --fresh           wipe .local/dynamodb and the virtual clock first
//   npm start -- --in-memory       keep nothing
//   npm start -- --advance PT48H   jump the virtual clock once everything is up (also: +48h, 5d)
// Ports: REDRESS_API_PORT, REDRESS_DYNAMODB_PORT, REDRESS_SES_PORT, REDRESS_SFN_PORT.
import { parseArgs } from 'node:util';
import { JAVA_MISSING } from './dynamodb';
import { startLocalStack, type LocalStack } from './stack';
import { parseDuration } from './virtual-clock';

const { values } = parseArgs({
  options: {
    fresh: { type: 'boolean', default: false },
    'in-memory': { type: 'boolean', default: false },
    advance: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
  strict: true,
});

if (values.help) {
  console.log('usage: npm start -- [--fresh] [--in-memory] [--advance <duration: PT48H | +48h | 5d>]');
  process.exit(0);
}
const advanceMs = values.advance === undefined ? undefined : parseDuration(values.advance);

let stack: LocalStack | undefined;
let stopping = false;

async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    // A second Ctrl-C while stopping exits at once (the 'exit' hook still kills the JVM).
    await stack?.stop().catch((err: unknown) => console.error(`[local] stop failed: ${(err as Error).message}`));
  }
  process.exit(code);
}

process.on('SIGINT', () => (stopping ? process.exit(130) : void shutdown(0)));
process.on('SIGTERM', () => void shutdown(0));
process.on('SIGHUP', () => void shutdown(0));
process.on('uncaughtException', (err) => {
  console.error('[local] uncaught error, stopping:', err);
  void shutdown(1);
});
process.on('unhandledRejection', (err) => {
  console.error('[local] unhandled rejection, stopping:', err);
  void shutdown(1);
});

try {
  console.log('[local] synthesizing the CDK app and starting DynamoDB Local, SES, Step Functions and the API…');
  stack = await startLocalStack({ fresh: values.fresh, inMemory: values['in-memory'] });
} catch (err) {
  const message = (err as Error).message;
  console.error(message === JAVA_MISSING ? message : `[local] could not start: ${message}`);
  await shutdown(1);
}
const s = stack!;
const u = s.urls;
console.log(`
Redress is running locally (virtual time ${new Date(s.clock.now()).toISOString()})

  Complaint form     ${u.web}
  HTTP API           ${u.api}
  OpenAPI            ${u.openapi}
  SES viewer         ${u.sesViewer}   (JSON: ${u.sesStore})
  DynamoDB           ${u.dynamodb}   tables: ${s.tables.map((t) => t.tableName).join(', ')}
  Step Functions     ${u.stepfunctions}   ${s.stateMachines.map((m) => m.arn).join(', ')}
  Virtual clock      ${u.clock}   (npm run clock -- +48h)
  Staff dev token    ${u.devToken}   (LOCAL ONLY: npm run dev-token -- --groups agent)

  AWS CLI:  AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local AWS_REGION=${s.env.AWS_REGION} \\
            aws dynamodb scan --table-name ${s.tables[0]?.tableName ?? '<table>'} --endpoint-url ${u.dynamodb}
  Data: ${values['in-memory'] ? 'in memory' : '.local/ (npm start -- --fresh wipes it)'}. Ctrl-C stops everything.
`);
if (advanceMs !== undefined) {
  const now = await s.clock.advance(advanceMs);
  console.log(`[local] virtual clock advanced by ${values.advance} to ${new Date(now).toISOString()}`);
}
