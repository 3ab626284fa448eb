import { existsSync } from 'node:fs';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { API_PATH_PATTERNS } from '../../infra/constructs/web-hosting';
import { functionLogicalId, handlerNames, handlers } from '../../infra/handlers';
import { fromRepo } from '../../infra/paths';
import { httpRoutes, lambdaFunctions, resolveIntrinsics, stateMachineDefinition } from '../../infra/synth';
import { actionsOf, asList, statementsOfFunction, synthesize } from './synthesized';
import { METRICS } from '../../functions/adapters/metrics';
import { breachAlarmThreshold } from '../../functions/domain/kpi/alarm-thresholds';
import { loadPolicy } from '../../functions/domain/policy/load';
import { contextDefaults } from '../../infra/context';
import { ESCALATION_SPIKE_STD_DEVS } from '../../infra/constructs/observability';
import { powertoolsVersion } from '../../infra/constructs/powertools-layer';

// One synth for the whole file (bundling skipped, like the local runtime's).
const { template, nag } = synthesize();
const assert = Template.fromJSON(template);

/** docs/contracts.md, "Lambda handlers": the environment each handler gets (STAGE for all). */
const contractEnvironment: Record<string, string[]> = {
  CreateComplaintFunction: ['TABLE_NAME', 'POLICY_PRESET', 'PUBLIC_BASE_URL', 'FIELD_KEY_ARN', 'CUSTOMER_KEYS_TABLE'],
  GetComplaintFunction: ['TABLE_NAME', 'POLICY_PRESET', 'REPLY_SIGNING_SECRET_ARN', 'REPLY_DOMAIN'],
  ListCategoriesFunction: ['POLICY_PRESET'],
  GetOpenApiFunction: ['POLICY_PRESET'],
  AcknowledgeFunction: ['TABLE_NAME', 'SENDER_ADDRESS', 'SES_CONFIGURATION_SET', 'PUBLIC_BASE_URL', 'POLICY_PRESET', 'SUPERVISOR_ADDRESS', 'REPLY_SIGNING_SECRET_ARN', 'REPLY_DOMAIN', 'SOCIAL_PAGE_ACCESS_TOKEN_SECRET_ARN', 'SOCIAL_GRAPH_API_URL'],
  RegisterTaskTokenFunction: ['TABLE_NAME'],
  ApplyDueClocksFunction: ['TABLE_NAME', 'SENDER_ADDRESS', 'SES_CONFIGURATION_SET', 'PUBLIC_BASE_URL', 'POLICY_PRESET', 'SUPERVISOR_ADDRESS', 'REPLY_SIGNING_SECRET_ARN', 'REPLY_DOMAIN', 'SOCIAL_PAGE_ACCESS_TOKEN_SECRET_ARN', 'SOCIAL_GRAPH_API_URL'],
  RecordFailureFunction: ['TABLE_NAME', 'SENDER_ADDRESS', 'SES_CONFIGURATION_SET', 'PUBLIC_BASE_URL', 'POLICY_PRESET', 'SUPERVISOR_ADDRESS', 'REPLY_SIGNING_SECRET_ARN', 'REPLY_DOMAIN', 'SOCIAL_PAGE_ACCESS_TOKEN_SECRET_ARN', 'SOCIAL_GRAPH_API_URL'],
  StaffQueueFunction: ['TABLE_NAME', 'POLICY_PRESET', 'REPLY_SIGNING_SECRET_ARN', 'REPLY_DOMAIN'],
  StaffAttentionFunction: ['TABLE_NAME', 'POLICY_PRESET', 'REPLY_SIGNING_SECRET_ARN', 'REPLY_DOMAIN'],
  StaffGetComplaintFunction: ['TABLE_NAME', 'POLICY_PRESET'],
  StaffLiftFlagFunction: ['TABLE_NAME', 'POLICY_PRESET'],
  StaffActionFunction: ['TABLE_NAME', 'POLICY_PRESET', 'PUBLIC_BASE_URL', 'SENDER_ADDRESS', 'SES_CONFIGURATION_SET', 'SUPERVISOR_ADDRESS', 'REPLY_SIGNING_SECRET_ARN', 'REPLY_DOMAIN', 'USER_POOL_ID', 'SOCIAL_PAGE_ACCESS_TOKEN_SECRET_ARN', 'SOCIAL_GRAPH_API_URL'],
  CustomerActionFunction: ['TABLE_NAME', 'POLICY_PRESET', 'PUBLIC_BASE_URL', 'SENDER_ADDRESS', 'SES_CONFIGURATION_SET', 'SUPERVISOR_ADDRESS', 'REPLY_SIGNING_SECRET_ARN', 'REPLY_DOMAIN', 'SOCIAL_PAGE_ACCESS_TOKEN_SECRET_ARN', 'SOCIAL_GRAPH_API_URL'],
  InboundEmailFunction: ['TABLE_NAME', 'SENDER_ADDRESS', 'SES_CONFIGURATION_SET', 'PUBLIC_BASE_URL', 'POLICY_PRESET', 'SUPERVISOR_ADDRESS', 'OWN_ADDRESSES', 'INBOUND_MAIL_BUCKET', 'INBOUND_MAIL_PREFIX', 'REPLY_SIGNING_SECRET_ARN', 'REPLY_DOMAIN', 'FILES_BUCKET', 'FILES_KMS_KEY_ID', 'SOCIAL_PAGE_ACCESS_TOKEN_SECRET_ARN', 'SOCIAL_GRAPH_API_URL'],
  SocialWebhookHandshakeFunction: ['SOCIAL_WEBHOOK_SECRET_ARN'],
  SocialWebhookFunction: ['TABLE_NAME', 'SENDER_ADDRESS', 'SES_CONFIGURATION_SET', 'PUBLIC_BASE_URL', 'POLICY_PRESET', 'SUPERVISOR_ADDRESS', 'SOCIAL_WEBHOOK_SECRET_ARN', 'REPLY_SIGNING_SECRET_ARN', 'REPLY_DOMAIN', 'SOCIAL_PAGE_ACCESS_TOKEN_SECRET_ARN', 'SOCIAL_GRAPH_API_URL'],
  CustomerNewAttachmentFunction: ['TABLE_NAME', 'FILES_BUCKET', 'FILES_KMS_KEY_ID'],
  StaffNewAttachmentFunction: ['TABLE_NAME', 'FILES_BUCKET', 'FILES_KMS_KEY_ID'],
  CustomerListAttachmentsFunction: ['TABLE_NAME', 'FILES_BUCKET', 'FILES_KMS_KEY_ID'],
  StaffListAttachmentsFunction: ['TABLE_NAME', 'FILES_BUCKET', 'FILES_KMS_KEY_ID'],
  ReconcileWorkflowsFunction: ['TABLE_NAME', 'STATE_MACHINE_ARN', 'SENDER_ADDRESS', 'SES_CONFIGURATION_SET', 'PUBLIC_BASE_URL', 'SUPERVISOR_ADDRESS', 'REPLY_SIGNING_SECRET_ARN', 'REPLY_DOMAIN', 'SOCIAL_PAGE_ACCESS_TOKEN_SECRET_ARN', 'SOCIAL_GRAPH_API_URL'],
  RecordCaseFactsFunction: ['TABLE_NAME', 'POLICY_PRESET', 'KPI_FACTS_STREAM', 'EVENT_BUS_NAME'],
  StaffKpisFunction: ['POLICY_PRESET', 'KPI_WORKGROUP', 'KPI_DATABASE', 'TABLE_NAME'],
  StaffReportFunction: ['REPORTS_BUCKET', 'TABLE_NAME'],
  SendKpiReportFunction: ['POLICY_PRESET', 'KPI_WORKGROUP', 'KPI_DATABASE', 'REPORTS_BUCKET', 'SENDER_ADDRESS', 'SES_CONFIGURATION_SET', 'SUPERVISOR_ADDRESS', 'PUBLIC_BASE_URL'],
  OnCaseChangeFunction: ['TABLE_NAME', 'STATE_MACHINE_ARN', 'POLICY_PRESET', 'SENDER_ADDRESS', 'SES_CONFIGURATION_SET', 'PUBLIC_BASE_URL', 'SUPERVISOR_ADDRESS', 'REPLY_SIGNING_SECRET_ARN', 'REPLY_DOMAIN', 'SOCIAL_PAGE_ACCESS_TOKEN_SECRET_ARN', 'SOCIAL_GRAPH_API_URL'],
  ConfirmSentMailFunction: ['TABLE_NAME'],
  SendDueOutboxFunction: ['TABLE_NAME', 'POLICY_PRESET', 'SENDER_ADDRESS', 'SES_CONFIGURATION_SET', 'PUBLIC_BASE_URL', 'SUPERVISOR_ADDRESS', 'REPLY_SIGNING_SECRET_ARN', 'REPLY_DOMAIN', 'SOCIAL_PAGE_ACCESS_TOKEN_SECRET_ARN', 'SOCIAL_GRAPH_API_URL'],
  // finance
  ProposeRefundFunction: ['TABLE_NAME', 'POLICY_PRESET', 'PUBLIC_BASE_URL', 'SENDER_ADDRESS', 'SES_CONFIGURATION_SET', 'SUPERVISOR_ADDRESS', 'REPLY_SIGNING_SECRET_ARN', 'REPLY_DOMAIN', 'SOCIAL_PAGE_ACCESS_TOKEN_SECRET_ARN', 'SOCIAL_GRAPH_API_URL'],
  DecideRefundFunction: ['TABLE_NAME', 'POLICY_PRESET', 'PUBLIC_BASE_URL', 'SENDER_ADDRESS', 'SES_CONFIGURATION_SET', 'SUPERVISOR_ADDRESS', 'REPLY_SIGNING_SECRET_ARN', 'REPLY_DOMAIN', 'PAYMENT_PROVIDER_URL', 'PAYMENT_PROVIDER_API_KEY_SECRET_ARN', 'SOCIAL_PAGE_ACCESS_TOKEN_SECRET_ARN', 'SOCIAL_GRAPH_API_URL'],
  PaymentWebhookFunction: ['TABLE_NAME', 'POLICY_PRESET', 'PUBLIC_BASE_URL', 'SENDER_ADDRESS', 'SES_CONFIGURATION_SET', 'SUPERVISOR_ADDRESS', 'REPLY_SIGNING_SECRET_ARN', 'REPLY_DOMAIN', 'PAYMENT_PROVIDER_URL', 'PAYMENT_PROVIDER_API_KEY_SECRET_ARN', 'PAYMENT_WEBHOOK_SECRET_ARN', 'SOCIAL_PAGE_ACCESS_TOKEN_SECRET_ARN', 'SOCIAL_GRAPH_API_URL'],
  FinanceTimersFunction: ['TABLE_NAME', 'POLICY_PRESET', 'PUBLIC_BASE_URL', 'SENDER_ADDRESS', 'SES_CONFIGURATION_SET', 'SUPERVISOR_ADDRESS', 'REPLY_SIGNING_SECRET_ARN', 'REPLY_DOMAIN', 'PAYMENT_PROVIDER_URL', 'PAYMENT_PROVIDER_API_KEY_SECRET_ARN', 'SOCIAL_PAGE_ACCESS_TOKEN_SECRET_ARN', 'SOCIAL_GRAPH_API_URL'],
  FinanceQueueFunction: ['TABLE_NAME'],
  FinanceExportFunction: ['TABLE_NAME'],
  FinanceTotalsFunction: ['TABLE_NAME', 'POLICY_PRESET'],
  BuildEvidencePackFunction: ['TABLE_NAME', 'POLICY_PRESET', 'FILES_BUCKET', 'FILES_KMS_KEY_ID'],
  DecideChargebackFunction: ['TABLE_NAME', 'POLICY_PRESET', 'PUBLIC_BASE_URL', 'SENDER_ADDRESS', 'SES_CONFIGURATION_SET', 'SUPERVISOR_ADDRESS', 'REPLY_SIGNING_SECRET_ARN', 'REPLY_DOMAIN', 'SOCIAL_PAGE_ACCESS_TOKEN_SECRET_ARN', 'SOCIAL_GRAPH_API_URL', 'FILES_BUCKET', 'FILES_KMS_KEY_ID'],
  StaffAuditFunction: ['TABLE_NAME'],
  StepUpRequestFunction: ['TABLE_NAME', 'SENDER_ADDRESS', 'SES_CONFIGURATION_SET', 'REPLY_SIGNING_SECRET_ARN', 'REPLY_DOMAIN'],
  StepUpVerifyFunction: ['TABLE_NAME', 'REPLY_SIGNING_SECRET_ARN', 'REPLY_DOMAIN'],
  CustomerExportFunction: ['TABLE_NAME', 'POLICY_PRESET', 'FILES_BUCKET', 'FILES_KMS_KEY_ID', 'REPLY_SIGNING_SECRET_ARN', 'REPLY_DOMAIN'],
  StaffExportFunction: ['TABLE_NAME', 'POLICY_PRESET', 'FILES_BUCKET', 'FILES_KMS_KEY_ID'],
  // sealed fields
  RevealFieldFunction: ['TABLE_NAME', 'POLICY_PRESET', 'FIELD_KEY_ARN', 'CUSTOMER_KEYS_TABLE'],
  EraseCustomerDataFunction: ['TABLE_NAME', 'POLICY_PRESET', 'CUSTOMER_KEYS_TABLE', 'FILES_BUCKET', 'FILES_KMS_KEY_ID', 'RAW_MAIL_BUCKET'],
  // privacy rights after a step-up: the customer's erasure, corrections by the customer or an admin (re-sealing under a new address's key)
  CustomerErasureFunction: ['TABLE_NAME', 'POLICY_PRESET', 'REPLY_SIGNING_SECRET_ARN', 'REPLY_DOMAIN', 'CUSTOMER_KEYS_TABLE', 'FILES_BUCKET', 'FILES_KMS_KEY_ID', 'RAW_MAIL_BUCKET'],
  CustomerContactFunction: ['TABLE_NAME', 'POLICY_PRESET', 'FIELD_KEY_ARN', 'REPLY_SIGNING_SECRET_ARN', 'REPLY_DOMAIN', 'CUSTOMER_KEYS_TABLE'],
  StaffContactFunction: ['TABLE_NAME', 'POLICY_PRESET', 'FIELD_KEY_ARN', 'CUSTOMER_KEYS_TABLE'],
  ExpirePersonalDataFunction: ['TABLE_NAME', 'POLICY_PRESET', 'CUSTOMER_KEYS_TABLE', 'FILES_BUCKET', 'FILES_KMS_KEY_ID', 'RAW_MAIL_BUCKET'],
  PlaceLegalHoldFunction: ['TABLE_NAME'],
  ReleaseLegalHoldFunction: ['TABLE_NAME'],
  // outage incidents: the banner and the list read; declaring, updating and resolving act on cases as a staff action does
  ActiveIncidentsFunction: ['TABLE_NAME'],
  ListIncidentsFunction: ['TABLE_NAME'],
  DeclareIncidentFunction: ['TABLE_NAME', 'POLICY_PRESET', 'PUBLIC_BASE_URL', 'SENDER_ADDRESS', 'SES_CONFIGURATION_SET', 'SUPERVISOR_ADDRESS', 'REPLY_SIGNING_SECRET_ARN', 'REPLY_DOMAIN'],
  PostIncidentUpdateFunction: ['TABLE_NAME', 'POLICY_PRESET', 'PUBLIC_BASE_URL', 'SENDER_ADDRESS', 'SES_CONFIGURATION_SET', 'SUPERVISOR_ADDRESS', 'REPLY_SIGNING_SECRET_ARN', 'REPLY_DOMAIN'],
  ResolveIncidentFunction: ['TABLE_NAME', 'POLICY_PRESET', 'PUBLIC_BASE_URL', 'SENDER_ADDRESS', 'SES_CONFIGURATION_SET', 'SUPERVISOR_ADDRESS', 'REPLY_SIGNING_SECRET_ARN', 'REPLY_DOMAIN'],
  // the incident update's fan-out consumer: commits and mails as the update route did, without callbacks or audit
  IncidentFanOutFunction: ['TABLE_NAME', 'POLICY_PRESET', 'PUBLIC_BASE_URL', 'SENDER_ADDRESS', 'SES_CONFIGURATION_SET', 'SUPERVISOR_ADDRESS', 'REPLY_SIGNING_SECRET_ARN', 'REPLY_DOMAIN'],
  // signed webhooks: the subscribers (their URLs and the ARNs of their key and signing secret), nothing else
  DeliverWebhooksFunction: ['WEBHOOK_SUBSCRIBERS'],
  // the $default route: the other routes' keys, to tell 405 from 404
  NotFoundFunction: ['API_ROUTE_KEYS'],
};

