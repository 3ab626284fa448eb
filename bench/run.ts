/**
 * `npm run bench`: every figure next to a baseline measured in the same run, printed as a ratio.
 * Bounded: a fixed number of requests per level; everything it starts, it stops.
 */
import { synthTemplate } from '../infra/synth';
import { startLocalStack } from '../local/stack';
import { benchIntake } from './intake';
import { benchLambdas, lambdaEntries } from './lambdas';
import { benchWorkflowTransitions } from './workflow-transitions';

const template = synthTemplate() as Parameters<typeof lambdaEntries>[0];

console.log('Lambda bundles (minified ESM, AWS SDK external) and cold module-init, vs a hello-world handler\n');
console.log(await benchLambdas(lambdaEntries(template)));

console.log('\nIntake on the local stack (POST /complaints), vs a bare DynamoDB PutItem on the same DynamoDB Local\n');
const stack = await startLocalStack({ ports: 0, inMemory: true, log: () => {} });
try {
  console.log(await benchIntake(stack));
} finally {
  await stack.stop();
}

console.log('\nState transitions and AWS cost per complaint, by scenario, vs a help-desk seat per ticket\n');
console.log(await benchWorkflowTransitions());
