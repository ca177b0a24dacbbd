import type { ResponseItem } from 'openai/resources/responses/responses';
import type { StoredResponse } from './responses-store';

/** An item a stored response brings, with the id `getItems` finds it by. */
export interface ItemWithId {
  id: string;
  item: ResponseItem;
}

/**
 * The items `getItems` finds for a record, the ones it brought: this turn's input items
 * (`input.slice(turnStart)`), then its output, in order. An item without a string `id` cannot be
 * referenced and is left out; a repeated id keeps its last item.
 */
export function toItemsWithId(record: StoredResponse): ItemWithId[] {
  const items: ItemWithId[] = [];
  // Output items are ResponseOutputItem; the ones with an id are the ResponseItem an
  // item_reference names (a function_call with its id is a ResponseFunctionToolCallItem).
  const brought = record.input.slice(record.turnStart);
  for (const item of [...brought, ...(record.response.output as ResponseItem[])]) {
    const id: unknown = (item as { id?: unknown }).id;
    if (typeof id === 'string') items.push({ id, item });
  }
  return items;
}
