/**
 * What the ai 4, 5, 6 and 7 suites (test/compat/) share: the loopback chat server, the console
 * the AI SDK warns on, and a tool turn whose second request must carry turn 1's reasoning
 * signature and Gemini thought signature back.
 */
import { afterAll, afterEach, beforeAll, expect, vi } from 'vitest';
import type { responsesBridgeMetadata as ResponsesBridgeMetadataOf } from '../../src/index';
import { chunk, toolCall } from './builders';
import { assistantMessage } from './chat-request';
import { type ChatServer, useChatServer } from './chat-server';
import { readChatCompletion } from './fixtures';

const usage = { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 };

/** Anthropic thinking through LiteLLM, then a Gemini-signed tool call (documented formats). */
export const signedToolTurn = [
  chunk({
    delta: {
      role: 'assistant',
      reasoning_content: 'Need the weather.',
      thinking_blocks: [{ type: 'thinking', thinking: 'Need the weather.', signature: null }],
    },
  }),
  chunk({
    delta: { thinking_blocks: [{ type: 'thinking', thinking: '', signature: 'SIG_THINKING' }] },
  }),
  chunk({
    delta: {
      tool_calls: [
        toolCall({
          index: 0,
          id: 'call_w1',
          name: 'weather',
          arguments: '{"city":"Paris"}',
          extra_content: { google: { thought_signature: 'SIG_GEMINI' } },
        }),
      ],
    },
  }),
  chunk({ finish_reason: 'tool_calls', usage }),
];

export const answerTurn = [
  chunk({ delta: { role: 'assistant', content: 'Sunny, 21°C.' } }),
  chunk({ finish_reason: 'stop', usage }),
];

export const reasoningCompletion = () => readChatCompletion('deepseek-reasoner-reasoning');

export const weatherSchema = {
  type: 'object' as const,
  properties: { city: { type: 'string' as const } },
  required: ['city'],
};

export const runWeather = async ({ city }: { city: string }) => ({ city, temperature: 21 });

/** An /embeddings answer, its vectors out of order: each carries its index. */
export const embeddingsReply = {
  completion: {
    object: 'list',
    data: [
      { object: 'embedding', index: 1, embedding: [0.3, 0.4] },
      { object: 'embedding', index: 0, embedding: [0.1, 0.2] },
    ],
    model: 'embed-model',
    usage: { prompt_tokens: 4, total_tokens: 4 },
  },
};

/**
 * An entry's `responsesBridgeMetadata` gave the call's typed Response under the default name,
 * and nothing under another.
 */
export function expectTypedResponse(
  responsesBridgeMetadata: typeof ResponsesBridgeMetadataOf,
  providerMetadata: Record<string, unknown> | undefined,
): void {
  const metadata = responsesBridgeMetadata(providerMetadata);
  expect(metadata?.response.status).toBe('completed');
  expect(metadata?.response.id).toBe(metadata?.responseId);
  expect(metadata?.response.output.some((item) => item.type === 'reasoning')).toBe(true);
  expect(responsesBridgeMetadata(providerMetadata, { name: 'other' })).toBeUndefined();
}

export interface CompatHarness {
  server: ChatServer;
  /** Provider settings that point at the chat server. */
  settings: () => { baseURL: string; apiKey: string };
  /** What the AI SDK wrote to the console during the test. */
  logged: string[];
  /** The second request carried turn 1's thinking signature and Gemini thought signature. */
  expectSignaturesSentBack: () => void;
  /** The AI SDK printed no "compatibility mode" warning. */
  expectNoCompatibilityWarning: () => void;
  /**
   * `embedMany(['sunny', 'rainy'])` over `embeddingsReply` gave the vectors in the order of the
   * values, and sent the request a user of `queryParams` and `dimensions` expects.
   */
  expectEmbedded: (
    result: { embeddings: number[][]; usage: { tokens: number } },
    body: Record<string, unknown>,
  ) => void;
}

/** The chat server and the console capture of one compat suite, with their hooks. */
export function useCompatHarness(): CompatHarness {
  const server = useChatServer();
  const logged: string[] = [];
  beforeAll(() => {
    for (const method of ['warn', 'info', 'log'] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        logged.push(args.map(String).join(' '));
      });
    }
  });
  afterEach(() => {
    logged.length = 0;
  });
  afterAll(() => vi.restoreAllMocks());

  return {
    server,
    settings: () => ({ baseURL: server.baseURL, apiKey: 'sk-compat' }),
    logged,
    expectSignaturesSentBack: () => {
      expect(server.requests).toHaveLength(2);
      const [user, assistant, toolMessage] = server.requests[1]!.body.messages;
      expect(user?.role).toBe('user');
      expect(assistantMessage(assistant).thinking_blocks).toEqual([
        { type: 'thinking', thinking: 'Need the weather.', signature: 'SIG_THINKING' },
      ]);
      expect(assistantMessage(assistant).tool_calls).toEqual([
        {
          id: 'call_w1',
          type: 'function',
          function: { name: 'weather', arguments: '{"city":"Paris"}' },
          extra_content: { google: { thought_signature: 'SIG_GEMINI' } },
        },
      ]);
      expect(toolMessage).toEqual({
        role: 'tool',
        tool_call_id: 'call_w1',
        content: JSON.stringify({ city: 'Paris', temperature: 21 }),
      });
    },
    expectEmbedded: (result, body) => {
      expect(result.embeddings).toEqual([
        [0.1, 0.2],
        [0.3, 0.4],
      ]);
      expect(result.usage.tokens).toBe(4);
      expect(server.requests[0]?.url).toBe('/v1/embeddings?api-version=2024-10-21');
      expect(server.requests[0]?.body).toEqual({
        model: 'embed-model',
        input: ['sunny', 'rainy'],
        encoding_format: 'float',
        ...body,
      });
      expect(server.requests[0]?.headers.get('authorization')).toBe('Bearer sk-compat');
    },
    expectNoCompatibilityWarning: () => {
      expect(logged.filter((line) => line.includes('compatibility mode'))).toEqual([]);
    },
  };
}
