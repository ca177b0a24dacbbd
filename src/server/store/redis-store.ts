import type { ResponseItem } from 'openai/resources/responses/responses';
import { createRedisConnection, type RedisStoreClient } from './redis-connection';
import type {
  ResponsesStore,
  StoredItem,
  StoredResponse,
  StoreUnavailableError,
} from './responses-store';
import { toItemsWithId } from './stored-items';

export type { RedisStoreClient, RedisStoreMulti } from './redis-connection';

export interface RedisStoreOptions {
  /** `redis[s]://[[user][:password]@]host[:port][/db]`; or pass `client`. */
  url?: string;
  /** A client made with `createClient` from `redis`, used instead of `url` and left open on close. */
  client?: RedisStoreClient;
  /** Put before every key, so that several stores can share one Redis; default `responses-bridge:`. */
  keyPrefix?: string;
  /** How long a response and its items are kept after they are stored; default 30 days, like the API. */
  ttlSeconds?: number;
  /** How long an operation may take, waiting for a connection included; default 5,000 ms. */
  commandTimeoutMs?: number;
  /** The longest wait between two reconnection attempts; default 2,000 ms. */
  maxReconnectDelayMs?: number;
  /** Told each time Redis becomes unreachable (the error holds no secret); reconnecting goes on. */
  onError?: (error: StoreUnavailableError) => void;
}

const defaultTtlSeconds = 30 * 24 * 60 * 60;

// Deletes the items a response brought that still belong to it, then the set that lists them.
// An item value starts with its responseId (see itemValue), so ownership is a prefix match.
const deleteOwnItems = `
local keys = redis.call('SMEMBERS', KEYS[1])
for _, key in ipairs(keys) do
  local value = redis.call('GET', key)
  if value and string.sub(value, 1, #ARGV[1]) == ARGV[1] then redis.call('DEL', key) end
end
redis.call('DEL', KEYS[1])
return #keys
`;

/**
 * A store in Redis, shared by every instance that uses the same Redis and prefix. Records are
 * JSON strings that expire after `ttlSeconds`; a response and its items are written in one MULTI.
 * Operations never wait on a Redis that is down: they reject with `StoreUnavailableError` while
 * the client reconnects in the background, and succeed again once it is back. Loads `redis`
 * (`npm i redis`) on first use, so importing this file needs no Node built-in.
 */
export function createRedisStore(options: RedisStoreOptions): ResponsesStore {
  const prefix = options.keyPrefix ?? 'responses-bridge:';
  const ttl = String(positiveInteger(options.ttlSeconds ?? defaultTtlSeconds, 'ttlSeconds'));
  const connection = createRedisConnection({
    url: options.url,
    client: options.client,
    commandTimeoutMs: positiveInteger(options.commandTimeoutMs ?? 5000, 'commandTimeoutMs'),
    maxReconnectDelayMs: positiveInteger(
      options.maxReconnectDelayMs ?? 2000,
      'maxReconnectDelayMs',
    ),
    onError: options.onError,
  });

  const responseKey = (id: string) => `${prefix}response:${id}`;
  const itemsKey = (id: string) => `${prefix}response-items:${id}`;
  const itemKey = (owner: string, id: string) => `${prefix}item:${owner}:${id}`;
  const ownerMark = (responseId: string) => `{"responseId":${JSON.stringify(responseId)},`;
  const deleteItemsOf = (responseId: string) => [
    'EVAL',
    deleteOwnItems,
    '1',
    itemsKey(responseId),
    ownerMark(responseId),
  ];

  return {
    async get(id) {
      const key = responseKey(id);
      const value = await connection.run((client) => client.sendCommand(['GET', key]));
      return value === null ? undefined : parse<StoredResponse>(value, key);
    },

    async getItems(owner, ids) {
      if (ids.length === 0) return [];
      const keys = ids.map((id) => itemKey(owner, id));
      const values = await connection.run((client) => client.sendCommand(['MGET', ...keys]));
      return (values as unknown[]).map((value, index) =>
        value === null ? undefined : parse<StoredItem>(value, keys[index]!),
      );
    },

    async put(record) {
      const id = record.response.id;
      const items = toItemsWithId(record);
      // The version this one replaces may have brought other items: they go with it.
      const commands = [
        deleteItemsOf(id),
        ['SET', responseKey(id), JSON.stringify(record), 'EX', ttl],
      ];
      for (const { id: itemId, item } of items) {
        commands.push(['SET', itemKey(record.owner, itemId), itemValue(id, item), 'EX', ttl]);
      }
      if (items.length > 0) {
        const keys = items.map(({ id: itemId }) => itemKey(record.owner, itemId));
        commands.push(['SADD', itemsKey(id), ...keys], ['EXPIRE', itemsKey(id), ttl]);
      }
      await connection.run((client) => transaction(client, commands));
    },

    async delete(id) {
      const commands = [['DEL', responseKey(id)], deleteItemsOf(id)];
      const [deleted] = await connection.run((client) => transaction(client, commands));
      return Number(deleted) > 0;
    },

    close: () => connection.close(),
  };
}

/** The replies of `commands`, run as one MULTI … EXEC. */
async function transaction(client: RedisStoreClient, commands: string[][]): Promise<unknown[]> {
  const multi = client.multi();
  for (const command of commands) multi.addCommand(command);
  return (await multi.exec()) as unknown[];
}

/** An item as stored: the responseId first, which the delete script matches on. */
function itemValue(responseId: string, item: ResponseItem): string {
  const stored: StoredItem = { responseId, item };
  return JSON.stringify(stored);
}

function parse<T>(value: unknown, key: string): T {
  const text = value instanceof Uint8Array ? new TextDecoder().decode(value) : value;
  if (typeof text === 'string') {
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      throw new Error(`The Redis store found ${key} holding something that is not JSON.`, {
        cause: error,
      });
    }
  }
  throw new Error(`The Redis store found ${key} holding a ${typeof text}, expected a string.`);
}

function positiveInteger(value: number, name: string): number {
  if (!(Number.isInteger(value) && value > 0)) {
    throw new TypeError(
      `createRedisStore: expected ${name} to be a positive integer, got ${value}.`,
    );
  }
  return value;
}