/**
 * The functions that compute customers' keys also get `CUSTOMER_INDEX_SECRET_ARN` (docs/contracts.md, "The customer's
 * key"): the case writers but those that write by case id only, the step-up request, the exports and the reveal
 * (test/infra/customer-index.test.ts).
 */
const CUSTOMER_INDEX_READERS = [
  'ApplyDueClocksFunction', 'CreateComplaintFunction', 'CustomerActionFunction', 'CustomerContactFunction', 'CustomerErasureFunction',
  'CustomerExportFunction', 'DecideChargebackFunction', 'DecideRefundFunction', 'EraseCustomerDataFunction', 'ExpirePersonalDataFunction',
  'FinanceTimersFunction', 'InboundEmailFunction', 'PaymentWebhookFunction',
  'ProposeRefundFunction', 'ResolveIncidentFunction', 'RevealFieldFunction',
  'SocialWebhookFunction', 'StaffActionFunction', 'StaffContactFunction', 'StaffExportFunction', 'StepUpRequestFunction',
];
for (const id of CUSTOMER_INDEX_READERS) contractEnvironment[id]!.push('CUSTOMER_INDEX_SECRET_ARN');

/**
 * Every function that reads or writes case items opens or seals their personal parts under the customers'
 * personal-data keys (docs/contracts.md, "Sealed fields and erasure"): the key table and the KMS key. Those that only
 * mark items (the mail confirmation) or append audit entries (the KPIs and reports) read no case, and get neither.
 */
