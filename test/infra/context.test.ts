import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { choosePolicy, ContextError, contextDefaults, readContext } from '../../infra/context';
import { loadPolicy } from '../../functions/domain/policy/load';
import { lambdaFunctions, synthTemplate } from '../../infra/synth';

const read = (context: Record<string, string>) => readContext(new App({ context }).node);

describe('context values (cdk -c key=value)', () => {
  it('defaults to the documented sender, preset and stage', () => {
    expect(read({})).toEqual({
      senderAddress: 'complaints@example.com',
      supervisorAddress: 'supervisors@example.com',
      policyPreset: 'promptearn',
      stage: 'dev',
      paymentProviderUrl: 'https://payments.example.com',
    });
    expect(contextDefaults.policyPreset).toBe('promptearn');
  });

  it('accepts valid values', () => {
    expect(
      read({ senderAddress: 'support@shop.example.org', stage: 'prod', policyPreset: 'promptearn', supervisorAddress: 'lead@shop.example.org', paymentProviderUrl: 'https://api.psp.example.net' }),
    ).toEqual({
      senderAddress: 'support@shop.example.org',
      supervisorAddress: 'lead@shop.example.org',
      policyPreset: 'promptearn',
      stage: 'prod',
      paymentProviderUrl: 'https://api.psp.example.net',
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
    expect(() => read({ policyPreset: 'no_such_preset' })).toThrow(
      /policyPreset="no_such_preset": unknown policy preset "no_such_preset"; known presets: .*promptearn/,
    );
  });

  it('rejects a malformed preset name before looking it up', () => {
    expect(() => read({ policyPreset: 'Prompt Earn' })).toThrow(/policyPreset="Prompt Earn": must be a preset name/);
  });

  it('takes a path as a policy file and refuses one that cannot be read', () => {
    expect(() => read({ policyPreset: '../etc/no-such-policy.json' })).toThrow(/policyPreset="..\/etc\/no-such-policy.json": cannot read policy file .*ENOENT/);
  });

  it('rejects a payment provider URL that is not https: the API key travels to it', () => {
    expect(() => read({ paymentProviderUrl: 'http://api.psp.example.net' })).toThrow(/paymentProviderUrl="http:\/\/api\.psp\.example\.net": must be an https URL/);
    expect(() => read({ paymentProviderUrl: 'psp' })).toThrow(/paymentProviderUrl="psp"/);
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

/** A policy file: a shipped preset with another name and whatever changes the test makes. */
function policyFile(change: (doc: Record<string, unknown>) => void, fileName = 'acme.json'): string {
  const doc = JSON.parse(readFileSync(join(import.meta.dirname, '../../policies/itc.json'), 'utf8')) as Record<string, unknown>;
  change(doc);
  const file = join(mkdtempSync(join(tmpdir(), 'redress-policy-')), fileName);
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

describe('choosing the policy (npm start -- --policy, REDRESS_POLICY, -c policyPreset=)', () => {
  it('keeps a shipped preset name as it is', () => {
    expect(choosePolicy('itc')).toEqual({ preset: 'itc' });
  });

  it('refuses an unknown preset name with the known ones', () => {
    expect(() => choosePolicy('nope')).toThrow(/unknown policy preset "nope"; known presets: .*itc/);
  });

  it('registers a valid policy file under its own name, so the loader every handler uses returns it', () => {
    // Prepare
    const file = policyFile((doc) => {
      doc.name = 'acme_choice';
      doc.caseNumberPrefix = 'AC';
    });
    // Act
    const choice = choosePolicy(file);
    // Assess
    expect(choice).toEqual({ preset: 'acme_choice', file });
    expect(loadPolicy('acme_choice').caseNumberPrefix).toBe('AC');
  });

  it('resolves a relative path against the directory given', () => {
    const file = policyFile((doc) => (doc.name = 'acme_relative'), 'relative.json');
    expect(choosePolicy('./relative.json', join(file, '..')).preset).toBe('acme_relative');
  });

  it('names the bad field of an invalid policy file', () => {
    const file = policyFile((doc) => {
      doc.name = 'acme_bad';
      doc.caseNumberPrefix = 'lowercase';
    });
    expect(() => choosePolicy(file)).toThrow(/policy file acme\.json is invalid:\n\s+caseNumberPrefix: two to four capital letters/);
  });

  it('says when the file is not JSON', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'redress-policy-')), 'broken.json');
    writeFileSync(file, '{ "name": ');
    expect(() => choosePolicy(file)).toThrow(/policy file .*broken\.json is not valid JSON/);
  });

  it('refuses a file that reuses a shipped preset name with other content', () => {
    const file = policyFile((doc) => {
      doc.name = 'promptearn';
    });
    expect(() => choosePolicy(file)).toThrow(/named "promptearn", like the preset in policies\/, but differs from it/);
    expect(loadPolicy('promptearn').caseNumberPrefix).toBe('PE');
  });

  it('flows a policy file into the template: every handler that reads the policy gets its name', () => {
    const file = policyFile((doc) => (doc.name = 'acme_synth'));
    const template = synthTemplate({ policyPreset: file });
    const withPolicy = lambdaFunctions(template).filter((f) => 'POLICY_PRESET' in f.environment);
    expect(withPolicy.length).toBeGreaterThan(3);
    for (const f of withPolicy) expect(f.environment.POLICY_PRESET).toBe('acme_synth');
    expect(template.Description).toContain('policy acme_synth');
  });
});
