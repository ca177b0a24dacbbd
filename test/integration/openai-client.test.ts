/**
 * The independent check of faithfulness: the official `openai` client, talking HTTP to a real
 * socket, must accept our events exactly as it accepts the Responses API's own. Its stream
 * helper (`client.responses.stream`) validates every event against the snapshot it builds (item
 * ids, output and content indexes, part types) and rejects anything the real API would not send.
 *
 * A control replays real recorded Responses streams through the same harness, so a failure
 * here is about our events, not the harness.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import OpenAI from 'openai';
import type {
  ParsedResponse,
  Response as ResponseObject,
  ResponseStreamEvent,
} from 'openai/resources/responses/responses';
import { describe, expect, it } from 'vitest';
import { toResponsesEvents, toResponsesSSE } from '../../src/index';
import {
  chatStreamFixtures,
  collect,
  fixturesDir,
  readChatStream,
  readChatStreamLines,
  readResponsesStream,
  responsesStreamFixtures,
  sequentialIds,
} from '../support/fixtures';
import { finalResponseOf } from '../support/invariants';
import { field, fieldsOf, stringOf, wire } from '../support/json';
import { startServer } from '../support/loopback';
import { withoutParseHelpers } from '../support/parsed-response';

const timeout = 15_000;

async function convert(fixture: string): Promise<ResponseStreamEvent[]> {
  return collect(
    toResponsesEvents(readChatStream(fixture), {
      generateId: sequentialIds(),
      response: { created_at: 1700000000 },
    }),
  );
}

/** Serves exactly these events (already collected, so the comparison is against the same ones). */
async function* replay<T>(items: T[]): AsyncGenerator<T> {
  yield* items;
}

interface Outcome {
  /** What `for await (const event of stream)` yielded, in order. */
  events: ResponseStreamEvent[];
  /** Set when the iteration rejected. */
  iterationError?: unknown;
  final?: ParsedResponse<unknown>;
  finalError?: unknown;
  /** The JSON bodies the client POSTed. */
  requests: unknown[];
  /**
   * The text or arguments the client itself accumulated from the deltas (the `snapshot` of its
   * last delta event), by `<item_id>/<content_index>` for text and `<item_id>` for arguments.
   */
  accumulated: Map<string, string>;
}

/**
 * Serves `sse` (one body per request) at POST /v1/responses from a loopback server and consumes
 * it with the real client, the way an application would. The server is always closed.
 */
async function consumeWithClient(sse: () => ReadableStream<Uint8Array>): Promise<Outcome> {
  const requests: unknown[] = [];
  const server = await startServer(async (request) => {
    const { pathname } = new URL(request.url);
    if (request.method !== 'POST' || pathname !== '/v1/responses') {
      return new Response('not found', { status: 404 });
    }
    requests.push(await request.json());
    return new Response(sse(), { headers: { 'content-type': 'text/event-stream' } });
  });
  try {
    const client = new OpenAI({ apiKey: 'test-key', baseURL: `${server.url}/v1`, maxRetries: 0 });
    const stream = client.responses.stream({ model: 'm', input: 'hi' });
    const outcome: Outcome = { events: [], requests, accumulated: new Map() };
    stream.on('response.output_text.delta', (event) => {
      outcome.accumulated.set(`${event.item_id}/${event.content_index}`, event.snapshot);
    });
    stream.on('response.function_call_arguments.delta', (event) => {
      outcome.accumulated.set(event.item_id, event.snapshot);
    });
    try {
      for await (const event of stream) outcome.events.push(event);
    } catch (error) {
      outcome.iterationError = error;
    }
    try {
      outcome.final = await stream.finalResponse();
    } catch (error) {
      outcome.finalError = error;
    }
    return outcome;
  } finally {
    await server.close();
  }
}

/** Frames raw recorded lines exactly as the API sent them: `event: <type>` + `data: <line>`. */
function recordedSSE(lines: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const line of lines) {
        const { type } = JSON.parse(line) as { type: string };
        controller.enqueue(encoder.encode(`event: ${type}\ndata: ${line}\n\n`));
      }
      controller.close();
    },
  });
}

