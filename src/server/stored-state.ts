/**
 * The server's state, as the real API keeps it: a response made with `store: true` (the
 * default) is kept with every input item it was made from, so that a request can continue it
 * (`previous_response_id`), point at its items (`item_reference`), and read or delete it.
 *
 * A record is readable only by its owner (the hash of the credential that made it); for anyone
 * else it does not exist, and gets the same 404 as an unknown id.
 */
import type {
  ResponseInputItem,
  ResponseItem,
  Response as ResponsesResponse,
} from 'openai/resources/responses/responses';
import type { GenerateId } from '../core/generate-id';
import { ResponsesHandlerError } from './responses-errors';
import type { ResponsesStore, StoredResponse } from './store/responses-store';

/** What a new response is made from: the items the model sees, this turn's from `turnStart`. */
export interface ResponseContext {
  items: ResponseItem[];
  turnStart: number;
}

/**
 * The responses one WebSocket connection made, kept on the connection only: the most recent,
 * so that a `store: false` chain continues on the same socket as the real API's does.
 */
export interface ConnectionCache {
  latest: StoredResponse | undefined;
}

/** The id prefix of an item the client sent without one. */
const idPrefixes: Record<string, string> = {
  message: 'msg',
  function_call: 'fc',
  function_call_output: 'fco',
  custom_tool_call: 'ctc',
  custom_tool_call_output: 'ctco',
  reasoning: 'rs',
  compaction: 'cmp',
  tool_search_call: 'tsc',
  tool_search_output: 'tso',
  additional_tools: 'at',
};

export class StoredState {
  constructor(
    private readonly store: ResponsesStore,
    private readonly generateId: GenerateId,
  ) {}

  /**
   * The context of a new response: the whole chain it continues, then the client's input with
   * each item given an id and each `item_reference` replaced by the stored item.
   */
  async context(
    owner: string,
    input: string | readonly ResponseInputItem[],
    previousResponseId: string | null,
    cache?: ConnectionCache,
  ): Promise<ResponseContext> {
    const chain: ResponseItem[] = [];
    if (previousResponseId !== null) {
      const previous =
        cache?.latest?.response.id === previousResponseId && cache.latest.owner === owner
          ? cache.latest
          : await this.find(owner, previousResponseId).catch((error: unknown) => {
              throw error instanceof ResponsesHandlerError && error.status === 404
                ? previousNotFound(previousResponseId)
                : error;
            });
      chain.push(...previous.input, ...(previous.response.output as ResponseItem[]));
    }
    const turn = await this.resolveReferences(owner, toItems(input));
    return { items: [...chain, ...turn], turnStart: chain.length };
  }

  /**
   * The record of a finished response: this turn's items given ids (and the shape the API
   * lists them in) only now, when it is to be kept.
   */
  record(owner: string, response: ResponsesResponse, context: ResponseContext): StoredResponse {
    const { items, turnStart } = context;
    return { owner, response, input: this.withIds(items, turnStart), turnStart };
  }

  /** The items, those from `start` on given ids and the shape the API lists them in. */
  withIds(items: readonly ResponseItem[], start = 0): ResponseItem[] {
    return [...items.slice(0, start), ...items.slice(start).map((item) => this.withId(item))];
  }

  async save(record: StoredResponse): Promise<void> {
    await this.store.put(record);
  }

  /** The owner's stored response, or the API's 404. */
  async find(owner: string, id: string): Promise<StoredResponse> {
    const record = await this.store.get(id);
    if (record === undefined || record.owner !== owner) throw responseNotFound(id);
    return record;
  }

  async remove(owner: string, id: string): Promise<void> {
    await this.find(owner, id);
    if (!(await this.store.delete(id))) throw responseNotFound(id);
  }

  private async resolveReferences(owner: string, items: ResponseInputItem[]) {
    const references = items.flatMap((item, index) =>
      isReference(item) ? [{ index, id: item.id }] : [],
    );
    if (references.length === 0) return items as unknown as ResponseItem[];
    const found = await this.store.getItems(
      owner,
      references.map((reference) => reference.id),
    );
    const resolved = [...items] as unknown as ResponseItem[];
    references.forEach((reference, n) => {
      const stored = found[n];
      if (stored === undefined) {
        throw new ResponsesHandlerError(404, {
          message: `Item with id '${reference.id}' not found.`,
          type: 'invalid_request_error',
          param: `input[${reference.index}]`,
          code: null,
        });
      }
      resolved[reference.index] = stored.item;
    });
    return resolved;
  }

  /** The item as the API lists it: with an id, a type, and a message's content as parts. */
  private withId(value: ResponseItem): ResponseItem {
    const item = value as unknown as Record<string, unknown>;
    const type = typeof item.type === 'string' ? item.type : 'message';
    const id =
      typeof item.id === 'string' && item.id !== ''
        ? item.id
        : this.generateId(idPrefixes[type] ?? 'item');
    if (type !== 'message') return { ...item, id } as unknown as ResponseItem;
    const assistant = item.role === 'assistant';
    const content =
      typeof item.content === 'string'
        ? [
            assistant
              ? { type: 'output_text', text: item.content, annotations: [] }
              : { type: 'input_text', text: item.content },
          ]
        : item.content;
    return {
      ...item,
      id,
      type,
      status: typeof item.status === 'string' ? item.status : 'completed',
      content,
    } as unknown as ResponseItem;
  }
}

function toItems(input: string | readonly ResponseInputItem[]): ResponseInputItem[] {
  return typeof input === 'string'
    ? [{ type: 'message', role: 'user', content: input }]
    : [...input];
}

function isReference(item: ResponseInputItem): item is ResponseInputItem.ItemReference {
  const record = item as unknown as Record<string, unknown>;
  return (
    (record.type === 'item_reference' || (record.type == null && !('role' in record))) &&
    typeof record.id === 'string'
  );
}

export function responseNotFound(id: string): ResponsesHandlerError {
  return new ResponsesHandlerError(404, {
    message: `Response with id '${id}' not found.`,
    type: 'invalid_request_error',
    param: null,
    code: null,
  });
}

export function previousNotFound(id: string, status = 404): ResponsesHandlerError {
  return new ResponsesHandlerError(status, {
    message: `Previous response with id '${id}' not found.`,
    type: 'invalid_request_error',
    param: 'previous_response_id',
    code: 'previous_response_not_found',
  });
}
