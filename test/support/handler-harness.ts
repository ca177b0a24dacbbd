/**
 * The harness of the `/v1/responses` handler suites (test/integration/responses-handler*.ts):
 * the handler on a loopback port in front of the replay chat server, the official `openai`
 * client pointed at it, and a reader of the SSE frames it sends. Whatever the handler sends
 * that client (a Response, or the events of a stream) is checked against the Open Responses
 * spec.
 */
import OpenAI from 'openai';
import type { ResponseStreamEvent } from 'openai/resources/responses/responses';
import { afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { createResponsesHandler, type ResponsesHandlerOptions } from '../../src/index';
import { type ChatServer, useChatServer } from './chat-server';
import { sequentialIds } from './fixtures';
import { isRecord } from './json';
import { type LoopbackServer, startServer } from './loopback';
import { validateEvent, validateResponse } from './open-responses-schema';

export interface HandlerHarness {
  /** The chat server behind the handler; its recorded requests show what went upstream. */
  upstream: ChatServer;
  /** Starts the handler on a loopback port (closed after the test) and gives its URL. */
  startBridge: (options?: ResponsesHandlerOptions) => Promise<string>;
  /** An `openai` client, without retries, talking to a new handler. */
  openai: (options?: ResponsesHandlerOptions, apiKey?: string) => Promise<OpenAI>;
}

/**
 * The handler suite's servers, with their hooks. Ids restart at every test (`resp_0001`, …), so
 * that a test can compute the ids the handler makes.
 */
/** The handler's clock in these tests: a fixed instant, so that no answer depends on the time. */
export const handlerClock = () => new Date('2026-03-01T12:00:00Z');

export function useResponsesHandler(): HandlerHarness {
  const upstream = useChatServer();
  let ids = sequentialIds();
  const bridges: LoopbackServer[] = [];
  beforeEach(() => {
    ids = sequentialIds();
  });
  afterEach(async () => {
    await Promise.all(bridges.splice(0).map((bridge) => bridge.close()));
  });

  const startBridge = async (options: ResponsesHandlerOptions = {}): Promise<string> => {
    const bridge = await startServer(
      createResponsesHandler({
        baseURL: upstream.baseURL,
        generateId: (p) => ids(p),
        currentDate: handlerClock,
        ...options,
      }),
    );
    bridges.push(bridge);
    return bridge.url;
  };
  const checkedFetch = useSpecCheckedFetch();
  const openai = async (options: ResponsesHandlerOptions = {}, apiKey = 'sk-client') =>
    new OpenAI({
      baseURL: `${await startBridge(options)}/v1`,
      apiKey,
      maxRetries: 0,
      fetch: checkedFetch,
    });
  return { upstream, startBridge, openai };
}

/**
 * A `fetch` for the clients of a test file that checks every answer under the Open Responses
 * spec beside the client (`checkBody`), each check awaited after the test.
 */
export function useSpecCheckedFetch(): typeof fetch {
  const checks: Promise<void>[] = [];
  // Compile the spec's schemas up front, so that their cost does not land inside a test.
  beforeAll(() => {
    validateResponse({});
  });
  afterEach(async () => {
    await Promise.all(checks.splice(0));
  });
  return async (input, init) => {
    const response = await fetch(input, init);
    const [forClient, forCheck] = response.body?.tee() ?? [null, null];
    if (forCheck !== null) checks.push(checkBody(response.headers, forCheck));
    return new Response(forClient, response);
  };
}

/**
 * What the handler sent the client, under the Open Responses spec: every event of an SSE body,
 * or a JSON body that is a Response. Checked beside the client, reported with `expect.soft`.
 */
async function checkBody(headers: Headers, body: ReadableStream<Uint8Array>): Promise<void> {
  const { text, whole } = await readText(body);
  if (headers.get('content-type')?.startsWith('text/event-stream')) {
    // A client that went away mid-stream got the frames before that; the last may be cut.
    const frames = whole ? text : text.slice(0, text.lastIndexOf('\n\n') + 2);
    for (const event of readSSE(frames)) {
      expect.soft(validateEvent(event), `${event.type} sent by the handler`).toEqual([]);
    }
    return;
  }
  if (!whole) return;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return;
  }
  // `DELETE` answers `{id, object: 'response', deleted: true}`, which the spec does not define.
  if (isRecord(json) && json.object === 'response' && json.deleted === undefined) {
    expect.soft(validateResponse(json), 'the Response sent by the handler').toEqual([]);
  }
}

/**
 * The events of an SSE body, each frame checked to name its event's type and to hold an event
 * the Open Responses spec accepts.
 */
export function parseSSE(text: string): ResponseStreamEvent[] {
  const events = readSSE(text);
  for (const event of events) {
    expect(validateEvent(event), `${event.type} sent by the handler`).toEqual([]);
  }
  return events;
}

function readSSE(text: string): ResponseStreamEvent[] {
  return text
    .split('\n\n')
    .filter((frame) => frame.trim() !== '')
    .map((frame) => {
      const [eventLine, dataLine] = frame.split('\n');
      const event: ResponseStreamEvent = JSON.parse(dataLine!.slice('data: '.length));
      expect(eventLine).toBe(`event: ${event.type}`);
      return event;
    });
}

/** A strict function tool, as a Responses request gives it. */
export const weatherTool = {
  type: 'function' as const,
  name: 'weather',
  description: 'Current weather in a city',
  parameters: {
    type: 'object',
    properties: { city: { type: 'string' } },
    required: ['city'],
    additionalProperties: false,
  },
  strict: true,
};

/** The text of a body, as far as it came: a reader aborted by the client ends it early. */
async function readText(
  body: ReadableStream<Uint8Array>,
): Promise<{ text: string; whole: boolean }> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  for (;;) {
    const read = await reader.read().then(
      (result) => result,
      () => undefined,
    );
    if (read === undefined) return { text, whole: false };
    if (read.done) return { text: text + decoder.decode(), whole: true };
    text += decoder.decode(read.value, { stream: true });
  }
}