const READ_NO_CASE = ['ConfirmSentMailFunction', 'StaffKpisFunction', 'StaffReportFunction'];
for (const [id, env] of Object.entries(contractEnvironment)) {
  if (!env.includes('TABLE_NAME') || READ_NO_CASE.includes(id)) continue;
  for (const v of ['CUSTOMER_KEYS_TABLE', 'FIELD_KEY_ARN']) if (!env.includes(v)) env.push(v);
}

const tableWrites = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];

describe('DynamoDB single table', () => {
  it('has pk/sk string keys, on-demand billing, PITR, encryption and the expiresAt TTL', () => {
    // The other table is the customer-keys table (test/infra/field-keys.test.ts): wrapped keys live apart from cases.
    assert.resourceCountIs('AWS::DynamoDB::Table', 2);
    expect(template.Resources.CustomerKeysTable?.Type).toBe('AWS::DynamoDB::Table');
    assert.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: Match.arrayWith([
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ]),
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
  });

  it('has the keys-only byQueueV2 index on gsi1pk/gsi1sk and the sparse keys-only byAttention index on gsi2pk/gsi2sk', () => {
    assert.hasResourceProperties('AWS::DynamoDB::Table', {
      GlobalSecondaryIndexes: [
        {
          IndexName: 'byQueueV2',
          KeySchema: [
            { AttributeName: 'gsi1pk', KeyType: 'HASH' },
            { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'KEYS_ONLY' },
        },
        {
          IndexName: 'byAttention',
          KeySchema: [
            { AttributeName: 'gsi2pk', KeyType: 'HASH' },
            { AttributeName: 'gsi2sk', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'KEYS_ONLY' },
        },
      ],
      AttributeDefinitions: Match.arrayWith([
        { AttributeName: 'gsi1pk', AttributeType: 'S' },
        { AttributeName: 'gsi1sk', AttributeType: 'S' },
        { AttributeName: 'gsi2pk', AttributeType: 'S' },
        { AttributeName: 'gsi2sk', AttributeType: 'S' },
      ]),
    });
  });
});

describe('Lambda functions', () => {
  const functions = lambdaFunctions(template);

  it('one function per handler entry of the contract, each pointing at an existing source file', () => {
    expect(functions.map((f) => f.entry).sort()).toEqual(handlerNames.map((n) => handlers[n].entry).sort());
    for (const fn of functions) {
      expect(fn.logicalId).toBe(functionLogicalId(handlerNames.find((n) => handlers[n].entry === fn.entry)!));
      expect(fn.handler).toBe('handler');
      expect(existsSync(fromRepo(fn.entry)), fn.entry).toBe(true);
    }
  });

  it('each runs arm64 on the newest Node runtime with X-Ray, JSON logs into its own log group', () => {
    for (const name of handlerNames) {
      assert.hasResource('AWS::Lambda::Function', {
        Metadata: Match.objectLike({ 'redress:entry': handlers[name].entry, 'redress:handler': 'handler' }),
        Properties: Match.objectLike({
          Runtime: 'nodejs24.x',
          Architectures: ['arm64'],
          Handler: 'index.handler',
          TracingConfig: { Mode: 'Active' },
          LoggingConfig: Match.objectLike({ LogFormat: 'JSON', LogGroup: Match.anyValue() }),
        }),
      });
    }
    for (const [id, group] of Object.entries(template.Resources).filter(([, r]) => r.Type === 'AWS::Logs::LogGroup')) {
      expect(group.Properties?.RetentionInDays, id).toBeGreaterThan(0);
    }
  });

  it('each runs with the Powertools layer of exactly the installed Powertools version, from its public SSM parameter', () => {
    const version = powertoolsVersion();
    expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    const [parameter, ...others] = Object.entries(template.Parameters ?? {}).filter(([, p]) => String((p as { Default?: unknown }).Default).startsWith('/aws/service/powertools/'));
    expect(others).toEqual([]);
    expect(parameter![1]).toEqual({ Type: 'AWS::SSM::Parameter::Value<String>', Default: `/aws/service/powertools/typescript/generic/all/${version}` });
    for (const [id, fn] of Object.entries(template.Resources).filter(([, r]) => r.Type === 'AWS::Lambda::Function' && r.Metadata?.['redress:entry'])) {
      expect(fn.Properties?.Layers, id).toEqual([{ Ref: parameter![0] }]);
    }
  });

  it('each gets exactly the environment of the contract, plus STAGE, NODE_OPTIONS for source maps and the Tracer\'s privacy switches', () => {
    for (const fn of functions) {
      expect(Object.keys(fn.environment).sort(), fn.logicalId).toEqual(
        [...contractEnvironment[fn.logicalId]!, 'STAGE', 'NODE_OPTIONS', 'POWERTOOLS_TRACER_CAPTURE_RESPONSE', 'POWERTOOLS_TRACER_CAPTURE_ERROR'].sort(),
      );
      expect(fn.environment.STAGE).toBe('dev');
      expect(fn.environment.NODE_OPTIONS).toBe('--enable-source-maps');
      // Responses and error messages may carry personal data: no trace keeps them.
      expect(fn.environment.POWERTOOLS_TRACER_CAPTURE_RESPONSE).toBe('false');
      expect(fn.environment.POWERTOOLS_TRACER_CAPTURE_ERROR).toBe('false');
    }
    const byId = Object.fromEntries(functions.map((f) => [f.logicalId, f.environment]));
    expect(byId.CreateComplaintFunction).toMatchObject({
      TABLE_NAME: 'ComplaintsTable', // Ref to the table (resolved to its logical id here)
      POLICY_PRESET: 'promptearn',
    });
    expect(byId.OnCaseChangeFunction).toMatchObject({ STATE_MACHINE_ARN: 'ComplaintWorkflow' });
    expect(byId.CreateComplaintFunction!.PUBLIC_BASE_URL).toMatch(/^https:\/\/WebDistribution/);
    expect(byId.AcknowledgeFunction).toMatchObject({
      SENDER_ADDRESS: 'complaints@example.com',
      SES_CONFIGURATION_SET: 'redress-dev',
    });
  });
});

describe('IAM, least privilege', () => {
  it('no statement anywhere grants a wildcard action', () => {
    const statements = Object.values(template.Resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::Role')
      .flatMap((r) => [
        ...((r.Properties?.PolicyDocument as { Statement?: unknown[] } | undefined)?.Statement ?? []),
        ...((r.Properties?.Policies as { PolicyDocument: { Statement: unknown[] } }[] | undefined) ?? []).flatMap(
          (p) => p.PolicyDocument.Statement,
        ),
      ]) as { Action: string | string[] }[];
    expect(statements.length).toBeGreaterThan(0);
    for (const action of statements.flatMap((s) => asList(s.Action))) {
      expect(action).not.toBe('*');
      expect(action).not.toMatch(/^[a-z0-9-]+:\*$/);
    }
  });

  it("only the change stream's consumer and the reconciler may start executions, and only of the complaint state machine", () => {
    const starters = ['onCaseChange', 'reconcileWorkflows'] as const;
    for (const name of starters) {
      const start = statementsOfFunction(template, functionLogicalId(name)).filter((s) =>
        asList(s.Action).includes('states:StartExecution'),
      );
      expect(start, name).toHaveLength(1);
      expect(start[0]!.Resource, name).toEqual({ Ref: 'ComplaintWorkflow' });
    }
    for (const name of handlerNames.filter((n) => !(starters as readonly string[]).includes(n))) {
      expect(actionsOf(statementsOfFunction(template, functionLogicalId(name))), name).not.toContain('states:StartExecution');
    }
  });

  it('only the reconciler may describe executions, and only those of the complaint state machine', () => {
    for (const name of handlerNames) {
      const describe = statementsOfFunction(template, functionLogicalId(name)).filter((s) => asList(s.Action).includes('states:DescribeExecution'));
      if (name !== 'reconcileWorkflows') {
        expect(describe, name).toEqual([]);
        continue;
      }
      expect(describe).toHaveLength(1);
      // arn:<partition>:states:<region>:<account>:execution:<machine name>:*
      expect(JSON.stringify(describe[0]!.Resource)).toMatch(/:execution:/);
      expect(JSON.stringify(describe[0]!.Resource)).toContain('ComplaintWorkflow');
    }
  });

  it('get-complaint reads the table and cannot write it', () => {
    for (const id of ['GetComplaintFunction']) {
      const actions = actionsOf(statementsOfFunction(template, id));
      expect(actions, id).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query']));
      for (const write of tableWrites) expect(actions, id).not.toContain(write);
    }
  });

  it('categories and OpenAPI handlers have no data access at all', () => {
    for (const id of ['ListCategoriesFunction', 'GetOpenApiFunction']) {
      const actions = actionsOf(statementsOfFunction(template, id));
      expect(actions.filter((a) => !a.startsWith('logs:') && !a.startsWith('xray:')), id).toEqual([]);
    }
  });

  it('table grants are scoped to the table and its indexes', () => {
    for (const name of ['createComplaint', 'acknowledge', 'registerTaskToken', 'applyDueClocks', 'recordFailure'] as const) {
      const statements = statementsOfFunction(template, functionLogicalId(name)).filter((s) =>
        asList(s.Action).some((a) => a.startsWith('dynamodb:')),
      );
      expect(actionsOf(statements), name).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:GetItem']));
      // Intake's other table is the customer-keys table (test/infra/field-keys.test.ts asserts those grants).
      for (const s of statements.filter((s) => !JSON.stringify(s.Resource).includes('CustomerKeysTable'))) {
        expect(JSON.stringify(s.Resource), name).toContain('ComplaintsTable');
      }
    }
  });

  it('only the notifying workflow tasks send email: ses:SendEmail on the sender identity and the configuration set, from the sender', () => {
    for (const id of ['RegisterTaskTokenFunction', 'GetComplaintFunction', 'CreateComplaintFunction']) {
      expect(actionsOf(statementsOfFunction(template, id)).filter((a) => a.startsWith('ses:')), id).toEqual([]);
    }
    for (const id of ['ApplyDueClocksFunction', 'RecordFailureFunction']) {
      expect(statementsOfFunction(template, id).filter((s) => asList(s.Action).some((a) => a.startsWith('ses:'))), id).toHaveLength(1);
    }
    const ses = statementsOfFunction(template, 'AcknowledgeFunction').filter((s) => asList(s.Action).some((a) => a.startsWith('ses:')));
    expect(ses).toHaveLength(1);
    expect(ses[0]!.Action).toBe('ses:SendEmail');
    expect(ses[0]!.Condition).toEqual({ StringEquals: { 'ses:FromAddress': 'complaints@example.com' } });
    const [identityId] = Object.entries(template.Resources).find(([, r]) => r.Type === 'AWS::SES::EmailIdentity')!;
    expect((resolveIntrinsics(ses[0]!.Resource) as string[]).sort()).toEqual([
      'arn:aws:ses:us-east-1:000000000000:configuration-set/redress-dev',
      `arn:aws:ses:us-east-1:000000000000:identity/${identityId}`,
    ]);
    for (const name of handlerNames.filter((n) => !['acknowledge', 'applyDueClocks', 'customerAction', 'decideChargeback', 'decideRefund', 'financeTimers', 'inboundEmail', 'onCaseChange', 'paymentWebhook', 'proposeRefund', 'reconcileWorkflows', 'recordFailure', 'sendKpiReport', 'sendDueOutbox', 'socialWebhook', 'staffAction', 'stepUpRequest', 'declareIncident', 'postIncidentUpdate', 'resolveIncident', 'incidentFanOut'].includes(n))) {
      expect(actionsOf(statementsOfFunction(template, functionLogicalId(name))).some((a) => a.startsWith('ses:')), name).toBe(false);
    }
  });

  it('function roles carry no AWS managed policies', () => {
    for (const name of handlerNames) {
      const roleId = (template.Resources[functionLogicalId(name)]!.Properties!.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0]!;
      expect(template.Resources[roleId]!.Properties?.ManagedPolicyArns, name).toBeUndefined();
    }
  });
});

describe('HTTP API', () => {
  it('routes each contract path to its function', () => {
    const routes = Object.fromEntries(httpRoutes(template).map((r) => [r.routeKey, r.functionLogicalId]));
    expect(routes).toEqual({
      'POST /complaints': 'CreateComplaintFunction',
      'GET /complaints/{id}': 'GetComplaintFunction',
      'GET /categories': 'ListCategoriesFunction',
      'GET /openapi.json': 'GetOpenApiFunction',
      'GET /staff/queue': 'StaffQueueFunction',
      'GET /staff/attention': 'StaffAttentionFunction',
      'POST /staff/complaints/{id}/attention/lift': 'StaffLiftFlagFunction',
      'GET /staff/complaints/{id}': 'StaffGetComplaintFunction',
      'POST /staff/complaints/{id}/actions': 'StaffActionFunction',
      'POST /complaints/{id}/actions': 'CustomerActionFunction',
      'GET /staff/kpis': 'StaffKpisFunction',
      'GET /staff/reports/{grain}/{period}/{file}': 'StaffReportFunction',
      // finance
      'POST /staff/complaints/{id}/refunds': 'ProposeRefundFunction',
      'POST /staff/refunds/{refundId}/decision': 'DecideRefundFunction',
      'POST /staff/chargebacks/{chargebackId}/evidence-pack': 'BuildEvidencePackFunction',
      'POST /staff/chargebacks/{chargebackId}/decision': 'DecideChargebackFunction',
      'GET /staff/finance/queue': 'FinanceQueueFunction',
      'GET /staff/finance/totals': 'FinanceTotalsFunction',
      'GET /staff/finance/export.csv': 'FinanceExportFunction',
      'POST /webhooks/payments': 'PaymentWebhookFunction',
      'GET /webhooks/social/{platform}': 'SocialWebhookHandshakeFunction',
      'POST /webhooks/social/{platform}': 'SocialWebhookFunction',
      'POST /complaints/{id}/attachments': 'CustomerNewAttachmentFunction',
      'GET /complaints/{id}/attachments': 'CustomerListAttachmentsFunction',
      'POST /staff/complaints/{id}/attachments': 'StaffNewAttachmentFunction',
      'GET /incidents/active': 'ActiveIncidentsFunction',
      'GET /staff/incidents': 'ListIncidentsFunction',
      'POST /staff/incidents': 'DeclareIncidentFunction',
      'POST /staff/incidents/{incidentId}/updates': 'PostIncidentUpdateFunction',
      'POST /staff/incidents/{incidentId}/resolution': 'ResolveIncidentFunction',
      'GET /staff/complaints/{id}/attachments': 'StaffListAttachmentsFunction',
      'GET /staff/audit': 'StaffAuditFunction',
      'POST /complaints/{id}/step-up': 'StepUpRequestFunction',
      'POST /complaints/{id}/step-up/verify': 'StepUpVerifyFunction',
      'GET /complaints/{id}/export': 'CustomerExportFunction',
      'GET /staff/complaints/{id}/export': 'StaffExportFunction',
      'POST /staff/complaints/{id}/reveal': 'RevealFieldFunction',
      'POST /staff/complaints/{id}/erasure': 'EraseCustomerDataFunction',
      'POST /complaints/{id}/erasure': 'CustomerErasureFunction',
      'POST /complaints/{id}/contact': 'CustomerContactFunction',
      'POST /staff/complaints/{id}/contact': 'StaffContactFunction',
      'POST /staff/complaints/{id}/legal-hold': 'PlaceLegalHoldFunction',
      'POST /staff/complaints/{id}/legal-hold/release': 'ReleaseLegalHoldFunction',
      $default: 'NotFoundFunction',
    });
    assert.allResourcesProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
    });
  });

  it('staff routes need a Cognito access token (issuer = the staff pool, audience = the console client, a scope no ID token carries); customer routes do not', () => {
    const authorizers = Object.entries(template.Resources).filter(([, r]) => r.Type === 'AWS::ApiGatewayV2::Authorizer');
    expect(authorizers).toHaveLength(1);
    const [authorizerId, authorizer] = authorizers[0]!;
    expect(authorizer.Properties).toMatchObject({ AuthorizerType: 'JWT', IdentitySource: ['$request.header.Authorization'] });
    const jwt = JSON.stringify(authorizer.Properties?.JwtConfiguration);
    expect(jwt).toMatch(/cognito-idp/);
    expect(jwt).toMatch(/StaffPool/);
    expect(jwt).toMatch(/StaffConsole/);
    for (const [, r] of Object.entries(template.Resources).filter(([, r]) => r.Type === 'AWS::ApiGatewayV2::Route')) {
      const key = String(r.Properties?.RouteKey);
      if (key.includes('/staff/')) {
        // An ID token's `aud` is the console client too: only the required scope keeps it out at the gateway.
        expect(r.Properties, key).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: { Ref: authorizerId }, AuthorizationScopes: ['openid', 'aws.cognito.signin.user.admin'] });
      } else {
        expect(r.Properties?.AuthorizationType ?? 'NONE', key).toBe('NONE');
      }
    }
  });

  it('the staff pool: no self sign-up, MFA required, strong passwords, Plus plan with threat protection, one group per role', () => {
    assert.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'ON',
      Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: 12, RequireSymbols: true, RequireUppercase: true, RequireNumbers: true }) },
      UserPoolTier: 'PLUS',
    });
    const groups = Object.values(template.Resources).filter((r) => r.Type === 'AWS::Cognito::UserPoolGroup').map((r) => r.Properties?.GroupName);
    expect(groups.sort()).toEqual(['admin', 'agent', 'dispute_team', 'finance', 'senior', 'supervisor']);
  });

  it('only the action handlers and the reconciler may answer task tokens: SendTaskSuccess/Failure on the complaint state machine only', () => {
    // The incident actions resolve linked cases as the supervisor: a resolution completes the case's waiting step.
    for (const id of ['StaffActionFunction', 'CustomerActionFunction', 'ReconcileWorkflowsFunction', 'InboundEmailFunction', 'SocialWebhookFunction', 'DeclareIncidentFunction', 'PostIncidentUpdateFunction', 'ResolveIncidentFunction']) {
      const tokens = statementsOfFunction(template, id).filter((s) => asList(s.Action).some((a) => a.startsWith('states:SendTask')));
      expect(actionsOf(tokens).filter((a) => a.startsWith('states:SendTask')).sort(), id).toEqual(['states:SendTaskFailure', 'states:SendTaskSuccess']);
      for (const s of tokens) expect(resolveIntrinsics(s.Resource), id).toBe('ComplaintWorkflow');
    }
    for (const name of handlerNames.filter((n) => !['staffAction', 'customerAction', 'reconcileWorkflows', 'inboundEmail', 'socialWebhook', 'declareIncident', 'postIncidentUpdate', 'resolveIncident'].includes(n))) {
      const actions = actionsOf(statementsOfFunction(template, functionLogicalId(name)));
      expect(actions.filter((a) => a.startsWith('states:SendTask')), name).toEqual([]);
    }
  });

  it('what no route takes goes to the not-found function (problem+json 404/405): public, throttled below the API, told every other route', () => {
    const [, defaultRoute] = Object.entries(template.Resources).find(([, r]) => r.Type === 'AWS::ApiGatewayV2::Route' && r.Properties?.RouteKey === '$default')!;
    expect(defaultRoute.Properties?.AuthorizationType ?? 'NONE').toBe('NONE');
    const stage = Object.values(template.Resources).find((r) => r.Type === 'AWS::ApiGatewayV2::Stage')!;
    expect((stage.Properties?.RouteSettings as Record<string, unknown>).$default).toEqual({ ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10 });
    const notFound = lambdaFunctions(template).find((f) => f.logicalId === 'NotFoundFunction')!;
    const keys = String(notFound.environment.API_ROUTE_KEYS).split(',');
    const served = Object.values(handlers).flatMap((h) => ('route' in h ? [`${h.route.method} ${h.route.path}`] : []));
    expect(keys.sort()).toEqual(served.sort());
    // No permission beyond its logs and traces: it reads nothing and acts on nothing.
    expect(actionsOf(statementsOfFunction(template, 'NotFoundFunction')).filter((a) => !/^(logs|xray):/.test(a))).toEqual([]);
  });

  it('the $default stage auto-deploys, is throttled and writes JSON access logs', () => {
    assert.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      AccessLogSettings: {
        DestinationArn: Match.anyValue(),
        Format: Match.stringLikeRegexp('"routeKey":"\\$context.routeKey"'),
      },
    });
  });
});

