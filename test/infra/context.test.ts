import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { ContextError, contextDefaults, readContext } from '../../infra/context';
import { lambdaFunctions, synthTemplate } from '../../infra/synth';

const read = (context: Record<string, string>) => readContext(new App({ context }).node);

describe('context values (cdk -c key=value)', () => {
  it('defaults to the documented sender, preset and stage', () => {
    expect(read({})).toEqual({ senderAddress: 'complaints@example.com', supervisorAddress: 'supervisors@example.com', policyPreset: 'promptearn', stage: 'dev' });
    expect(contextDefaults.policyPreset).toBe('promptearn');
  });

  it('accepts valid values', () => {
    expect(read({ senderAddress: 'support@shop.example.org', stage: 'prod', policyPreset: 'promptearn', supervisorAddress: 'lead@shop.example.org' })).toEqual({
      senderAddress: 'support@shop.example.org',
      supervisorAddress: 'lead@shop.example.org',
      policyPreset: 'promptearn',
      stage: 'prod',
    });
  });

  it('rejects a sender that is not an email address, naming the key and the value', () => {
    expect(() => read({ senderAddress: 'complaints-at-example.com' })).toThrow(ContextError);
    expect(() => read({ senderAddress: 'complaints-at-example.com' })).toThrow(
      /senderAddress="complaints-at-example\.com": must be an email address/,
    );
  });

  it('rejects a stage that cannot be part of resource names', () => {
    expect(() => read({ stage: 'Prod!' })).toThrow(/stage="Prod!"/);
    expect(() => read({ stage: 'a'.repeat(21) })).toThrow(/stage=/);
  });

  it('rejects a policy preset the domain does not know, with the domain loader message', () => {
    expect(() => read({ policyPreset: 'no-such-preset' })).toThrow(
      /policyPreset="no-such-preset": unknown policy preset "no-such-preset"; known presets: .*promptearn/,
    );
  });

  it('rejects a malformed preset name before looking it up', () => {
    expect(() => read({ policyPreset: '../etc/passwd' })).toThrow(/policyPreset="..\/etc\/passwd": must be a preset name/);
  });

  it('reports every bad value at once', () => {
    expect(() => read({ senderAddress: 'x', stage: 'X' })).toThrow(/senderAddress="x"[\s\S]*stage="X"/);
  });

  it('stops synth on a bad value before building anything', () => {
    expect(() => synthTemplate({ stage: 'BAD' })).toThrow(ContextError);
  });

  it('flows into the template: stage, sender and preset reach the functions and the SES configuration set', () => {
    const template = synthTemplate({ stage: 'qa', senderAddress: 'help@shop.example.org', policyPreset: 'promptearn' });
    const acknowledge = lambdaFunctions(template).find((f) => f.logicalId === 'AcknowledgeFunction')!;
    expect(acknowledge.environment).toMatchObject({
      STAGE: 'qa',
      SENDER_ADDRESS: 'help@shop.example.org',
      SES_CONFIGURATION_SET: 'redress-qa',
      POLICY_PRESET: 'promptearn',
    });
    const identity = Object.values(template.Resources).find((r) => r.Type === 'AWS::SES::EmailIdentity')!;
    expect(identity.Properties?.EmailIdentity).toBe('help@shop.example.org');
    expect(template.Description).toContain('qa');
  });
});
