import type { DatabaseSync } from 'node:sqlite';
import type { ResponsesStore, StoredItem, StoredResponse } from './responses-store';
import { StoreUnavailableError } from './responses-store';
import { toItemsWithId } from './stored-items';

export interface SqliteStoreOptions {
  /** The database file, created if missing; `:memory:` keeps it in memory instead. */
  path: string;
  /** How long a response and its items are kept after they are stored; default 30 days, like the API. */
  ttlSeconds?: number;
  /** The clock, in milliseconds since the epoch; default `Date.now`. */
  now?: () => number;
}

const defaultTtlSeconds = 30 * 24 * 60 * 60;
const schemaVersion = 1;
const purgeIntervalMs = 60_000;

const schema = `
CREATE TABLE IF NOT EXISTS responses (
  id TEXT PRIMARY KEY,
  record TEXT NOT NULL,
  expires_at INTEGER NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS responses_by_expiry ON responses (expires_at);
CREATE TABLE IF NOT EXISTS items (
  owner TEXT NOT NULL,
  id TEXT NOT NULL,
  response_id TEXT NOT NULL,
  item TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  PRIMARY KEY (owner, id)
) STRICT, WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS items_by_response ON items (response_id);
CREATE INDEX IF NOT EXISTS items_by_expiry ON items (expires_at);
`;

/**
 * A store in a SQLite file that survives restarts (WAL mode, so readers in other processes do not
 * block it), on Node's built-in `node:sqlite` (Node 22.13 or later; Node only). Expired records
 * are left out of every answer and purged from the file as it is written to.
 */
export function createSqliteStore(options: SqliteStoreOptions): ResponsesStore {
  const ttlSeconds = options.ttlSeconds ?? defaultTtlSeconds;
  if (!(ttlSeconds > 0)) {
    throw new TypeError(
      `createSqliteStore: expected ttlSeconds to be a positive number, got ${ttlSeconds}.`,
    );
  }
  const ttlMs = ttlSeconds * 1000;
  const now = options.now ?? Date.now;
  const { path } = options;
  const database = openDatabase(path);

  const selectResponse = database.prepare(
    'SELECT record FROM responses WHERE id = ? AND expires_at > ?',
  );
  const selectItem = database.prepare(
    'SELECT response_id, item FROM items WHERE owner = ? AND id = ? AND expires_at > ?',
  );
  const insertResponse = database.prepare(
    'INSERT OR REPLACE INTO responses (id, record, expires_at) VALUES (?, ?, ?)',
  );
  const insertItem = database.prepare(
    'INSERT OR REPLACE INTO items (owner, id, response_id, item, expires_at) VALUES (?, ?, ?, ?, ?)',
  );
  const deleteResponse = database.prepare(
    'DELETE FROM responses WHERE id = ? RETURNING expires_at',
  );
  // A later response may have brought the same item again: then its row names that response.
  const deleteItemsOf = database.prepare('DELETE FROM items WHERE response_id = ?');
  const purgeResponses = database.prepare('DELETE FROM responses WHERE expires_at <= ?');
  const purgeItems = database.prepare('DELETE FROM items WHERE expires_at <= ?');
  let purgedAt = Number.NEGATIVE_INFINITY;
  let closed = false;

  const transaction = <T>(work: () => T): T => {
    database.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      database.exec('COMMIT');
      return result;
    } catch (error) {
      rollback(database);
      throw error;
    }
  };

  const attempt = <T>(what: string, work: () => T): T => {
    try {
      return work();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new StoreUnavailableError(
        `The SQLite store at ${path} could not ${what} (${message}); retry once the file is writable.`,
        { cause: error },
      );
    }
  };

  return {
    async get(id) {
      const row = attempt('read a response', () => selectResponse.get(id, now()));
      return row === undefined ? undefined : (JSON.parse(String(row.record)) as StoredResponse);
    },

    async getItems(owner, ids) {
      const time = now();
      return attempt('read items', () =>
        ids.map((itemId): StoredItem | undefined => {
          const row = selectItem.get(owner, itemId, time);
          if (row === undefined) return undefined;
          return { item: JSON.parse(String(row.item)), responseId: String(row.response_id) };
        }),
      );
    },

    async put(record) {
      const id = record.response.id;
      const time = now();
      const expiresAt = time + ttlMs;
      attempt('store a response', () =>
        transaction(() => {
          if (time - purgedAt >= purgeIntervalMs) {
            purgeResponses.run(time);
            purgeItems.run(time);
            purgedAt = time;
          }
          deleteItemsOf.run(id);
          insertResponse.run(id, JSON.stringify(record), expiresAt);
          for (const { id: itemId, item } of toItemsWithId(record)) {
            insertItem.run(record.owner, itemId, id, JSON.stringify(item), expiresAt);
          }
        }),
      );
    },

    async delete(id) {
      const time = now();
      return attempt('delete a response', () =>
        transaction(() => {
          const row = deleteResponse.get(id);
          deleteItemsOf.run(id);
          return row !== undefined && Number(row.expires_at) > time;
        }),
      );
    },

    async close() {
      if (closed) return;
      closed = true;
      database.close();
    },
  };
}

function openDatabase(path: string): DatabaseSync {
  const { DatabaseSync } = loadSqlite();
  let database: DatabaseSync | undefined;
  try {
    database = new DatabaseSync(path);
    database.exec('PRAGMA busy_timeout = 1000');
    database.exec('PRAGMA journal_mode = WAL');
    database.exec('PRAGMA synchronous = NORMAL');
    database.exec('BEGIN IMMEDIATE');
    const version = Number(database.prepare('PRAGMA user_version').get()?.user_version);
    if (version !== 0 && version !== schemaVersion) {
      throw new Error(
        `it holds schema version ${version}, which this version of responses-bridge does not know; pass another path`,
      );
    }
    database.exec(schema);
    database.exec(`PRAGMA user_version = ${schemaVersion}`);
    database.exec('COMMIT');
    return database;
  } catch (error) {
    database?.close();
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`createSqliteStore could not open ${path}: ${message}.`, { cause: error });
  }
}

function rollback(database: DatabaseSync): void {
  try {
    database.exec('ROLLBACK');
  } catch (error) {
    // SQLite ends the transaction itself on some errors (SQLITE_FULL): nothing is left to undo.
    if (!(error instanceof Error && /no transaction is active/.test(error.message))) throw error;
  }
}

function loadSqlite(): typeof import('node:sqlite') {
  // getBuiltinModule keeps this file loadable where node:sqlite is missing, so the error can say why.
  const sqlite = globalThis.process?.getBuiltinModule?.('node:sqlite');
  if (sqlite === undefined) {
    const runtime = globalThis.process?.versions?.node;
    throw new Error(
      `createSqliteStore needs node:sqlite, which Node 22.13 and later have (22.5 to 22.12 with --experimental-sqlite); this is ${runtime === undefined ? 'not Node' : `Node ${runtime}`}.`,
    );
  }
  return sqlite;
}
