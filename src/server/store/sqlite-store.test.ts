import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { rejectionOf, thrownBy } from '../../../test/support/rejections';
import { describeStoreContract } from '../../../test/support/store-contract';
import { fullRecord } from '../../../test/support/stored-records';
import { StoreUnavailableError } from './responses-store';
import { createSqliteStore } from './sqlite-store';

const directory = mkdtempSync(join(tmpdir(), 'responses-bridge-sqlite-'));
let files = 0;
const nextPath = () => join(directory, `store-${++files}.db`);

afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

describeStoreContract('SQLite store', {
  create: async (options) => ({ store: createSqliteStore({ path: nextPath(), ...options }) }),
  propertyRuns: 40,
});

/** How many rows each table of the file holds, read through a connection of its own. */
function rowCounts(path: string): { responses: number; items: number } {
  const database = new DatabaseSync(path);
  try {
    const count = (table: string) =>
      Number(database.prepare(`SELECT count(*) AS n FROM ${table}`).get()?.n);
    return { responses: count('responses'), items: count('items') };
  } finally {
    database.close();
  }
}

describe('createSqliteStore', () => {
  it('keeps its records in the file across a close and a reopen', async () => {
    const path = nextPath();
    const first = createSqliteStore({ path });
    await first.put(fullRecord('resp_1'));
    await first.put(fullRecord('resp_2'));
    await first.delete('resp_2');
    await first.close?.();

    const second = createSqliteStore({ path });
    expect(await second.get('resp_1')).toEqual(fullRecord('resp_1'));
    expect(await second.get('resp_2')).toBeUndefined();
    expect(await second.getItems('owner-a', ['msg_resp_1'])).toEqual([
      { item: fullRecord('resp_1').response.output[2], responseId: 'resp_1' },
    ]);
    await second.close?.();
  });

  it('writes in WAL mode', async () => {
    const path = nextPath();
    const store = createSqliteStore({ path });
    await store.put(fullRecord('resp_1'));
    const database = new DatabaseSync(path);
    expect(database.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    database.close();
    await store.close?.();
  });

  it('purges expired rows from the file when it is next written to', async () => {
    const path = nextPath();
    let time = 1_700_000_000_000;
    const store = createSqliteStore({ path, ttlSeconds: 60, now: () => time });
    await store.put(fullRecord('resp_1'));
    expect(rowCounts(path)).toEqual({ responses: 1, items: 5 });
    time += 61_000;
    await store.put(fullRecord('resp_2'));
    expect(rowCounts(path)).toEqual({ responses: 1, items: 5 });
    expect(await store.get('resp_2')).toEqual(fullRecord('resp_2'));
    await store.close?.();
  });

  it('refuses a file of another schema version, naming the path', () => {
    const path = nextPath();
    const database = new DatabaseSync(path);
    database.exec('PRAGMA user_version = 7');
    database.close();
    const error = thrownBy(() => createSqliteStore({ path }), Error);
    expect(error.message).toBe(
      `createSqliteStore could not open ${path}: it holds schema version 7, which this version of responses-bridge does not know; pass another path.`,
    );
  });

  it('says which path it could not open', () => {
    const path = join(directory, 'missing-directory', 'store.db');
    const error = thrownBy(() => createSqliteStore({ path }), Error);
    expect(error.message).toMatch(new RegExp(`^createSqliteStore could not open ${path}: `));
  });

  it('answers StoreUnavailableError once it cannot use its file', async () => {
    const store = createSqliteStore({ path: nextPath() });
    await store.close?.();
    const error = await rejectionOf(store.get('resp_1'), StoreUnavailableError);
    expect(error.message).toMatch(/^The SQLite store at .* could not read a response \(/);
    await rejectionOf(store.put(fullRecord('resp_1')), StoreUnavailableError);
  });

  it('refuses a ttlSeconds that is not a positive number', () => {
    thrownBy(() => createSqliteStore({ path: nextPath(), ttlSeconds: 0 }), TypeError);
  });
});
