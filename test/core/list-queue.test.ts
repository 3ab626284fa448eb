import { describe, expect, it } from 'vitest';
import { InMemoryCaseStore } from '../../functions/adapters/memory/case-store';
import { policyBook } from '../../functions/core/policy-book';
import { listQueue } from '../../functions/core/use-cases/list-queue';
import { encodeCursor, type CursorKeys } from '../../functions/core/use-cases/keyset-page';
import { loadPolicy } from '../../functions/domain/policy';
import type { StaffActor } from '../../functions/domain/lifecycle/model';
import { act, seedCase } from './queue-fixtures';

const policies = policyBook(loadPolicy('promptearn'));
const base = new Date('2031-05-05T08:00:00Z');
const hour = (h: number) => new Date(base.getTime() + h * 3_600_000);
const ana: StaffActor = { role: 'agent', staffId: 'ana' };
const sup: StaffActor = { role: 'supervisor', staffId: 'sup' };

const KEYS: CursorKeys = { secrets: ['queue-cursor-test-secret-of-32-characters+'] };
const OTHER_KEYS: CursorKeys = { secrets: ['another-deployment-secret-of-32-characters'] };

/** A fresh store per test, so every total is exact. */
async function queueOf(seeds: (store: InMemoryCaseStore) => Promise<void>) {
  const store = new InMemoryCaseStore();
  await seeds(store);
  return (actor: StaffActor, query: Record<string, string>, now = hour(3), cursorKeys = KEYS) => listQueue({ store, policies, now: () => now, cursorKeys }, actor, query);
}
const idsOf = (r: Awaited<ReturnType<Awaited<ReturnType<typeof queueOf>>>>) => {
  if (!r.ok) throw new Error(`refused: ${r.detail} ${JSON.stringify(r.errors)}`);
  return r.items.map((i) => i.id);
};