function readRecordedLines(name: string): string[] {
  return readFileSync(join(fixturesDir, 'responses-streams', `${name}.jsonl`), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
}

/**
 * Fields the client adds to the events it yields. `ResponseStream` documents `snapshot` (the
 * accumulated text or arguments) on its named `response.output_text.delta` and
 * `response.function_call_arguments.delta` events; the async iterator should yield the wire
 * events unchanged, so this set only keeps the comparison honest if that ever changes.
 */
const clientEventHelpers = new Set(['snapshot']);

/** The client yields the same events, in order, with the same payloads. */
function expectSameEvents(actual: ResponseStreamEvent[], expected: ResponseStreamEvent[]): void {
  const brief = (event: ResponseStreamEvent) => `${event.sequence_number ?? '-'} ${event.type}`;
  // Order first, so that a missing or extra event is reported as such, not as a payload diff.
  expect(actual.map(brief)).toEqual(expected.map(brief));
  actual.forEach((actualEvent, index) => {
    const event = fieldsOf(actualEvent);
    const expectedEvent = expected[index]!;
    const ours = fieldsOf(expectedEvent);
    // A key the client sets to `undefined` carries nothing: it rebuilds lifecycle events as
    // `{ type, sequence_number, response }`, so old recordings without `sequence_number`
    // come back with `sequence_number: undefined`.
    const extra = Object.keys(event).filter((key) => !(key in ours) && event[key] !== undefined);
    expect(
      extra.filter((key) => !clientEventHelpers.has(key)),
      `fields added to ${brief(expectedEvent)}`,
    ).toEqual([]);
    const sameFields = Object.fromEntries(Object.keys(ours).map((key) => [key, event[key]]));
    expect(sameFields, `payload of ${brief(expectedEvent)}`).toStrictEqual(ours);
  });
}

/**
 * `finalResponse()` hands back the `response.completed` payload as sent, so also check that what
 * the client accumulated from the deltas is what that final response says.
 */
function expectAccumulatedMatchesFinal(
  accumulated: Map<string, string>,
  final: ResponseObject | undefined,
): void {
  const finalTexts = new Map<string, string>();
  for (const item of final?.output ?? []) {
    if (item.type === 'function_call') finalTexts.set(String(item.id), item.arguments);
    if (item.type !== 'message') continue;
    item.content.forEach((part, index) => {
      if (part.type === 'output_text') finalTexts.set(`${item.id}/${index}`, part.text);
    });
  }
  for (const [key, text] of accumulated) {
    expect(text, `accumulated deltas of ${key}`).toBe(finalTexts.get(key));
  }
  for (const [key, text] of finalTexts) {
    if (text !== '') expect(accumulated.has(key), `deltas were streamed for ${key}`).toBe(true);
  }
}

function outputTextOf(response: ResponseObject): string {
  return response.output
    .flatMap((item) => (item.type === 'message' ? item.content : []))
    .map((part) => (part.type === 'output_text' ? part.text : ''))
    .join('');
}

/** The in-stream error message the provider sent, read straight from the raw chunks. */
function upstreamErrorMessage(fixture: string): string {
  const withError = readChatStreamLines(fixture)
    .map((line): unknown => JSON.parse(line))
    .find((chunk) => Boolean(field(chunk, 'error')));
  const message = stringOf(field(field(withError, 'error'), 'message'));
  if (message === undefined) throw new Error(`${fixture} holds no in-stream error message.`);
  return message;
}

describe('our events, served as SSE to the official openai client', () => {
  it.each(chatStreamFixtures)(
    'are accepted by client.responses.stream for %s',
    async (fixture) => {
      const ours = wire(await convert(fixture));
      const last = ours[ours.length - 1]!;
      const outcome = await consumeWithClient(() => toResponsesSSE(replay(ours)));
      // The client asked for a stream, so the harness served the request it meant to.
      expect(outcome.requests).toEqual([expect.objectContaining({ model: 'm', stream: true })]);

      if (last.type === 'response.failed') {
        // Like the real API (responses-streams/error-insufficient-quota.jsonl), we send
        // `event: error` before `response.failed`; the client throws an APIError on that frame.
        const errorAt = ours.findIndex((event) => event.type === 'error');
        expect(errorAt, 'the error event is second to last').toBe(ours.length - 2);
        expectSameEvents(outcome.events, ours.slice(0, errorAt));
        const message = upstreamErrorMessage(fixture);
        expect(outcome.iterationError).toBeInstanceOf(OpenAI.APIError);
        expect((outcome.iterationError as Error).message).toContain(message);
        expect(outcome.finalError).toBeInstanceOf(OpenAI.APIError);
        expect((outcome.finalError as Error).message).toContain(message);
        return;
      }

      expect(outcome.iterationError).toBeUndefined();
      expect(outcome.finalError).toBeUndefined();
      expectSameEvents(outcome.events, ours);
      expect(withoutParseHelpers(outcome.final)).toStrictEqual(finalResponseOf(ours));
      expectAccumulatedMatchesFinal(outcome.accumulated, outcome.final);
    },
    timeout,
  );
});

describe('control: real recorded Responses API streams through the same harness', () => {
  const recordings = [
    'conformance-openai-gpt-4.1-nano-text',
    'text',
    'function-call',
    'reasoning-summary-text',
    'reasoning-summary-function-call',
    'azure-text-content-filters',
  ];

  it.each(recordings)(
    'are accepted by client.responses.stream for %s',
    async (name) => {
      const recorded = readResponsesStream(name);
      const outcome = await consumeWithClient(() => recordedSSE(readRecordedLines(name)));
      expect(outcome.iterationError).toBeUndefined();
      expect(outcome.finalError).toBeUndefined();
      expectSameEvents(outcome.events, recorded);
      // The API does not send `output_text`; the SDK derives it from the output (its
      // `Response.output_text` convenience property), so expect exactly that.
      const final = finalResponseOf(recorded);
      expect(withoutParseHelpers(outcome.final)).toStrictEqual({
        ...final,
        output_text: outputTextOf(final),
      });
      expectAccumulatedMatchesFinal(outcome.accumulated, outcome.final);
    },
    timeout,
  );

  it(
    'rejects with an APIError on the error event of error-insufficient-quota',
    async () => {
      const recorded = readResponsesStream('error-insufficient-quota');
      const outcome = await consumeWithClient(() =>
        recordedSSE(readRecordedLines('error-insufficient-quota')),
      );
      const errorAt = recorded.findIndex((event) => event.type === 'error');
      expectSameEvents(outcome.events, recorded.slice(0, errorAt));
      expect(outcome.iterationError).toBeInstanceOf(OpenAI.APIError);
      expect((outcome.iterationError as Error).message).toContain(
        'You exceeded your current quota',
      );
      expect(outcome.finalError).toBeInstanceOf(OpenAI.APIError);
    },
    timeout,
  );

  it('covers every recording', () => {
    expect([...recordings, 'error-insufficient-quota'].sort()).toEqual(responsesStreamFixtures);
  });
});

/** One summary part of a reasoning item, as a run of event types (deltas already collapsed). */
const summaryPartGroup = [
  'response.reasoning_summary_part.added',
  'response.reasoning_summary_text.delta',
  'response.reasoning_summary_text.done',
  'response.reasoning_summary_part.done',
];

/**
 * The event types with runs of the same type (the deltas) collapsed to one, and repeated summary
 * parts collapsed to one group: how many deltas or summary parts there are depends on the model's
 * text, not on the protocol (the recording has 4 summary parts, our providers give one).
 */
function shapeOf(events: ResponseStreamEvent[]): string[] {
  const shape: string[] = [];
  for (const { type } of events) {
    if (shape[shape.length - 1] === type) continue;
    shape.push(type);
    const n = summaryPartGroup.length;
    const lastTwo = shape.slice(-2 * n);
    if (
      lastTwo.length === 2 * n &&
      [...summaryPartGroup, ...summaryPartGroup].every((t, i) => t === lastTwo[i])
    ) {
      shape.splice(-n);
    }
  }
  return shape;
}

/**
 * Keys the real event has that ours may lack, with the reason. Everything else the real API
 * sends (on the event, its `item` or its `part`) must be on ours too.
 */
const allowedMissingKeys: Record<string, string> = {
  // Random padding the API adds to deltas against length side channels
  // (`stream_options.include_obfuscation`); it carries no data.
  obfuscation: 'stream obfuscation padding',
  // Sent only when the request includes `reasoning.encrypted_content`; a Chat Completions
  // provider has no OpenAI-encrypted reasoning to put there.
  'item.encrypted_content': 'opaque OpenAI reasoning state',
};

/** `<event type>` → keys, `<event type> item(<item type>)` → item keys, same for `part`. */
function keysByKind(events: ResponseStreamEvent[]): Map<string, Set<string>[]> {
  const kinds = new Map<string, Set<string>[]>();
  const add = (kind: string, value: object) => {
    const list = kinds.get(kind) ?? [];
    list.push(new Set(Object.keys(value)));
    kinds.set(kind, list);
  };
  for (const event of events) {
    add(event.type, event);
    if ('item' in event && event.item) add(`${event.type} item(${event.item.type})`, event.item);
    if ('part' in event && event.part) add(`${event.type} part(${event.part.type})`, event.part);
  }
  return kinds;
}

describe.each([
  ['openai-gpt-4o-mini-text', 'text'],
  ['groq-llama-3.3-tool-call', 'function-call'],
  ['deepseek-reasoner-reasoning', 'reasoning-summary-text'],
  ['deepseek-reasoner-reasoning-tool-call', 'reasoning-summary-function-call'],
])('the shape of our events for %s next to the real %s recording', (fixture, recording) => {
  it(
    'has the same event types in the same order',
    async () => {
      expect(shapeOf(await convert(fixture))).toEqual(shapeOf(readResponsesStream(recording)));
    },
    timeout,
  );

  it(
    'has every key the real events have',
    async () => {
      const ours = keysByKind(await convert(fixture));
      const missing: string[] = [];
      for (const [kind, realKeySets] of keysByKind(readResponsesStream(recording))) {
        const realKeys = new Set(realKeySets.flatMap((keys) => [...keys]));
        const scope = kind.includes(' item(') ? 'item.' : kind.includes(' part(') ? 'part.' : '';
        const ourKeySets = ours.get(kind);
        if (!ourKeySets) missing.push(`${kind}: no such event on ours`);
        for (const ourKeys of ourKeySets ?? []) {
          for (const key of realKeys) {
            if (!ourKeys.has(key) && !(`${scope}${key}` in allowedMissingKeys)) {
              missing.push(`${kind}: ${scope}${key}`);
            }
          }
        }
      }
      expect([...new Set(missing)]).toEqual([]);
    },
    timeout,
  );
});