describe('state machine', () => {
  it('is Standard, logs ALL events and traces with X-Ray', () => {
    assert.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      LoggingConfiguration: Match.objectLike({ Level: 'ALL', IncludeExecutionData: false }),
      TracingConfiguration: { Enabled: true },
    });
  });

  it('its ASL has the contract states, each task invoking its handler', () => {
    const asl = stateMachineDefinition(template);
    const fnOf = (state: string) => (asl.States[state]?.Parameters as { FunctionName?: string } | undefined)?.FunctionName;
    expect(asl.StartAt).toBe('Acknowledge');
    expect(fnOf('Acknowledge')).toBe('AcknowledgeFunction');
    for (const wait of ['Await first response', 'Await resolution', 'Await customer information', 'Await customer verdict', 'Senior review', 'Dispute Resolution Team review']) {
      expect(fnOf(wait), wait).toBe('RegisterTaskTokenFunction');
    }
    expect(fnOf('Apply due clocks')).toBe('ApplyDueClocksFunction');
    expect(fnOf('Case needs attention')).toBe('RecordFailureFunction');
  });

  it('an alarm watches failed, timed-out and aborted executions', () => {
    assert.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Metrics: Match.arrayWith([
        Match.objectLike({
          MetricStat: Match.objectLike({
            Metric: Match.objectLike({ MetricName: 'ExecutionsFailed', Namespace: 'AWS/States' }),
          }),
        }),
      ]),
      Threshold: 1,
    });
  });
});

