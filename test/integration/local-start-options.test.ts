// The command line of `npm start`: which policy, data and clock options it passes on.
import { describe, expect, it } from 'vitest';
import { parseStartOptions, START_USAGE } from '../../local/start-options';

describe('npm start options', () => {
  it('defaults to the app default policy, data kept, no jump', () => {
    expect(parseStartOptions([], {})).toEqual({ help: false, fresh: false, inMemory: false, policy: undefined, advance: undefined });
  });

  it('takes the policy from --policy first, then REDRESS_POLICY', () => {
    expect(parseStartOptions(['--', '--policy', 'itc'], { REDRESS_POLICY: 'earnway' }).policy).toBe('itc');
    expect(parseStartOptions([], { REDRESS_POLICY: './my-policy.json' }).policy).toBe('./my-policy.json');
    expect(parseStartOptions([], { REDRESS_POLICY: '  ' }).policy).toBeUndefined();
  });

  it('refuses an empty --policy and an unknown option', () => {
    expect(() => parseStartOptions(['--policy', ''], {})).toThrow(/--policy needs a preset name/);
    expect(() => parseStartOptions(['--polcy', 'itc'], {})).toThrow(/Unknown option '--polcy'/);
  });

  it('parses the clock jump and names it in the usage', () => {
    expect(parseStartOptions(['--advance', '+48h'], {}).advance).toEqual({ text: '+48h', ms: 48 * 3_600_000 });
    expect(START_USAGE).toMatch(/--policy <name\|file>[\s\S]*REDRESS_POLICY/);
  });
});
