/**
 * Where the server keeps the responses it was asked to store (`store: true`, the API's default),
 * so that `previous_response_id`, `item_reference` input items and `GET`/`DELETE
 * /v1/responses/{id}` work as they do on the real API.
 *
 * A store holds plain JSON records and knows nothing of HTTP or credentials: the handler decides
 * who may read what (every record carries the hash of the credential that created it) and how a
 * chain is walked. Three stores come with the package: memory (the default; bounded, with a TTL),
 * SQLite (a file that survives restarts, Node only) and Redis (shared by several instances).
 */
import type {
  ResponseItem,
  Response as ResponsesResponse,
} from 'openai/resources/responses/responses';

/** One stored response: what `GET /v1/responses/{id}` answers and what a continuation replays. */
export interface StoredResponse {
  /**
   * The Response as it was made, reasoning envelopes in the clear (the store is the server's
   * own; envelopes are sealed again for each client that asks for them).
   */
  response: ResponsesResponse;
  /**
   * Every input item the response was made from, in order, each with an `id` and any
   * `item_reference` resolved: the chain before it (the inputs and outputs of the responses it
   * continues) and then this turn's items. A continuation needs this one record only.
   */
  input: ResponseItem[];
  /** Where this turn's own items begin in `input`; the items before it came from earlier turns. */
  turnStart: number;
  /** The hash of the credential that created it (see `ownerOf`); never a key itself. */
  owner: string;
}

/** An input or output item of a stored response, found by its id for an `item_reference`. */
export interface StoredItem {
  item: ResponseItem;
  /** The id of the response that brought the item. */
  responseId: string;
}

export interface ResponsesStore {
  /** The stored response, or `undefined` when there is none (never stored, expired, deleted). */
  get(id: string): Promise<StoredResponse | undefined>;
  /**
   * Items of the owner's stored responses by id, in the order asked, `undefined` for each one
   * not stored. Items are kept per owner: one owner's ids never find another's items.
   */
  getItems(owner: string, ids: readonly string[]): Promise<Array<StoredItem | undefined>>;
  /**
   * Stores a response, and indexes the items it brought (this turn's input items,
   * `input.slice(turnStart)`, and its output items) for `getItems` under the record's owner.
   * Storing the same id again replaces it.
   */
  put(record: StoredResponse): Promise<void>;
  /** Deletes a response and the items it brought; whether there was one to delete. */
  delete(id: string): Promise<boolean>;
  /** Releases connections and timers. The store is not used after. */
  close?(): Promise<void>;
}

/**
 * What a store throws when it cannot answer now (Redis is down, the disk is full): the handler
 * answers 503, and the request can be retried once the store is back. Its message never holds a
 * URL's password or any other secret.
 */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
