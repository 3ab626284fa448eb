import { describe, expect, it } from 'vitest';
import { functionLogicalId, handlers, type HandlerName } from '../../infra/handlers';
import { asList, statementsOfFunction, synthesize } from './synthesized';

/** The identity and data-protection wiring: audit appends only, for the functions that read on staff's behalf. */

const { template } = synthesize();

describe('audit log grants', () => {
  it('the staff read functions may put items under AUDIT# partitions and write nothing else', () => {
    const readers = ['StaffQueueFunction', 'StaffAttentionFunction', 'StaffGetComplaintFunction', 'StaffAuditFunction', 'StaffKpisFunction', 'FinanceQueueFunction', 'FinanceTotalsFunction', 'FinanceExportFunction'];
    for (const id of [...readers, 'StaffNewAttachmentFunction', 'StaffListAttachmentsFunction']) {
      const writes = statementsOfFunction(template, id).filter((s) => asList(s.Action).some((a) => /PutItem|UpdateItem|DeleteItem|BatchWriteItem/.test(a)));
      expect(writes, id).toEqual([{ Effect: 'Allow', Action: 'dynamodb:PutItem', Resource: expect.anything(), Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['AUDIT#*'] } } }]);
    }
  });

  it('every staff route, reads and writes alike, has the audit append', () => {
    let staffRoutes = 0;
    for (const [name, spec] of Object.entries(handlers)) {
      if (!('route' in spec) || !spec.route.path.startsWith('/staff/')) continue;
      staffRoutes++;
      const appends = statementsOfFunction(template, functionLogicalId(name as HandlerName)).filter((s) => JSON.stringify(s.Condition ?? {}).includes('AUDIT#*'));
      expect(appends, name).toEqual([expect.objectContaining({ Action: 'dynamodb:PutItem' })]);
    }
    expect(staffRoutes).toBeGreaterThan(10);
  });
});

describe('step-up grants', () => {
  it('the step-up functions read the table and write only step-up items and rate counters', () => {
    for (const id of ['StepUpRequestFunction', 'StepUpVerifyFunction']) {
      const writes = statementsOfFunction(template, id).filter((s) => asList(s.Action).some((a) => /PutItem|UpdateItem|DeleteItem|BatchWriteItem/.test(a)));
      expect(writes, id).toEqual([
        { Effect: 'Allow', Action: ['dynamodb:PutItem', 'dynamodb:UpdateItem'], Resource: expect.anything(), Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['STEPUP#*', 'RATE#*'] } } },
      ]);
      expect(statementsOfFunction(template, id).flatMap((s) => asList(s.Action)), id).toContain('dynamodb:GetItem');
    }
  });
});

describe('data export grants', () => {
  it('the export functions read the table and list attachments; only the admin one writes, and only audit entries', () => {
    const writesOf = (id: string) => statementsOfFunction(template, id).filter((s) => asList(s.Action).some((a) => /PutItem|UpdateItem|DeleteItem|BatchWriteItem|s3:Put|s3:Delete/.test(a)));
    expect(writesOf('CustomerExportFunction')).toEqual([]);
    expect(writesOf('StaffExportFunction')).toEqual([
      { Effect: 'Allow', Action: 'dynamodb:PutItem', Resource: expect.anything(), Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['AUDIT#*'] } } },
    ]);
    for (const id of ['CustomerExportFunction', 'StaffExportFunction']) {
      const actions = statementsOfFunction(template, id).flatMap((s) => asList(s.Action));
      expect(actions, id).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query', 's3:ListBucket']));
    }
  });
});

describe('abuse limits on API Gateway', () => {
  it('throttles intake, the step-up routes and the $default route per route, under the stage throttle, and only routes that exist', () => {
    const stage = Object.values(template.Resources).find((r) => r.Type === 'AWS::ApiGatewayV2::Stage')!;
    const settings = stage.Properties!.RouteSettings as Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }>;
    const defaults = stage.Properties!.DefaultRouteSettings as { ThrottlingRateLimit: number };
    const routeKeys = Object.values(template.Resources).filter((r) => r.Type === 'AWS::ApiGatewayV2::Route').map((r) => r.Properties!.RouteKey);
    expect(Object.keys(settings).sort()).toEqual(['$default', 'POST /complaints', 'POST /complaints/{id}/step-up', 'POST /complaints/{id}/step-up/verify']);
    for (const [key, s] of Object.entries(settings)) {
      expect(routeKeys).toContain(key);
      expect(s.ThrottlingRateLimit).toBeLessThan(defaults.ThrottlingRateLimit);
    }
    expect((stage.DependsOn as string[]).length).toBeGreaterThan(0);
  });
});
