/**
 * The behaviour every ResponsesStore shares, as one suite each store's test file runs against its
 * own factory (memory, SQLite, Redis): round trips that keep every field, replacement, items per
 * owner, delete, expiry, concurrency, large records, and a property against a Map model.
 */
import fc from 'fast-check';
import type { ResponseItem, ResponseOutputItem } from 'openai/resources/responses/responses';
import { afterEach, describe, expect, it } from 'vitest';
import type {
  ResponsesStore,
  StoredItem,
  StoredResponse,
} from '../../src/server/store/responses-store';
import {
  assistantMessage,
  fullRecord,
  itemsOf,
  reasoningItem,
  storedResponse,
  userMessage,
} from './stored-records';

export interface StoreUnderTest {
  store: ResponsesStore;
  /**
   * For a store that cannot take a clock: the seconds its backend will keep a response's record
   * or an owner's item before dropping it.
   */
  secondsLeft?(key: { responseId: string } | { owner: string; itemId: string }): Promise<number>;
}

export interface StoreContractTarget {
  /** A new, empty store keeping records `ttlSeconds` (its default when absent), on clock `now`. */
  create(options: { ttlSeconds?: number; now: () => number }): Promise<StoreUnderTest>;
  /** How many sequences the Map-model property tries (each one on a new store). */
  propertyRuns: number;
}

const startTime = 1_700_000_000_000;