describe('listQueue: server-side filters', () => {
  it('filters on mine, unassigned, status (several), category, priority, channel, department and updated_since; total counts every match', async () => {
    // Prepare
    const c: Record<string, { id: string }> = {};
    const list = await queueOf(async (store) => {
      c.payout = await seedCase(store, { receivedAt: hour(0) });
      c.mine = await seedCase(store, { receivedAt: hour(0.5) }, [[{ type: 'claim' }, ana, hour(1)]]);
      c.theirs = await seedCase(store, { receivedAt: hour(0.6) }, [[{ type: 'claim' }, { role: 'agent', staffId: 'ben' }, hour(1)]]);
      c.course = await seedCase(store, { receivedAt: hour(0.7), category: 'course_access', department: 'support', priority: 'low', channel: 'email' });
    });
    const ids = (...names: string[]) => names.map((n) => c[n]!.id).sort();
    const sorted = async (actor: StaffActor, q: Record<string, string>) => idsOf(await list(actor, q)).sort();

    // Act and Assess
    expect(await sorted(ana, {})).toEqual(ids('payout', 'mine', 'theirs', 'course'));
    expect(await sorted(ana, { mine: 'true' })).toEqual(ids('mine'));
    expect(await sorted(ana, { unassigned: 'true' })).toEqual(ids('payout', 'course'));
    expect(await sorted(ana, { status: 'in_progress' })).toEqual(ids('mine', 'theirs'));
    expect(await sorted(ana, { status: 'acknowledged,in_progress', unassigned: 'true' })).toEqual(ids('payout', 'course'));
    expect(await sorted(ana, { status: 'closed' })).toEqual([]);
    expect(await sorted(ana, { category: 'course_access' })).toEqual(ids('course'));
    expect(await sorted(ana, { priority: 'low' })).toEqual(ids('course'));
    expect(await sorted(ana, { channel: 'email' })).toEqual(ids('course'));
    expect(await sorted(ana, { department: 'support' })).toEqual(ids('course'));
    expect(await sorted(ana, { department: 'payments' })).toEqual(ids('payout', 'mine', 'theirs'));
    expect(await sorted(ana, { updated_since: hour(1).toISOString() })).toEqual(ids('mine', 'theirs'));
    const all = await list(ana, { limit: '2' });
    expect(all.ok && [all.items.length, all.total, all.hasMore]).toEqual([2, 4, true]);
    const course = await list(ana, { channel: 'email' });
    expect(course.ok && course.items[0]).toMatchObject({ id: c.course!.id, category: 'course_access', department: 'support', priority: 'low', channel: 'email', breached: false });
  });

  it('searches the case number and the email exactly, and the subject by words (any case, accents ignored)', async () => {
    const c: Record<string, { id: string; caseNumber: string }> = {};
    const list = await queueOf(async (store) => {
      c.withdrawal = await seedCase(store, { receivedAt: hour(0), subject: 'Withdrawal not received', email: 'Ada.Obi@example.com' });
      c.vietnamese = await seedCase(store, { receivedAt: hour(1), subject: 'Chưa nhận được tiền hoa hồng', email: 'lan@example.vn' });
    });
    const search = async (q: string) => idsOf(await list(ana, { q }));

    expect(await search('withdrawal')).toEqual([c.withdrawal!.id]);
    expect(await search('WITHDR not')).toEqual([c.withdrawal!.id]);
    expect(await search('ada.obi@EXAMPLE.com')).toEqual([c.withdrawal!.id]);
    expect(await search('ada.obi@example')).toEqual([]); // an email matches exactly, not as a part
    expect(await search('tien hoa hong')).toEqual([c.vietnamese!.id]);
    expect(await search('received refund')).toEqual([]); // every word must match
    // Both seeded cases carry the fixture's case number; an exact case number finds each case that has it.
    expect((await search(c.withdrawal!.caseNumber.toLowerCase())).sort()).toEqual([c.withdrawal!.id, c.vietnamese!.id].sort());
  });

  it('breached and at risk within N hours are judged at the time of the read; sort=due puts the breached first, then the soonest due', async () => {
    // Prepare: three cases a few hours apart; the oldest one's first response breaches (recorded by its timer).
    const c: Record<string, { id: string; lifecycle: { clocks: Record<string, { due?: string; status: string } | undefined> } }> = {};
    let list!: Awaited<ReturnType<typeof queueOf>>;
    list = await queueOf(async (store) => {
      c.old = await seedCase(store, { receivedAt: hour(0), priority: 'low' });
      c.mid = await seedCase(store, { receivedAt: hour(2) });
      c.late = await seedCase(store, { receivedAt: hour(4) });
      const due = c.old.lifecycle.clocks.firstResponse!.due!;
      c.old = await act(store, c.old.id, { type: 'timeout', clock: 'firstResponse' }, { role: 'system' }, new Date(due));
    });
    const dueOf = (name: string) => Date.parse(c[name]!.lifecycle.clocks.firstResponse!.due!);
    const justBeforeMid = new Date(dueOf('mid') - 60_000);

    // Act
    const breached = await list(sup, { breached: 'true' }, justBeforeMid);
    const atRisk1h = await list(sup, { atRiskHours: '1', sort: 'due' }, justBeforeMid);
    const atRisk3h = await list(sup, { atRiskHours: '3', sort: 'due' }, justBeforeMid);
    const byDue = await list(sup, { sort: 'due' }, justBeforeMid);
    const later = await list(sup, { breached: 'true' }, new Date(dueOf('mid') + 60_000));

    // Assess
    expect(idsOf(breached)).toEqual([c.old!.id]);
    expect(breached.ok && breached.items[0]!.breached).toBe(true);
    expect(idsOf(atRisk1h)).toEqual([c.old!.id, c.mid!.id]);
    expect(idsOf(atRisk3h)).toEqual([c.old!.id, c.mid!.id, c.late!.id]);
    expect(idsOf(byDue)).toEqual([c.old!.id, c.mid!.id, c.late!.id]);
    // Past its running deadline a case counts as breached before its timer has recorded it.
    expect(idsOf(later).sort()).toEqual([c.old!.id, c.mid!.id].sort());
  });

  it('scope always applies: a filter narrows what a person works on, never widens it', async () => {
    const list = await queueOf(async (store) => {
      await seedCase(store, { receivedAt: hour(0) });
    });
    const drt: StaffActor = { role: 'dispute_team', staffId: 'drt' };
    for (const q of <Record<string, string>[]>[{}, { unassigned: 'true' }, { status: 'acknowledged' }, { q: 'withdrawal' }, { department: 'payments' }]) {
      const r = await list(drt, q);
      expect(r.ok && [r.items, r.total]).toEqual([[], 0]);
    }
  });
});

