import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { localPersonalKeyWrapping, PersonalKeys, WARM_READ_ENTRIES, WARM_READ_MS } from '../../functions/adapters/crypto/personal-keys';
import { DynamoCaseStore } from '../../functions/adapters/dynamodb-case-store';
import { testCustomerIndex } from '../support/customer-index';

/**
 * Intake's read ahead of the customer's personal-data key (PersonalKeys.warm, asked for by CaseStore.prepareCreate):
 * the write takes it once; a read ahead no write took (a replay, a refusal) does not stay, nor stand in for a later
 * read. Counted at a fake document client: each key-item read is one GetCommand.
 */

const wrapping = localPersonalKeyWrapping(Buffer.alloc(32, 5));

async function setup() {
  const reads: string[] = [];
  const wrapped = await wrapping.wrap(Buffer.alloc(32, 9), 'known');
  const doc = {
    async send(command: unknown) {
      if (!(command instanceof GetCommand)) throw new Error(`unexpected ${String(command)}`);
      const pk = String(command.input.Key!.pk);
      reads.push(pk);
      return { Item: pk === 'known' ? { pk, personal: wrapped } : undefined };
    },
  } as unknown as DynamoDBDocumentClient;
  const clock = { now: 1_000_000 };
  return { reads, doc, clock, keys: new PersonalKeys(doc, 'keys', wrapping, () => clock.now) };
}

describe('personal keys read ahead for intake', () => {
  it('the write takes the read ahead (one read), and only once: the next intake reads ahead again', async () => {
    const { reads, keys } = await setup();
    keys.warm('known');
    keys.warm('known'); // another intake of the customer at once: no second read
    expect(reads).toEqual(['known']);
    expect((await keys.forWriting('known')).created).toBe(false);
    expect(reads).toEqual(['known']);
    keys.warm('known');
    expect(reads).toEqual(['known', 'known']);
  });

  it('a read ahead no write took is not used after WARM_READ_MS: the write reads the key item again', async () => {
    const { reads, keys, clock } = await setup();
    keys.warm('known');
    clock.now += WARM_READ_MS;
    await keys.forWriting('known'); // nothing cached yet: not opened before
    expect(reads).toEqual(['known', 'known']);
  });

  it('stale reads ahead are dropped, and at most WARM_READ_ENTRIES are kept (the oldest go)', async () => {
    const { reads, keys, clock } = await setup();
    for (let i = 0; i < 3; i++) keys.warm(`replayed-${i}`);
    clock.now += WARM_READ_MS;
    keys.warm('replayed-0'); // the stale one is not taken for a fresh one: read again
    expect(reads.filter((r) => r === 'replayed-0')).toHaveLength(2);
    expect((keys as unknown as { warming: Map<string, unknown> }).warming.size).toBe(1);

    for (let i = 0; i < WARM_READ_ENTRIES + 20; i++) keys.warm(`refused-${i}`);
    expect((keys as unknown as { warming: Map<string, unknown> }).warming.size).toBe(WARM_READ_ENTRIES);
    reads.length = 0;
    await keys.forWriting('refused-0'); // evicted: read again
    await keys.forWriting(`refused-${WARM_READ_ENTRIES + 19}`); // kept: no read
    expect(reads).toEqual(['refused-0']);
  });

  it("the case store reads no key when asked for a customer's keys (erasure, reveal, step-up), only when intake prepares a create", async () => {
    const { reads, doc, keys } = await setup();
    const store = new DynamoCaseStore(doc, 'cases', testCustomerIndex, keys);
    const customer = await store.customerKeysOf('ada@example.org');
    expect(reads).toEqual([]);
    store.prepareCreate(customer);
    expect(reads).toEqual([customer[0]]);
  });
});