export function describeStoreContract(name: string, target: StoreContractTarget): void {
  describe(`${name}: the ResponsesStore contract`, () => {
    let time = startTime;
    const now = () => time;
    const opened: ResponsesStore[] = [];
    const open = async (options: { ttlSeconds?: number } = {}) => {
      const underTest = await target.create({ ...options, now });
      opened.push(underTest.store);
      return underTest;
    };
    const openStore = async (options: { ttlSeconds?: number } = {}) => (await open(options)).store;

    afterEach(async () => {
      time = startTime;
      await Promise.all(opened.splice(0).map((store) => store.close?.()));
    });

    it('gives back a stored response with every field as it was', async () => {
      const store = await openStore();
      const record = fullRecord('resp_1');
      await store.put(record);
      expect(await store.get('resp_1')).toEqual(record);
    });

    it('answers undefined for a response never stored', async () => {
      const store = await openStore();
      await store.put(fullRecord('resp_1'));
      expect(await store.get('resp_2')).toBeUndefined();
    });

    it('keeps no link to the objects it was given or gave back', async () => {
      const store = await openStore();
      const record = fullRecord('resp_1');
      const copy = structuredClone(record);
      await store.put(record);
      record.response.output.length = 0;
      const first = await store.get('resp_1');
      first!.input.length = 0;
      expect(await store.get('resp_1')).toEqual(copy);
    });

    it('finds the items of a response by owner and id, in the order asked', async () => {
      const store = await openStore();
      const record = fullRecord('resp_1');
      await store.put(record);
      const items = itemsOf(record);
      const asked = [...items.map(({ id }) => id).reverse(), 'msg_missing'];
      const expected = [
        ...items.reverse().map(({ item }): StoredItem => ({ item, responseId: 'resp_1' })),
        undefined,
      ];
      expect(await store.getItems('owner-a', asked)).toEqual(expected);
      expect(await store.getItems('owner-a', [])).toEqual([]);
    });

    it('indexes the items a response brought, not the earlier turns in its input', async () => {
      const store = await openStore();
      const record = fullRecord('resp_1');
      expect(record.turnStart).toBe(2);
      await store.put(record);
      expect(await store.getItems('owner-a', ['msg_earlier_resp_1', 'msg_reply_resp_1'])).toEqual([
        undefined,
        undefined,
      ]);
    });

    it('keeps items per owner: one owner never finds the items of another', async () => {
      const store = await openStore();
      const ofA = storedResponse({
        id: 'resp_a',
        owner: 'owner-a',
        input: [userMessage('msg_1', 'A')],
      });
      const ofB = storedResponse({
        id: 'resp_b',
        owner: 'owner-b',
        input: [userMessage('msg_1', 'B')],
      });
      await store.put(ofA);
      await store.put(ofB);
      expect(await store.getItems('owner-a', ['msg_1'])).toEqual([
        { item: userMessage('msg_1', 'A'), responseId: 'resp_a' },
      ]);
      expect(await store.getItems('owner-b', ['msg_1'])).toEqual([
        { item: userMessage('msg_1', 'B'), responseId: 'resp_b' },
      ]);
      expect(await store.getItems('owner-c', ['msg_1'])).toEqual([undefined]);
    });

    it('replaces a response stored again under the same id, items included', async () => {
      const store = await openStore();
      await store.put(
        storedResponse({
          id: 'resp_1',
          input: [userMessage('msg_old', 'old'), userMessage('msg_kept', 'first')],
        }),
      );
      const replacement = storedResponse({
        id: 'resp_1',
        input: [userMessage('msg_kept', 'second')],
        output: [assistantMessage('msg_new', 'new')],
      });
      await store.put(replacement);
      expect(await store.get('resp_1')).toEqual(replacement);
      expect(await store.getItems('owner-a', ['msg_old', 'msg_kept', 'msg_new'])).toEqual([
        undefined,
        { item: userMessage('msg_kept', 'second'), responseId: 'resp_1' },
        { item: assistantMessage('msg_new', 'new'), responseId: 'resp_1' },
      ]);
    });

    it('deletes a response with its items, and says whether there was one', async () => {
      const store = await openStore();
      const record = fullRecord('resp_1');
      await store.put(record);
      await store.put(fullRecord('resp_2'));
      expect(await store.delete('resp_1')).toBe(true);
      expect(await store.get('resp_1')).toBeUndefined();
      const ids = itemsOf(record).map(({ id }) => id);
      expect(await store.getItems('owner-a', ids)).toEqual(ids.map(() => undefined));
      expect(await store.delete('resp_1')).toBe(false);
      expect(await store.delete('resp_never')).toBe(false);
      expect(await store.get('resp_2')).toEqual(fullRecord('resp_2'));
    });

    it('leaves an item brought again by a later response to that response', async () => {
      const store = await openStore();
      await store.put(storedResponse({ id: 'resp_1', input: [userMessage('msg_1', 'hi')] }));
      await store.put(
        storedResponse({
          id: 'resp_2',
          previousResponseId: 'resp_1',
          input: [userMessage('msg_1', 'hi')],
        }),
      );
      expect(await store.delete('resp_1')).toBe(true);
      expect(await store.getItems('owner-a', ['msg_1'])).toEqual([
        { item: userMessage('msg_1', 'hi'), responseId: 'resp_2' },
      ]);
      expect(await store.delete('resp_2')).toBe(true);
      expect(await store.getItems('owner-a', ['msg_1'])).toEqual([undefined]);
    });

    it('expires a response and its items ttlSeconds after they are stored', async () => {
      const { store, secondsLeft } = await open({ ttlSeconds: 120 });
      const record = fullRecord('resp_1');
      await store.put(record);
      const itemIds = itemsOf(record).map(({ id }) => id);
      if (secondsLeft !== undefined) {
        // The backend keeps time itself: its expiry is what the store asked for.
        for (const key of [
          { responseId: 'resp_1' },
          ...itemIds.map((itemId) => ({ owner: 'owner-a', itemId })),
        ]) {
          const left = await secondsLeft(key);
          expect(left).toBeGreaterThan(60);
          expect(left).toBeLessThanOrEqual(120);
        }
        return;
      }
      time += 119_000;
      expect(await store.get('resp_1')).toEqual(record);
      time += 2_000;
      expect(await store.get('resp_1')).toBeUndefined();
      expect(await store.getItems('owner-a', itemIds)).toEqual(itemIds.map(() => undefined));
      expect(await store.delete('resp_1')).toBe(false);
      // Storing again after the expiry starts a new life, for the response and its items.
      await store.put(record);
      expect(await store.get('resp_1')).toEqual(record);
      expect((await store.getItems('owner-a', itemIds)).every(Boolean)).toBe(true);
    });

    it('keeps every one of many puts and deletes made at once', async () => {
      const store = await openStore();
      const ids = Array.from({ length: 40 }, (_, index) => `resp_${index}`);
      await Promise.all(ids.map((id) => store.put(fullRecord(id))));
      const deleted = await Promise.all(
        ids.map((id, index) => (index % 2 === 0 ? store.delete(id) : store.get(id))),
      );
      expect(deleted.filter((answer) => answer === true)).toHaveLength(20);
      const answers = await Promise.all(ids.map((id) => store.get(id)));
      expect(answers).toEqual(
        ids.map((id, index) => (index % 2 === 0 ? undefined : fullRecord(id))),
      );
    });

    it('keeps one whole version when the same id is stored by puts made at once', async () => {
      const store = await openStore();
      const versions = Array.from({ length: 8 }, (_, index) =>
        storedResponse({ id: 'resp_1', input: [userMessage(`msg_${index}`, `version ${index}`)] }),
      );
      await Promise.all(versions.map((version) => store.put(version)));
      const kept = await store.get('resp_1');
      expect(versions).toContainEqual(kept);
      const found = await store.getItems(
        'owner-a',
        versions.map((_, index) => `msg_${index}`),
      );
      expect(found.filter(Boolean)).toEqual([{ item: kept!.input[0], responseId: 'resp_1' }]);
    });

    it('keeps a large record whole', async () => {
      const store = await openStore();
      // Six copies of 264,000 characters (about 2 MB of JSON), with characters JSON escapes and
      // ones outside the BMP.
      const text = 'Zürich "quoted" \\ 🌦\n\t'.repeat(12_000);
      const record = storedResponse({
        id: 'resp_large',
        input: [userMessage('msg_in', text)],
        output: [reasoningItem('rs_large', text), assistantMessage('msg_out', text)],
      });
      await store.put(record);
      expect(await store.get('resp_large')).toEqual(record);
      const [item] = await store.getItems('owner-a', ['rs_large']);
      expect(item).toEqual({ item: reasoningItem('rs_large', text), responseId: 'resp_large' });
    });

    it('answers like a Map model after any sequence of puts and deletes', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(operationArb, { maxLength: 12 }), async (operations) => {
          const { store } = await target.create({ now });
          try {
            const model = new StoreModel();
            for (const operation of operations) {
              if (operation.kind === 'put') {
                const record = toRecord(operation);
                await store.put(record);
                model.put(record);
              } else {
                expect(await store.delete(operation.id)).toBe(model.delete(operation.id));
              }
            }
            for (const id of responseIds) expect(await store.get(id)).toEqual(model.get(id));
            for (const owner of owners) {
              expect(await store.getItems(owner, itemIds)).toEqual(model.getItems(owner, itemIds));
            }
          } finally {
            await store.close?.();
          }
        }),
        { numRuns: target.propertyRuns },
      );
    });
  });
}