describe('operational alarms on the EMF metrics', () => {
  const threshold = breachAlarmThreshold(loadPolicy(contextDefaults.policyPreset));
  const topic = Object.keys(template.Resources).find((id) => id.startsWith('ObservabilitySupervisorAlarms') && template.Resources[id]!.Type === 'AWS::SNS::Topic')!;
  const alarms = Object.values(template.Resources).filter((r) => r.Type === 'AWS::CloudWatch::Alarm');
  const watching = (metricName: string) =>
    alarms.filter((a) => JSON.stringify(a.Properties).includes(`"MetricName":"${metricName}"`) && JSON.stringify(a.Properties).includes(`"Namespace":"${METRICS.namespace}"`));

  it('one daily alarm per clock of the attainment target: its breaches per case received above the share the policy allows', () => {
    expect(threshold.clocks.length).toBeGreaterThan(0);
    for (const clock of threshold.clocks) {
      assert.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Threshold: threshold.maxBreachShare,
        ComparisonOperator: 'GreaterThanThreshold',
        AlarmActions: [{ Ref: topic }],
        Metrics: Match.arrayWith([
          Match.objectLike({ Expression: `IF(intake >= ${threshold.minimumDailyIntake}, breaches / intake, 0)`, ReturnData: true }),
          Match.objectLike({ MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: 'Intake' }), Period: 86400 }) }),
          Match.objectLike({
            MetricStat: {
              Metric: { Namespace: METRICS.namespace, MetricName: 'Breaches', Dimensions: Match.arrayWith([{ Name: 'clock', Value: clock }, { Name: 'service', Value: METRICS.service }]) },
              Period: 86400,
              Stat: 'Sum',
            },
            ReturnData: false,
          }),
        ]),
      });
    }
    expect(watching('Breaches')).toHaveLength(threshold.clocks.length);
  });

  it('escalations per hour alarm above their anomaly band', () => {
    assert.hasResourceProperties('AWS::CloudWatch::Alarm', {
      ComparisonOperator: 'GreaterThanUpperThreshold',
      ThresholdMetricId: Match.anyValue(),
      AlarmActions: [{ Ref: topic }],
      Metrics: Match.arrayWith([
        Match.objectLike({ Expression: Match.stringLikeRegexp(`^ANOMALY_DETECTION_BAND\\(\\w+, ${ESCALATION_SPIKE_STD_DEVS}\\)$`) }),
        Match.objectLike({ MetricStat: Match.objectLike({ Metric: Match.objectLike({ Namespace: METRICS.namespace, MetricName: 'Escalations' }), Period: 3600 }) }),
      ]),
    });
  });

  it('a case flagged after a workflow failure alarms within five minutes', () => {
    assert.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: METRICS.namespace,
      MetricName: 'WorkflowFailures',
      Dimensions: Match.arrayWith([{ Name: 'service', Value: METRICS.service }]),
      Period: 300,
      Threshold: 1,
      AlarmActions: [{ Ref: topic }],
    });
  });
});

