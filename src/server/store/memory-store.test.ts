import { describe, expect, it } from 'vitest';
import { thrownBy } from '../../../test/support/rejections';
import { describeStoreContract } from '../../../test/support/store-contract';
import { fullRecord, storedResponse, userMessage } from '../../../test/support/stored-records';
import { createMemoryStore } from './memory-store';

describeStoreContract('memory store', {
  create: async (options) => ({ store: createMemoryStore(options) }),
  propertyRuns: 200,
});

describe('createMemoryStore', () => {
  const recordBytes = (id: string) => JSON.stringify(fullRecord(id)).length;

  it('keeps at most maxResponses, dropping the oldest with their items', async () => {
    const store = createMemoryStore({ maxResponses: 2 });
    for (const id of ['resp_1', 'resp_2', 'resp_3']) await store.put(fullRecord(id));
    expect(await store.get('resp_1')).toBeUndefined();
    expect(await store.getItems('owner-a', ['msg_resp_1', 'msg_resp_3'])).toEqual([
      undefined,
      expect.objectContaining({ responseId: 'resp_3' }),
    ]);
    expect(await store.get('resp_2')).toEqual(fullRecord('resp_2'));
  });

  it('counts a response stored again as the newest', async () => {
    const store = createMemoryStore({ maxResponses: 2 });
    await store.put(fullRecord('resp_1'));
    await store.put(fullRecord('resp_2'));
    await store.put(fullRecord('resp_1'));
    await store.put(fullRecord('resp_3'));
    expect(await store.get('resp_1')).toEqual(fullRecord('resp_1'));
    expect(await store.get('resp_2')).toBeUndefined();
  });

  it('keeps at most maxBytes of JSON, dropping the oldest', async () => {
    const store = createMemoryStore({ maxBytes: recordBytes('resp_1') * 2 + 10 });
    for (const id of ['resp_1', 'resp_2', 'resp_3']) await store.put(fullRecord(id));
    expect(await store.get('resp_1')).toBeUndefined();
    expect(await store.get('resp_2')).toEqual(fullRecord('resp_2'));
    expect(await store.get('resp_3')).toEqual(fullRecord('resp_3'));
  });

  it('does not keep a record larger than maxBytes, nor drop others for it', async () => {
    const store = createMemoryStore({ maxBytes: recordBytes('resp_1') + 10 });
    await store.put(fullRecord('resp_1'));
    const large = storedResponse({
      id: 'resp_large',
      input: [userMessage('msg_1', 'x'.repeat(5000))],
    });
    await store.put(large);
    expect(await store.get('resp_large')).toBeUndefined();
    expect(await store.get('resp_1')).toEqual(fullRecord('resp_1'));
  });

  it('drops the expired records before any live one to make room', async () => {
    let time = 0;
    const store = createMemoryStore({ ttlSeconds: 60, maxResponses: 3, now: () => time });
    await store.put(fullRecord('resp_1'));
    time = 30_000;
    await store.put(fullRecord('resp_2'));
    await store.put(fullRecord('resp_3'));
    time = 61_000;
    await store.put(fullRecord('resp_4'));
    expect(await Promise.all(['resp_2', 'resp_3', 'resp_4'].map((id) => store.get(id)))).toEqual(
      ['resp_2', 'resp_3', 'resp_4'].map((id) => fullRecord(id)),
    );
  });

  it('frees the bytes of what it drops', async () => {
    let time = 0;
    const store = createMemoryStore({
      ttlSeconds: 1,
      maxBytes: recordBytes('resp_1') + 10,
      now: () => time,
    });
    for (let index = 0; index < 5; index++) {
      await store.put(fullRecord('resp_1'));
      await store.delete('resp_1');
    }
    await store.put(fullRecord('resp_1'));
    time = 2_000;
    await store.put(fullRecord('resp_2'));
    expect(await store.get('resp_2')).toEqual(fullRecord('resp_2'));
  });

  it('forgets everything on close', async () => {
    const store = createMemoryStore();
    await store.put(fullRecord('resp_1'));
    await store.close?.();
    expect(await store.get('resp_1')).toBeUndefined();
  });

  it('refuses a bound that is not a positive number', () => {
    expect(thrownBy(() => createMemoryStore({ maxResponses: 0 }), TypeError).message).toBe(
      'createMemoryStore: expected maxResponses to be a positive number, got 0.',
    );
    thrownBy(() => createMemoryStore({ ttlSeconds: Number.NaN }), TypeError);
    thrownBy(() => createMemoryStore({ maxBytes: -1 }), TypeError);
  });
});