describe('listQueue: pages and cursors', () => {
  it('pages through every match once, in order, with the same total on every page', async () => {
    const list = await queueOf(async (store) => {
      for (let i = 0; i < 7; i++) await seedCase(store, { receivedAt: hour(i / 4) });
    });
    const everything = idsOf(await list(ana, { limit: '100', sort: 'due' }));
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 10; page++) {
      const r = await list(ana, { limit: '3', sort: 'due', ...(cursor ? { cursor } : {}) });
      if (!r.ok) throw new Error(r.detail);
      expect(r.total).toBe(7);
      seen.push(...r.items.map((i) => i.id));
      expect(r.hasMore).toBe(r.cursor !== undefined);
      if (!r.cursor) break;
      cursor = r.cursor;
    }
    expect(seen).toEqual(everything);
    expect(everything).toHaveLength(7);
  });

  it('refuses a cursor it did not hand out for this query, naming the field; never throws', async () => {
    const list = await queueOf(async (store) => {
      for (let i = 0; i < 3; i++) await seedCase(store, { receivedAt: hour(i) });
    });
    const first = await list(ana, { limit: '1', unassigned: 'true' });
    const cursor = first.ok ? first.cursor! : '';
    const json = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const crafted: [string, Record<string, string>, StaffActor][] = [
      ['garbage', { cursor: '%%%not-base64%%%' }, ana],
      ['not JSON', { cursor: Buffer.from('{{{').toString('base64url') }, ana],
      ['another shape', { cursor: json({ after: { acknowledged: 'x' } }) }, ana],
      ['prototype keys', { cursor: json({ v: 1, after: 'x', query: 'y'.repeat(16), __proto__: { admin: true } }) }, ana],
      ['a signed key for another query', { cursor: encodeCursor(KEYS, '0', 'A'.repeat(16)) }, ana],
      ['its own body unsigned', { cursor: cursor.split('.')[0]! }, ana],
      ['its own body with a forged tag', { cursor: `${cursor.split('.')[0]}.${'A'.repeat(22)}` }, ana],
      ['another after under its own tag', { cursor: `${json({ v: 1, after: '0', query: JSON.parse(Buffer.from(cursor.split('.')[0]!, 'base64url').toString()).query })}.${cursor.split('.')[1]}` }, ana],
      ['signed under another secret', { cursor: encodeCursor(OTHER_KEYS, 'x', 'A'.repeat(16)) }, ana],
      ['two tags', { cursor: `${cursor}.${cursor.split('.')[1]}` }, ana],
      ['the cursor of another filter', { limit: '1', cursor }, ana],
      ['the cursor of another person', { limit: '1', unassigned: 'true', cursor }, { role: 'agent', staffId: 'ben' }],
      ['an overlong cursor', { cursor: 'A'.repeat(2000) }, ana],
    ];
    for (const [name, query, actor] of crafted) {
      const r = await list(actor, query);
      expect({ name, ok: r.ok, reason: r.ok ? undefined : r.reason, fields: r.ok ? [] : r.errors?.map((e) => e.field) }).toEqual({ name, ok: false, reason: 'malformed', fields: ['cursor'] });
    }
    const second = await list(ana, { limit: '1', unassigned: 'true', cursor });
    expect(second.ok && second.items).toHaveLength(1);
  });

  it('keeps reading cursors signed before a rotation (new secret first, the old one still listed), and none signed after the old one is dropped', async () => {
    const list = await queueOf(async (store) => {
      for (let i = 0; i < 3; i++) await seedCase(store, { receivedAt: hour(i) });
    });
    const first = await list(ana, { limit: '1' }, hour(3), OTHER_KEYS);
    const cursor = first.ok ? first.cursor! : '';

    const rotated = await list(ana, { limit: '1', cursor }, hour(3), { secrets: [KEYS.secrets[0], OTHER_KEYS.secrets[0]] });
    const dropped = await list(ana, { limit: '1', cursor }, hour(3), KEYS);

    expect(rotated.ok && rotated.items).toHaveLength(1);
    expect(dropped.ok ? 'listed' : dropped.reason).toBe('malformed');
  });

  it.each([
    ['mine', { mine: 'yes' }],
    ['unassigned', { mine: 'true', unassigned: 'true' }],
    ['status', { status: 'acknowledged,lost' }],
    ['category', { category: 'Robert); DROP TABLE' }],
    ['channel', { channel: 'pigeon' }],
    ['atRiskHours', { atRiskHours: '0' }],
    ['atRiskHours', { atRiskHours: '1.5' }],
    ['q', { q: 'x'.repeat(201) }],
    ['updated_since', { updated_since: 'yesterday' }],
    ['sort', { sort: 'desc' }],
    ['limit', { limit: '101' }],
    ['colour', { colour: 'red' }],
  ])('refuses a bad %s with the field named', async (field, query) => {
    const list = await queueOf(async () => {});
    const r = await list(ana, query);
    expect(r.ok ? [] : r.errors?.map((e) => e.field)).toContain(field);
  });
});