describe('change stream', () => {
  it('the table streams to three consumers: the workflow (insertions of case and outbox items), analytics (every case write) and the incident fan-out (queued batches), in order, partial batches, bisect, bounded retries, then an encrypted dead-letter queue', () => {
    assert.hasResourceProperties('AWS::DynamoDB::Table', { StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' } });
    const tableStreamMappings = Object.values(assert.findResources('AWS::Lambda::EventSourceMapping', { Properties: { EventSourceArn: { 'Fn::GetAtt': ['ComplaintsTable', 'StreamArn'] } } }));
    expect(tableStreamMappings).toHaveLength(3);
    assert.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: 'IncidentFanOutFunction' },
      FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ eventName: ['INSERT'], dynamodb: { Keys: { pk: { S: [{ prefix: 'FANOUT#' }] } } } }) }] },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    assert.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: 'RecordCaseFactsFunction' },
      FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ eventName: ['INSERT', 'MODIFY'], dynamodb: { Keys: { sk: { S: ['CASE'] } } } }) }] },
      DestinationConfig: { OnFailure: { Destination: Match.objectLike({ 'Fn::GetAtt': Match.arrayWith(['Arn']) }) } },
    });
    assert.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: 'OnCaseChangeFunction' },
      EventSourceArn: { 'Fn::GetAtt': ['ComplaintsTable', 'StreamArn'] },
      StartingPosition: 'TRIM_HORIZON',
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 5,
      ParallelizationFactor: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ eventName: ['INSERT'], dynamodb: { Keys: { sk: { S: ['CASE', { prefix: 'OUTBOX#' }] } } } }) }] },
      DestinationConfig: { OnFailure: { Destination: Match.objectLike({ 'Fn::GetAtt': Match.arrayWith(['Arn']) }) } },
    });
    assert.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
    const reads = actionsOf(statementsOfFunction(template, 'OnCaseChangeFunction'));
    expect(reads).toEqual(expect.arrayContaining(['dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'sqs:SendMessage']));
  });

  it('the signed webhook delivery function reads its queue with partial batch responses (its subscribers come with -c webhookUrl)', () => {
    assert.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: 'DeliverWebhooksFunction' },
      EventSourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CaseEventsSignedDeliveries'), 'Arn'] },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    expect(actionsOf(statementsOfFunction(template, 'DeliverWebhooksFunction'))).toEqual(expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:DeleteMessage']));
  });

  it('sweeps the outbox every minute', () => {
    assert.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': ['SendDueOutboxFunction', 'Arn'] } })],
    });
  });

  it("hands SES's Email Sent events of its configuration set to the function that marks the outbox, which may only update items", () => {
    assert.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: Match.objectLike({ MatchingEventTypes: ['send'], EventBridgeDestination: { EventBusArn: Match.anyValue() } }),
    });
    assert.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['aws.ses'], 'detail-type': ['Email Sent'], detail: { mail: { tags: { 'ses:configuration-set': ['redress-dev'] } } } },
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': ['ConfirmSentMailFunction', 'Arn'] } })],
    });
    expect(actionsOf(statementsOfFunction(template, 'ConfirmSentMailFunction')).filter((a) => a.startsWith('dynamodb:'))).toEqual(['dynamodb:UpdateItem']);
  });
});