const responseIds = ['resp_a', 'resp_b', 'resp_c'];
const itemIds = ['msg_1', 'msg_2', 'rs_3', 'msg_4'];
const owners = ['owner-a', 'owner-b'];

type Operation =
  | {
      kind: 'put';
      id: string;
      owner: string;
      earlier: string[];
      input: string[];
      output: string[];
      text: string;
    }
  | { kind: 'delete'; id: string };

const operationArb: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({
    kind: fc.constant('put' as const),
    id: fc.constantFrom(...responseIds),
    owner: fc.constantFrom(...owners),
    earlier: fc.subarray(itemIds),
    input: fc.subarray(itemIds),
    output: fc.subarray(itemIds),
    text: fc.string({ maxLength: 8 }),
  }),
  fc.record({ kind: fc.constant('delete' as const), id: fc.constantFrom(...responseIds) }),
);

function toRecord(operation: Extract<Operation, { kind: 'put' }>): StoredResponse {
  const item = (id: string, side: string): ResponseOutputItem =>
    id.startsWith('rs_')
      ? reasoningItem(id, `${side} ${operation.text}`)
      : assistantMessage(id, `${side} ${operation.text}`);
  return storedResponse({
    id: operation.id,
    owner: operation.owner,
    earlier: operation.earlier.map((id) => userMessage(id, `earlier ${operation.text}`)),
    input: operation.input.map((id) => userMessage(id, `in ${operation.text}`)),
    output: operation.output.map((id) => item(id, 'out')),
  });
}

/** What a store must answer: responses by id, items per owner, each item owned by its last bringer. */
class StoreModel {
  private readonly responses = new Map<string, StoredResponse>();
  private readonly items = new Map<string, StoredItem>();

  put(record: StoredResponse): void {
    this.delete(record.response.id);
    this.responses.set(record.response.id, structuredClone(record));
    for (const { id, item } of itemsOf(record)) {
      this.items.set(itemKey(record.owner, id), {
        item: structuredClone(item) as ResponseItem,
        responseId: record.response.id,
      });
    }
  }

  delete(id: string): boolean {
    const record = this.responses.get(id);
    if (record === undefined) return false;
    this.responses.delete(id);
    for (const { id: itemId } of itemsOf(record)) {
      const key = itemKey(record.owner, itemId);
      if (this.items.get(key)?.responseId === id) this.items.delete(key);
    }
    return true;
  }

  get(id: string): StoredResponse | undefined {
    return this.responses.get(id);
  }

  getItems(owner: string, ids: readonly string[]): Array<StoredItem | undefined> {
    return ids.map((id) => this.items.get(itemKey(owner, id)));
  }
}

function itemKey(owner: string, id: string): string {
  return JSON.stringify([owner, id]);
}
