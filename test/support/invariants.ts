/**
 * What every Responses event sequence must satisfy, checked independently of how the converter
 * builds it: the lifecycle, contiguous sequence numbers, every item and part added and done
 * exactly once, deltas that add up to the `.done` texts, `output_index` equal to the item's
 * position in the final `response.output`, and a final response that holds exactly the items
 * that were done. Every event, every Response snapshot and every item in it validates against
 * the Open Responses spec (test/support/open-responses-schema.ts).
 */
import type {
  Response,
  ResponseOutputItem,
  ResponseStreamEvent,
} from 'openai/resources/responses/responses';
import { expect } from 'vitest';
import { validateEvent, validateResponse } from './open-responses-schema';

const terminalTypes = new Set(['response.completed', 'response.incomplete', 'response.failed']);

export function finalResponseOf(events: readonly ResponseStreamEvent[]): Response {
  const last = events[events.length - 1];
  if (last === undefined || !terminalTypes.has(last.type) || !('response' in last)) {
    throw new Error(`the sequence does not end with a final response event: ${last?.type}`);
  }
  return last.response;
}

/**
 * Every event validates against the Open Responses spec, and so does every Response snapshot
 * it carries (`response.created`, `response.in_progress`, the final event) and every item of
 * `output_item.added` / `.done`. A violation names the event and prints path and rule.
 */
export function checkSpec(events: readonly unknown[]): void {
  events.forEach((event, index) => {
    const name = () => `event ${index} (${String((event as { type?: unknown } | null)?.type)})`;
    // `expect` only on a violation: the property tests check thousands of events.
    const errors = validateEvent(event);
    if (errors.length > 0) expect(errors, `${name()} under the Open Responses spec`).toEqual([]);
    // The snapshot on its own too, so that a violation names the Response, not only the event.
    if (typeof event === 'object' && event !== null && 'response' in event) {
      const snapshotErrors = validateResponse(event.response);
      if (snapshotErrors.length > 0) {
        expect(snapshotErrors, `the Response of ${name()}`).toEqual([]);
      }
    }
  });
}

