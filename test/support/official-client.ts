/**
 * The behavioural judge: the official `openai` client reads our events, served as SSE the way
 * the server frames them (`toResponsesSSE`), through `client.responses.stream(...)`. Its stream
 * helper checks every event against the snapshot it accumulates (item identity, output and
 * content indexes, unfinished items) and throws on anything the real API would not send. The
 * client gets the bytes through its `fetch` option, so no socket is opened; the socket-level
 * check of the same path is test/integration/openai-client.test.ts.
 */
import OpenAI from 'openai';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import type {
  ParsedResponse,
  Response,
  ResponseStreamEvent,
} from 'openai/resources/responses/responses';
import { expect } from 'vitest';
import { toResponsesEvents } from '../../src/core/to-responses-events';
import { toResponsesSSE } from '../../src/server/to-responses-sse';
import { created } from './builders';
import { collect, sequentialIds } from './fixtures';
import { checkEventSequence, finalResponseOf } from './invariants';
import { wire } from './json';
import { withoutParseHelpers } from './parsed-response';

export interface OfficialClientOutcome {
  /** What iterating the stream yielded, in order. */
  events: ResponseStreamEvent[];
  /** `finalResponse()`, when the stream completed. */
  final: ParsedResponse<unknown> | undefined;
  /** What the iteration or `finalResponse()` threw, if anything. */
  error: unknown;
}

async function* replay<T>(items: readonly T[]): AsyncGenerator<T> {
  yield* items;
}

/** Serves `events` to the official client and reads them back as an application would. */
export async function streamToOfficialClient(
  events: readonly ResponseStreamEvent[],
): Promise<OfficialClientOutcome> {
  const client = new OpenAI({
    apiKey: 'test-key',
    baseURL: 'http://responses.test/v1',
    maxRetries: 0,
    fetch: async () =>
      new Response(toResponsesSSE(replay(events)), {
        headers: { 'content-type': 'text/event-stream' },
      }),
  });
  const outcome: OfficialClientOutcome = { events: [], final: undefined, error: undefined };
  try {
    const stream = client.responses.stream({ model: 'm', input: 'hi' });
    for await (const event of stream) outcome.events.push(event);
    outcome.final = await stream.finalResponse();
  } catch (error) {
    outcome.error = error;
  }
  return outcome;
}

/**
 * The official client accepts `events` (ending in `response.completed` or
 * `response.incomplete`), yields them unchanged, and its `finalResponse()` is exactly our final
 * Response as it went over the wire. Returns that Response.
 */
export async function expectOfficialClientAgrees(
  events: readonly ResponseStreamEvent[],
): Promise<Response> {
  const sent = wire(events);
  const outcome = await streamToOfficialClient(sent);
  expect(outcome.error, 'the official client accepts the stream').toBeUndefined();
  expect(
    outcome.events.map((event) => `${event.sequence_number} ${event.type}`),
    'the official client yields every event, in order',
  ).toEqual(sent.map((event) => `${event.sequence_number} ${event.type}`));
  const final = withoutParseHelpers(outcome.final);
  expect(final, 'finalResponse() of the official client').toStrictEqual(finalResponseOf(sent));
  return final;
}

/** The clock of judged conversions: a minute after the builders' `created`. */
export const judgedClock = () => new Date((created + 60) * 1000);

/**
 * Converts `chunks` with sequential ids and judges the result three ways before the test
 * checks its content: the invariants of every sequence (checkEventSequence, spec validation
 * included) and the official client's acceptance of exactly our final Response.
 */
export async function convertAndJudge(
  chunks: Iterable<ChatCompletionChunk> | AsyncIterable<ChatCompletionChunk>,
): Promise<{ events: ResponseStreamEvent[]; response: Response }> {
  const events = await collect(
    toResponsesEvents(chunks, { generateId: sequentialIds(), currentDate: judgedClock }),
  );
  const response = checkEventSequence(events);
  expect(await expectOfficialClientAgrees(events)).toStrictEqual(wire(response));
  return { events, response };
}
