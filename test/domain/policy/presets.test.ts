import { describe, expect, it } from 'vitest';
import { CLOCK_NAMES, listPresets, loadPolicy, parsePolicy, planIntakeDeadlines, PolicyError, resolvePath, type Channel } from '../../../functions/domain/policy';
import { presets } from '../../../policies/index';

const clone = <T>(x: T): T => structuredClone(x);
const errorOf = (document: unknown): string => {
  try {
    parsePolicy(document, 'test policy');
  } catch (e) {
    expect(e).toBeInstanceOf(PolicyError);
    return (e as Error).message;
  }
  throw new Error('expected the policy to be refused');
};

describe('presets', () => {
  it('one preset per seed, promptearn the default', () => {
    expect(listPresets()).toEqual(['earnway', 'ecomstore', 'generic', 'itc', 'promptearn']);
    expect(loadPolicy().name).toBe('promptearn');
    expect(() => loadPolicy('nope')).toThrow(/unknown policy preset "nope"; known presets: earnway, ecomstore/);
  });

  it.each(listPresets())('%s: every category on every channel gets its three intake deadlines', (name) => {
    const policy = loadPolicy(name);
    const channels: Channel[] = policy.channels.length ? policy.channels.map((c) => c.channel) : ['web'];
    for (const category of policy.categories) {
      for (const channel of channels) {
        const d = planIntakeDeadlines(policy, { category: category.slug, priority: category.defaultPriority, channel, receivedAt: new Date('2026-11-20T16:29:00Z') });
        for (const deadline of Object.values(d)) {
          expect(new Date(deadline.due).getTime()).toBeGreaterThanOrEqual(Date.parse('2026-11-20T16:29:00Z'));
          expect(deadline.explanation.text.length).toBeGreaterThan(20);
        }
      }
    }
  });

  it.each(listPresets())('%s: every clause of the seed is mapped to settings that exist, or explained as a human practice', (name) => {
    const policy = loadPolicy(name);
    expect(policy.clauses.length).toBeGreaterThan(5);
    for (const clause of policy.clauses) {
      expect(clause.enforcedBy.length > 0 || clause.practice !== undefined).toBe(true);
      for (const path of clause.enforcedBy) expect(resolvePath(policy, path), `${name}: ${path}`).toBeDefined();
    }
  });

  it.each(listPresets())('%s: every clock target quotes its clause', (name) => {
    const policy = loadPolicy(name);
    const targets = [policy.sla.defaults, ...policy.sla.rules.map((r) => r.targets)].flatMap((t) => Object.entries(t));
    for (const [clock, target] of targets) {
      expect(CLOCK_NAMES).toContain(clock);
      expect(target!.clause.length).toBeGreaterThan(10);
    }
  });
});

describe('invalid policies fail with a message naming the bad field', () => {
  const base = presets.promptearn as Record<string, any>;

  it.each([
    ['a wrong unit', (p: any) => (p.sla.defaults.acknowledgment.unit = 'weeks'), 'sla.defaults.acknowledgment.unit'],
    ['a missing basis', (p: any) => delete p.sla.defaults.resolution.basis, 'sla.defaults.resolution.basis'],
    ['fractional business days', (p: any) => (p.sla.defaults.disputeUpdate.amount = 2.5), 'sla.defaults.disputeUpdate.amount'],
    ['an unknown calendar on a target', (p: any) => (p.sla.defaults.resolution.calendar = 'mars_office'), 'sla.defaults.resolution.calendar'],
    ['an unknown time zone', (p: any) => (p.calendars.lagos_office.timeZone = 'Africa/Atlantis'), 'calendars.lagos_office.timeZone'],
    ['an unknown holiday country', (p: any) => (p.calendars.lagos_office.holidays.country = 'XX'), 'calendars.lagos_office.holidays'],
    ['a lunch gap written backwards', (p: any) => (p.calendars.lagos_office.weekly.mon = [{ start: '13:30', end: '12:00' }]), 'calendars.lagos_office.weekly.mon.0.end'],
    ['an unknown priority on a category', (p: any) => (p.categories[0].defaultPriority = 'urgent'), 'categories.0.defaultPriority'],
    ['an unknown placeholder', (p: any) => (p.messages.templates.acknowledgment.body += ' {{password}}'), 'messages.templates.acknowledgment.body'],
    ['a trigger on a missing money field', (p: any) => p.escalation.triggers.push({ slug: 'big', clause: 'x', rung: 'senior', when: { amountOver: { field: 'nope', limit: { amountMinor: 1, currency: 'USD' } } } }), 'escalation.triggers.0.when.amountOver.field'],
    ['a clause naming a setting that does not exist', (p: any) => p.clauses[0].enforcedBy.push('sla.defaults.telepathy'), 'clauses.0.enforcedBy.2'],
    ['a bad version', (p: any) => (p.version = 'v2'), 'version'],
    ['an unknown key', (p: any) => (p.slaa = {}), '(root)'],
  ])('%s', (_, mutate, field) => {
    const doc = clone(base);
    mutate(doc);
    expect(errorOf(doc)).toContain(`  ${field}: `);
  });

  it('a translation without the mandatory greeting and closing is refused', () => {
    const doc = clone(presets.itc as Record<string, any>);
    delete doc.messages.translations.vi.greeting;
    delete doc.messages.translations.vi.closing;
    const message = errorOf(doc);
    expect(message).toContain('messages.translations.vi.greeting: the policy requires a greeting in every language');
    expect(message).toContain('messages.translations.vi.closing');
  });
});