export function checkEventSequence(events: ResponseStreamEvent[]): Response {
  expect(events.length).toBeGreaterThanOrEqual(3);
  expect(events[0]?.type).toBe('response.created');
  expect(events[1]?.type).toBe('response.in_progress');
  events.forEach((event, index) => {
    expect(event.sequence_number, `sequence_number of event ${index} (${event.type})`).toBe(index);
  });
  checkSpec(events);
  events.slice(0, -1).forEach((event) => {
    expect(terminalTypes.has(event.type), `${event.type} before the end`).toBe(false);
  });
  const response = finalResponseOf(events);
  const responseId = (events[0] as { response: Response }).response.id;
  expect(response.id).toBe(responseId);
  expect(response.id).toMatch(/^resp_/);

  const added = new Map<number, ResponseOutputItem>();
  const done = new Map<number, ResponseOutputItem>();
  const openParts = new Map<string, { deltas: string[]; kind: string }>();
  const closedParts = new Set<string>();
  const itemIds = new Set<string>();
  let nextOutputIndex = 0;

  const partKey = (itemId: string, kind: string, index: number) => `${itemId}/${kind}/${index}`;
  const openPart = (key: string, kind: string) => {
    expect(openParts.has(key) || closedParts.has(key), `part ${key} added twice`).toBe(false);
    openParts.set(key, { deltas: [], kind });
  };
  const delta = (key: string, text: string) => {
    const part = openParts.get(key);
    expect(part, `delta for part ${key} that is not open`).toBeDefined();
    part!.deltas.push(text);
  };
  const textDone = (key: string, text: string) => {
    const part = openParts.get(key);
    expect(part, `.done for part ${key} that is not open`).toBeDefined();
    expect(part!.deltas.join(''), `deltas of ${key} add up to its .done text`).toBe(text);
  };
  const closePart = (key: string) => {
    expect(openParts.has(key), `part ${key} done but not open`).toBe(true);
    openParts.delete(key);
    closedParts.add(key);
  };
  const itemAt = (outputIndex: number, itemId: string) => {
    const item = added.get(outputIndex);
    expect(item, `event for output_index ${outputIndex} before its item was added`).toBeDefined();
    expect(
      done.has(outputIndex),
      `event for output_index ${outputIndex} after its item was done`,
    ).toBe(false);
    expect(item!.id).toBe(itemId);
  };

  for (const event of events) {
    switch (event.type) {
      case 'response.output_item.added': {
        expect(event.output_index, 'output_index of a new item is the next position').toBe(
          nextOutputIndex++,
        );
        const id = event.item.id!;
        expect(id, 'every item has an id').toMatch(/^(msg|rs|fc|ctc)_/);
        expect(itemIds.has(id), `item id ${id} is unique`).toBe(false);
        itemIds.add(id);
        expect((event.item as { status?: string }).status).toBe('in_progress');
        added.set(event.output_index, event.item);
        break;
      }
      case 'response.output_item.done': {
        expect(added.get(event.output_index)?.id, 'done item was added at that index').toBe(
          event.item.id,
        );
        expect(done.has(event.output_index), `item ${event.item.id} done twice`).toBe(false);
        expect(['completed', 'incomplete']).toContain((event.item as { status?: string }).status);
        for (const key of openParts.keys()) {
          expect(key.startsWith(`${event.item.id}/`), `part ${key} still open at item done`).toBe(
            false,
          );
        }
        done.set(event.output_index, event.item);
        break;
      }
      case 'response.content_part.added':
        itemAt(event.output_index, event.item_id);
        openPart(partKey(event.item_id, 'content', event.content_index), event.part.type);
        break;
      case 'response.content_part.done': {
        const key = partKey(event.item_id, 'content', event.content_index);
        const part = event.part;
        const text = part.type === 'refusal' ? part.refusal : part.text;
        textDone(key, text);
        closePart(key);
        break;
      }
      case 'response.reasoning_summary_part.added':
        itemAt(event.output_index, event.item_id);
        openPart(partKey(event.item_id, 'summary', event.summary_index), 'summary_text');
        break;
      case 'response.reasoning_summary_part.done': {
        const key = partKey(event.item_id, 'summary', event.summary_index);
        textDone(key, event.part.text);
        closePart(key);
        break;
      }
      case 'response.output_text.delta':
      case 'response.refusal.delta':
      case 'response.reasoning_text.delta':
        itemAt(event.output_index, event.item_id);
        delta(partKey(event.item_id, 'content', event.content_index), event.delta);
        break;
      case 'response.output_text.done':
        textDone(partKey(event.item_id, 'content', event.content_index), event.text);
        break;
      case 'response.refusal.done':
        textDone(partKey(event.item_id, 'content', event.content_index), event.refusal);
        break;
      case 'response.reasoning_text.done':
        textDone(partKey(event.item_id, 'content', event.content_index), event.text);
        break;
      case 'response.reasoning_summary_text.delta':
        itemAt(event.output_index, event.item_id);
        delta(partKey(event.item_id, 'summary', event.summary_index), event.delta);
        break;
      case 'response.reasoning_summary_text.done':
        textDone(partKey(event.item_id, 'summary', event.summary_index), event.text);
        break;
      case 'response.function_call_arguments.delta':
      case 'response.custom_tool_call_input.delta': {
        itemAt(event.output_index, event.item_id);
        const key = partKey(event.item_id, 'arguments', 0);
        if (!openParts.has(key)) openPart(key, 'arguments');
        delta(key, event.delta);
        break;
      }
      case 'response.function_call_arguments.done':
      case 'response.custom_tool_call_input.done': {
        itemAt(event.output_index, event.item_id);
        const key = partKey(event.item_id, 'arguments', 0);
        if (!openParts.has(key)) openPart(key, 'arguments');
        const text =
          event.type === 'response.function_call_arguments.done' ? event.arguments : event.input;
        textDone(key, text);
        closePart(key);
        // The item done next holds the same text.
        const item = added.get(event.output_index);
        expect(item?.type, `${event.type} for a ${item?.type} item`).toBe(
          event.type === 'response.function_call_arguments.done'
            ? 'function_call'
            : 'custom_tool_call',
        );
        break;
      }
      case 'response.output_text.annotation.added':
        itemAt(event.output_index, event.item_id);
        break;
      default:
        break;
    }
  }

  expect(openParts.size, `parts never done: ${[...openParts.keys()].join(', ')}`).toBe(0);
  expect(done.size, 'every added item is done').toBe(added.size);
  expect(response.output.length).toBe(added.size);
  response.output.forEach((item, index) => {
    expect(item, `response.output[${index}] is the item done at output_index ${index}`).toEqual(
      done.get(index),
    );
  });

  const statusByType: Record<string, string> = {
    'response.completed': 'completed',
    'response.incomplete': 'incomplete',
    'response.failed': 'failed',
  };
  const last = events[events.length - 1]!;
  expect(response.status).toBe(statusByType[last.type]);
  if (last.type === 'response.failed') {
    expect(response.error?.message).toBeTruthy();
    expect(events[events.length - 2]?.type, 'an error event precedes response.failed').toBe(
      'error',
    );
  } else {
    expect(response.error).toBeNull();
  }
  if (last.type === 'response.incomplete') {
    expect(response.incomplete_details?.reason).toBeTruthy();
  }
  const outputText = response.output
    .flatMap((item) => (item.type === 'message' ? item.content : []))
    .map((part) => (part.type === 'output_text' ? part.text : ''))
    .join('');
  expect(response.output_text).toBe(outputText);
  return response;
}
