import type { ResponseItem } from 'openai/resources/responses/responses';
import type { ResponsesStore, StoredItem, StoredResponse } from './responses-store';
import { toItemsWithId } from './stored-items';

export interface MemoryStoreOptions {
  /** How long a response and its items are kept after they are stored; default 24 hours. */
  ttlSeconds?: number;
  /** The most responses kept; the oldest go first past it. Default 10,000. */
  maxResponses?: number;
  /**
   * The most bytes kept, counted as the JSON length of each record when it is stored; the oldest
   * go first past it, and a record larger than this is not kept. Default 256 MB.
   */
  maxBytes?: number;
  /** The clock, in milliseconds since the epoch; default `Date.now`. */
  now?: () => number;
}

interface Entry {
  record: StoredResponse;
  bytes: number;
  expiresAt: number;
}

interface ItemEntry {
  item: ResponseItem;
  entry: Entry;
}

const defaultTtlSeconds = 24 * 60 * 60;
const defaultMaxResponses = 10_000;
const defaultMaxBytes = 256 * 1024 * 1024;

/**
 * The default store: responses in this process's memory, gone when it exits. Bounded (expired
 * records go first, then the oldest) and with a TTL, checked when the store is used: it starts
 * no timer. Web-standard only, so it runs on edge runtimes too.
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): ResponsesStore {
  const ttlMs = positive(options.ttlSeconds ?? defaultTtlSeconds, 'ttlSeconds') * 1000;
  const maxResponses = positive(options.maxResponses ?? defaultMaxResponses, 'maxResponses');
  const maxBytes = positive(options.maxBytes ?? defaultMaxBytes, 'maxBytes');
  const now = options.now ?? Date.now;

  // A Map iterates in insertion order and a put re-inserts, so the first entry is the oldest.
  const responses = new Map<string, Entry>();
  const itemsByOwner = new Map<string, Map<string, ItemEntry>>();
  let bytes = 0;

  const remove = (id: string, entry: Entry) => {
    responses.delete(id);
    bytes -= entry.bytes;
    const items = itemsByOwner.get(entry.record.owner);
    if (items === undefined) return;
    // A later response may have brought the same item again: then it is that one's to remove.
    for (const { id: itemId } of toItemsWithId(entry.record)) {
      if (items.get(itemId)?.entry === entry) items.delete(itemId);
    }
    if (items.size === 0) itemsByOwner.delete(entry.record.owner);
  };

  const live = (id: string): Entry | undefined => {
    const entry = responses.get(id);
    if (entry === undefined || entry.expiresAt > now()) return entry;
    remove(id, entry);
    return undefined;
  };

  const makeRoom = (incoming: number) => {
    const time = now();
    for (const [id, entry] of responses) {
      const full = responses.size >= maxResponses || bytes + incoming > maxBytes;
      if (!full && entry.expiresAt > time) break;
      remove(id, entry);
    }
  };

  return {
    async get(id) {
      const entry = live(id);
      return entry === undefined ? undefined : structuredClone(entry.record);
    },

    async getItems(owner, ids) {
      const items = itemsByOwner.get(owner);
      return ids.map((itemId): StoredItem | undefined => {
        const found = items?.get(itemId);
        if (found === undefined) return undefined;
        const responseId = found.entry.record.response.id;
        if (live(responseId) !== found.entry) return undefined;
        return { item: structuredClone(found.item), responseId };
      });
    },

    async put(record) {
      const json = JSON.stringify(record);
      const id = record.response.id;
      const previous = responses.get(id);
      if (previous !== undefined) remove(id, previous);
      if (json.length > maxBytes) return;
      makeRoom(json.length);
      // Parsed back from its JSON: a copy the caller cannot change, holding what the other stores
      // would give back.
      const entry: Entry = {
        record: JSON.parse(json) as StoredResponse,
        bytes: json.length,
        expiresAt: now() + ttlMs,
      };
      responses.set(id, entry);
      bytes += entry.bytes;
      let items = itemsByOwner.get(record.owner);
      if (items === undefined) {
        items = new Map();
        itemsByOwner.set(record.owner, items);
      }
      for (const { id: itemId, item } of toItemsWithId(entry.record)) {
        items.set(itemId, { item, entry });
      }
    },

    async delete(id) {
      const entry = live(id);
      if (entry === undefined) return false;
      remove(id, entry);
      return true;
    },

    async close() {
      responses.clear();
      itemsByOwner.clear();
      bytes = 0;
    },
  };
}

function positive(value: number, name: string): number {
  if (!(value > 0)) {
    throw new TypeError(
      `createMemoryStore: expected ${name} to be a positive number, got ${value}.`,
    );
  }
  return value;
}
