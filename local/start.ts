// `npm start`: the whole system on this machine, from the same CDK app `cdk deploy` uses.
// `npm start -- --help` lists the options (local/start-options.ts).
import { JAVA_MISSING } from './dynamodb';
import { formatJumpReport } from './jump-report';
import { startLocalStack, type LocalStack } from './stack';
import { parseStartOptions, START_USAGE, type StartOptions } from './start-options';

let values: StartOptions;
try {
  values = parseStartOptions(process.argv.slice(2));
} catch (err) {
  console.error(`npm start: ${(err as Error).message}\n\n${START_USAGE}`);
  process.exit(2);
}
if (values.help) {
  console.log(START_USAGE);
  process.exit(0);
}

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
  stack = await startLocalStack({ fresh: values.fresh, inMemory: values.inMemory, policy: values.policy });
} catch (err) {
  const message = (err as Error).message;
  console.error(message === JAVA_MISSING ? message : `[local] could not start: ${message}`);
  await shutdown(1);
}
const s = stack!;
const u = s.urls;
console.log(`
Redress is running locally (virtual time ${new Date(s.clock.now()).toISOString()}, policy ${s.policy ?? '?'})

  Complaint form     ${u.web}
  HTTP API           ${u.api}
  OpenAPI            ${u.openapi}
  SES viewer         ${u.sesViewer}   (JSON: ${u.sesStore})
  DynamoDB           ${u.dynamodb}   tables: ${s.tables.map((t) => t.tableName).join(', ')}
  Step Functions     ${u.stepfunctions}   ${s.stateMachines.map((m) => m.arn).join(', ')}
  Virtual clock      ${u.clock}   (npm run clock -- +48h)
  Staff dev token    ${u.devToken}   (LOCAL ONLY: npm run dev-token -- --groups agent)
  Payment provider   ${u.payments}   (LOCAL ONLY fake: refunds, disputes via POST /_fake/disputes, events at /_fake/events)
  Inbound mail SMTP  ${u.smtp || '(no inbound-email function in the template)'}   (mail help@… or a case's reply address)
  S3                 ${u.s3}   (aws s3 ls --endpoint-url ${u.s3})

  AWS CLI:  AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local AWS_REGION=${s.env.AWS_REGION} \\
            aws dynamodb scan --table-name ${s.tables[0]?.tableName ?? '<table>'} --endpoint-url ${u.dynamodb}
  Data: ${values.inMemory ? 'in memory' : '.local/ (npm start -- --fresh wipes it)'}. Ctrl-C stops everything.
`);
if (values.advance !== undefined) {
  const { now, fired } = await s.clock.jump(values.advance.ms);
  console.log(`[local] virtual clock advanced by ${values.advance.text} to ${new Date(now).toISOString()}; fired:\n${formatJumpReport(fired).join('\n')}`);
}
