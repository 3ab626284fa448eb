import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { ExecutionAlreadyExists, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, PublicBaseUrl, readConfig, StateMachineArn, TableName } from '../../functions/adapters/config';
import { SesMailer } from '../../functions/adapters/ses-mailer';
import { SfnWorkflowStarter } from '../../functions/adapters/sfn-workflow-starter';

const ses = mockClient(SESv2Client);
const sfn = mockClient(SFNClient);
beforeEach(() => {
  ses.reset();
  sfn.reset();
});
const ARN = 'arn:aws:states:eu-west-1:123456789012:stateMachine:ComplaintWorkflow';

describe('SfnWorkflowStarter', () => {
  const starter = new SfnWorkflowStarter(new SFNClient({ region: 'eu-west-1' }), ARN);

  it('starts an execution named after the case with only the case id as input', async () => {
    sfn.on(StartExecutionCommand).resolves({ executionArn: 'x', startDate: new Date() });
    await starter.start('0b6e4a3e-1b1a-4c1e-9c55-0a8f3f1d2e11');
    expect(sfn.commandCalls(StartExecutionCommand)[0]!.args[0].input).toEqual({
      stateMachineArn: ARN,
      name: '0b6e4a3e-1b1a-4c1e-9c55-0a8f3f1d2e11',
      input: '{"caseId":"0b6e4a3e-1b1a-4c1e-9c55-0a8f3f1d2e11"}',
    });
  });

  it('counts an existing execution of that name as started', async () => {
    sfn.on(StartExecutionCommand).rejects(new ExecutionAlreadyExists({ message: 'exists', $metadata: {} }));
    await expect(starter.start('t')).resolves.toBeUndefined();
  });

  it('passes any other failure on (the caller leaves the case for re-drive)', async () => {
    sfn.on(StartExecutionCommand).rejects(Object.assign(new Error('throttled'), { name: 'ThrottlingException' }));
    await expect(starter.start('t')).rejects.toThrow('throttled');
  });
});

describe('SesMailer', () => {
  it('sends text and HTML through the configuration set and returns the message id', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
    const mailer = new SesMailer(new SESv2Client({ region: 'eu-west-1' }), 'help@promptearn.example', 'redress');
    expect(await mailer.send({ to: 'ada@example.com', subject: 'S', text: 'T', html: '<p>H</p>' })).toEqual({ messageId: 'm-1' });
    const input = ses.commandCalls(SendEmailCommand)[0]!.args[0].input;
    expect(input).toMatchObject({
      FromEmailAddress: 'help@promptearn.example',
      ConfigurationSetName: 'redress',
      Destination: { ToAddresses: ['ada@example.com'] },
      Content: { Simple: { Subject: { Data: 'S' }, Body: { Text: { Data: 'T' }, Html: { Data: '<p>H</p>' } } } },
    });
  });
});

describe('readConfig', () => {
  const shape = { TABLE_NAME: TableName, STATE_MACHINE_ARN: StateMachineArn, PUBLIC_BASE_URL: PublicBaseUrl };

  it('returns the validated values (base URL without a trailing slash)', () => {
    expect(readConfig(shape, { TABLE_NAME: 'tbl', STATE_MACHINE_ARN: ARN, PUBLIC_BASE_URL: 'http://127.0.0.1:3000/' })).toEqual({
      TABLE_NAME: 'tbl',
      STATE_MACHINE_ARN: ARN,
      PUBLIC_BASE_URL: 'http://127.0.0.1:3000',
    });
  });

  it('fails fast naming every missing or malformed variable', () => {
    const attempt = () => readConfig(shape, { STATE_MACHINE_ARN: 'arn:nope', PUBLIC_BASE_URL: 'ftp://x' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/TABLE_NAME: is not set/);
    expect(attempt).toThrow(/STATE_MACHINE_ARN: must be a state machine ARN/);
    expect(attempt).toThrow(/PUBLIC_BASE_URL/);
  });
});
