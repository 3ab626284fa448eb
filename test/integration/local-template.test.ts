// How the local runtime reads a synthesized template: tables, handler entries and their resolved environment,
// routes, and the state machine's ASL with its Lambda ARNs pointing at local functions.
import { beforeAll, describe, expect, it } from 'vitest';
import { readTemplate, type LocalModel } from '../../local/template';
import { fixtureTemplate } from './fixtures/fixture-stack';

let model: LocalModel;

beforeAll(() => {
  model = readTemplate(fixtureTemplate(), { region: 'eu-west-1', publicBaseUrl: 'http://127.0.0.1:4321' });
});

describe('readTemplate', () => {
  it('reads the table with its keys, GSI and TTL attribute', () => {
    expect(model.tables).toHaveLength(1);
    const [t] = model.tables;
    expect(t.keySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(t.globalSecondaryIndexes.map((g) => g.IndexName)).toEqual(['byQueue']);
    expect(t.ttlAttribute).toBe('expiresAt');
  });

  it('resolves each function environment to local names and ARNs', () => {
    const start = model.functions.find((f) => f.entry.endsWith('/start.ts'))!;
    expect(start.environment.TABLE_NAME).toBe(model.tables[0].tableName);
    expect(start.environment.STATE_MACHINE_ARN).toBe(model.stateMachines[0].arn);
    expect(start.environment.STATE_MACHINE_ARN).toMatch(/^arn:aws:states:eu-west-1:000000000000:stateMachine:/);
    expect(start.exportName).toBe('handler');
    expect(model.unresolved).toEqual([]);
  });

  it('maps every route to the function behind its integration', () => {
    const byKey = Object.fromEntries(model.routes.map((r) => [r.routeKey, model.functions.find((f) => f.logicalId === r.functionLogicalId)?.entry]));
    expect(byKey).toEqual({
      'POST /cases': 'test/integration/fixtures/handlers/start.ts',
      'GET /echo/{id}': 'test/integration/fixtures/handlers/echo.ts',
      'POST /echo/{id}': 'test/integration/fixtures/handlers/echo.ts',
    });
    expect(model.routes.every((r) => r.authorizationType === 'NONE')).toBe(true);
  });

  it('resolves the ASL so each Lambda task names a local function ARN', () => {
    const states = model.stateMachines[0].definition.States as Record<string, { Resource: string; Parameters?: { FunctionName?: string } }>;
    const arns = new Set(model.functions.map((f) => f.arn));
    expect(states['Await first response'].Resource).toBe('arn:aws:states:::lambda:invoke.waitForTaskToken');
    for (const name of ['Acknowledge', 'Await first response', 'First response breached']) {
      expect(arns.has(states[name].Parameters!.FunctionName!)).toBe(true);
    }
  });

  it('records what it cannot resolve instead of guessing', () => {
    const broken = readTemplate(
      {
        Resources: {
          Fn: {
            Type: 'AWS::Lambda::Function',
            Properties: { Environment: { Variables: { SECRET_ARN: { Ref: 'SomeSecret' }, SITE: { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': ['Dist', 'DomainName'] }]] } } } },
            Metadata: { 'redress:entry': 'x.ts' },
          },
          Dist: { Type: 'AWS::CloudFront::Distribution' },
        },
      },
      { region: 'eu-west-1', publicBaseUrl: 'http://127.0.0.1:4321' },
    );
    expect(broken.functions[0].environment.SECRET_ARN).toMatch(/^unresolved:/);
    expect(broken.unresolved).toHaveLength(1);
    // The public site's CloudFront URL becomes the local gateway.
    expect(broken.functions[0].environment.SITE).toBe('http://127.0.0.1:4321');
  });
});
