/**
 * `GET /v1/responses/{id}/input_items`: one page of a stored response's input items, as the API
 * pages them (`limit` 1–100, default 20; `order` `desc` by default; `after` and `before` cursors
 * are item ids).
 */
import type { ResponseItem } from 'openai/resources/responses/responses';
import { invalidRequest } from './responses-errors';

export interface ItemPage {
  object: 'list';
  data: ResponseItem[];
  first_id: string | null;
  last_id: string | null;
  has_more: boolean;
}

export interface PageQuery {
  limit: number;
  order: 'asc' | 'desc';
  after: string | undefined;
  before: string | undefined;
}

export function readPageQuery(query: URLSearchParams): PageQuery {
  const limitText = query.get('limit');
  const limit = limitText === null ? 20 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw invalidRequest(
      `Invalid 'limit': expected an integer from 1 to 100, got '${limitText}'.`,
      'limit',
      'invalid_value',
    );
  }
  const order = query.get('order') ?? 'desc';
  if (order !== 'asc' && order !== 'desc') {
    throw invalidRequest(
      `Invalid 'order': expected 'asc' or 'desc', got '${order}'.`,
      'order',
      'invalid_value',
    );
  }
  return {
    limit,
    order,
    after: query.get('after') ?? undefined,
    before: query.get('before') ?? undefined,
  };
}

/** The page of `items` (in the order they were given to the model) that `query` asks for. */
export function toItemPage(items: readonly ResponseItem[], query: PageQuery): ItemPage {
  const ordered = query.order === 'asc' ? [...items] : [...items].reverse();
  let start = 0;
  let end = ordered.length;
  if (query.after !== undefined) start = cursorIndex(ordered, query.after, 'after') + 1;
  if (query.before !== undefined) end = cursorIndex(ordered, query.before, 'before');
  const window = ordered.slice(start, Math.max(start, end));
  // With only `before`, the page is the one just before the cursor.
  const data =
    query.before !== undefined && query.after === undefined
      ? window.slice(-query.limit)
      : window.slice(0, query.limit);
  return {
    object: 'list',
    data,
    first_id: data.length > 0 ? idOf(data[0]!) : null,
    last_id: data.length > 0 ? idOf(data[data.length - 1]!) : null,
    has_more: window.length > data.length,
  };
}

function cursorIndex(items: readonly ResponseItem[], id: string, param: string): number {
  const index = items.findIndex((item) => idOf(item) === id);
  if (index === -1) {
    throw invalidRequest(`Invalid '${param}': no input item has the id '${id}'.`, param, null);
  }
  return index;
}

function idOf(item: ResponseItem): string {
  return String((item as { id?: unknown }).id ?? '');
}