describe('schedules', () => {
  it('runs the intake re-drive every 5 minutes', () => {
    assert.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(5 minutes)',
      State: 'ENABLED',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': ['ReconcileWorkflowsFunction', 'Arn'] } })],
    });
    assert.hasResourceProperties('AWS::Lambda::Permission', {
      FunctionName: { 'Fn::GetAtt': ['ReconcileWorkflowsFunction', 'Arn'] },
      Principal: 'events.amazonaws.com',
    });
  });
});

describe('SES', () => {
  it('verifies the sender as an email identity sending through the configuration set', () => {
    assert.hasResourceProperties('AWS::SES::ConfigurationSet', {
      Name: 'redress-dev',
      DeliveryOptions: { TlsPolicy: 'REQUIRE' },
      SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
      ReputationOptions: { ReputationMetricsEnabled: true },
    });
    assert.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'complaints@example.com',
      ConfigurationSetAttributes: { ConfigurationSetName: Match.anyValue() },
    });
  });
});

describe('web hosting', () => {
  it('the site bucket is private and encrypted; CloudFront reads it through OAC', () => {
    assert.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: Match.anyValue(),
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 's3-site/' }),
    });
    assert.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    assert.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 's3:GetObject',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Condition: { StringEquals: { 'AWS:SourceArn': Match.anyValue() } },
          }),
        ]),
      },
    });
  });

  it('CloudFront serves web/ by default and routes the API paths, uncached, to the HTTP API', () => {
    const distribution = Object.values(template.Resources).find((r) => r.Type === 'AWS::CloudFront::Distribution')!;
    const config = distribution.Properties!.DistributionConfig as {
      DefaultRootObject: string;
      Origins: { Id: string; DomainName: unknown; CustomOriginConfig?: unknown; OriginAccessControlId?: unknown }[];
      CacheBehaviors: { PathPattern: string; TargetOriginId: string; AllowedMethods: string[]; ViewerProtocolPolicy: string }[];
      DefaultCacheBehavior: { TargetOriginId: string };
    };
    expect(config.DefaultRootObject).toBe('index.html');
    const apiOrigin = config.Origins.find((o) => o.CustomOriginConfig)!;
    expect(JSON.stringify(apiOrigin.DomainName)).toContain('HttpApi');
    const siteOrigin = config.Origins.find((o) => o.OriginAccessControlId)!;
    expect(config.DefaultCacheBehavior.TargetOriginId).toBe(siteOrigin.Id);
    expect(config.CacheBehaviors.map((b) => b.PathPattern).sort()).toEqual([...API_PATH_PATTERNS].sort());
    // Every route is reachable on the site's address: its path (a value in each parameter) falls under a pattern,
    // matched as CloudFront does (`*` any characters, `/` included; `?` one).
    const glob = (pattern: string) => new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
    for (const spec of Object.values(handlers)) {
      if (!('route' in spec)) continue;
      const path = spec.route.path.replace(/\{[^}]+\}/g, 'x');
      expect(API_PATH_PATTERNS.some((p) => glob(p).test(path)), spec.route.path).toBe(true);
    }
    for (const behavior of config.CacheBehaviors) {
      expect(behavior.TargetOriginId).toBe(apiOrigin.Id);
      expect(behavior.AllowedMethods).toEqual(expect.arrayContaining(['GET', 'POST']));
      expect(behavior.ViewerProtocolPolicy).toBe('https-only');
    }
  });

  it('deploys web/ into the site bucket', () => {
    assert.resourceCountIs('Custom::CDKBucketDeployment', 1);
  });
});

describe('cdk-nag AwsSolutions', () => {
  it('leaves no unacknowledged finding, warnings included', () => {
    expect(nag.violations).toEqual([]);
    expect(nag.success).toBe(true);
  });
});
