/**
 * The harness of the `/v1/responses` handler suites (test/integration/responses-handler*.ts):
 * the handler on a loopback port in front of the replay chat server, the official `openai`
 * client pointed at it, and a reader of the SSE frames it sends.
 */
import OpenAI from 'openai';
import type { ResponseStreamEvent } from 'openai/resources/responses/responses';
import { afterEach, beforeEach, expect } from 'vitest';
import { createResponsesHandler, type ResponsesHandlerOptions } from '../../src/index';
import { type ChatServer, useChatServer } from './chat-server';
import { sequentialIds } from './fixtures';
import { type LoopbackServer, startServer } from './loopback';

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
      createResponsesHandler({ baseURL: upstream.baseURL, generateId: (p) => ids(p), ...options }),
    );
    bridges.push(bridge);
    return bridge.url;
  };
  const openai = async (options: ResponsesHandlerOptions = {}, apiKey = 'sk-client') =>
    new OpenAI({ baseURL: `${await startBridge(options)}/v1`, apiKey, maxRetries: 0 });
  return { upstream, startBridge, openai };
}

/** The events of an SSE body, each frame checked to name its event's type. */
export function parseSSE(text: string): ResponseStreamEvent[] {
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
