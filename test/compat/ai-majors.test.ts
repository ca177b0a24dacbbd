/**
 * Every AI SDK major, against the real `ai` package of that major (installed side by side as
 * `ai-v4`, `ai-v5`, `ai-v6` and `ai`), through the same loopback chat server as the provider's
 * tests: streamText with reasoning and text, generateText, and a tool loop whose second request
 * must carry turn 1's reasoning signature and Gemini thought signature. These are the cells of
 * the README's compatibility matrix.
 */
import * as ai7 from 'ai';
import * as ai4 from 'ai-v4';
import * as ai5 from 'ai-v5';
import * as ai6 from 'ai-v6';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createResponsesBridge as createV1 } from '../../src/compat/v1/index';
import { createResponsesBridge as createV2 } from '../../src/compat/v2/index';
import { createResponsesBridge as createV3 } from '../../src/compat/v3/index';
import { createResponsesBridge as createV4 } from '../../src/index';
import { chunk, toolCall } from '../support/builders';
import { assistantMessage } from '../support/chat-request';
import { useChatServer } from '../support/chat-server';
import { readChatCompletion } from '../support/fixtures';
import { field } from '../support/json';

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

const usage = { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 };

/** Anthropic thinking through LiteLLM, then a Gemini-signed tool call (documented formats). */
const signedToolTurn = [
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
const answerTurn = [
  chunk({ delta: { role: 'assistant', content: 'Sunny, 21°C.' } }),
  chunk({ finish_reason: 'stop', usage }),
];

function expectSignaturesSentBack() {
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
}

const settings = () => ({ baseURL: server.baseURL, apiKey: 'sk-compat' });
const reasoningCompletion = () => readChatCompletion('deepseek-reasoner-reasoning');
const weatherSchema = {
  type: 'object' as const,
  properties: { city: { type: 'string' as const } },
  required: ['city'],
};
const runWeather = async ({ city }: { city: string }) => ({ city, temperature: 21 });

function noCompatibilityWarning() {
  expect(logged.filter((line) => line.includes('compatibility mode'))).toEqual([]);
}

describe('ai 4 (LanguageModelV1, responses-bridge/v1)', () => {
  const provider = () => createV1(settings());

  it('streamText: reasoning and text', async () => {
    server.reply({ fixture: 'deepseek-reasoner-reasoning' });
    const result = ai4.streamText({
      model: provider()('deepseek-reasoner'),
      prompt: 'Count the rs.',
    });
    const types = new Set<string>();
    for await (const part of result.fullStream) types.add(part.type);
    expect([...types]).toEqual(expect.arrayContaining(['reasoning', 'text-delta', 'finish']));
    expect((await result.reasoning)?.length).toBeGreaterThan(100);
    expect(await result.text).toContain('strawberry');
    expect((await result.usage).completionTokens).toBeGreaterThan(0);
    expect(await result.finishReason).toBe('stop');
  });

  it('generateText', async () => {
    server.reply({ completion: reasoningCompletion() });
    const result = await ai4.generateText({
      model: provider()('deepseek-reasoner'),
      prompt: 'Count.',
    });
    expect(result.text).toBe(reasoningCompletion().choices[0]!.message.content);
    expect(result.reasoning).toBe(
      field(reasoningCompletion().choices[0]!.message, 'reasoning_content'),
    );
    expect(result.usage.promptTokens).toBe(reasoningCompletion().usage!.prompt_tokens);
  });

  it('tool loop with maxSteps, signatures round-tripped', async () => {
    server.reply({ chunks: signedToolTurn }, { chunks: answerTurn });
    const result = ai4.streamText({
      model: provider()('claude-via-litellm'),
      prompt: 'Weather in Paris?',
      tools: {
        weather: ai4.tool({
          parameters: ai4.jsonSchema<{ city: string }>(weatherSchema),
          execute: runWeather,
        }),
      },
      maxSteps: 3,
    });
    // ai 4 settles its promises only once the stream is read.
    await result.consumeStream();
    expect(await result.text).toBe('Sunny, 21°C.');
    expectSignaturesSentBack();
  });
});

describe('ai 5 (LanguageModelV2, responses-bridge/v2)', () => {
  const provider = () => createV2(settings());

  it('streamText: reasoning and text', async () => {
    server.reply({ fixture: 'deepseek-reasoner-reasoning' });
    const result = ai5.streamText({ model: provider()('deepseek-reasoner'), prompt: 'Count.' });
    const types = new Set<string>();
    for await (const part of result.fullStream) types.add(part.type);
    expect([...types]).toEqual(expect.arrayContaining(['reasoning-delta', 'text-delta', 'finish']));
    expect((await result.reasoningText)?.length).toBeGreaterThan(100);
    expect(await result.text).toContain('strawberry');
    expect((await result.usage).reasoningTokens).toBeGreaterThan(0);
    expect(await result.finishReason).toBe('stop');
  });

  it('generateText', async () => {
    server.reply({ completion: reasoningCompletion() });
    const result = await ai5.generateText({
      model: provider()('deepseek-reasoner'),
      prompt: 'Count.',
    });
    expect(result.text).toBe(reasoningCompletion().choices[0]!.message.content);
    expect(result.usage.inputTokens).toBe(reasoningCompletion().usage!.prompt_tokens);
  });

  it('tool loop with stopWhen, signatures round-tripped', async () => {
    server.reply({ chunks: signedToolTurn }, { chunks: answerTurn });
    const result = ai5.streamText({
      model: provider()('claude-via-litellm'),
      prompt: 'Weather in Paris?',
      tools: {
        weather: ai5.tool({
          inputSchema: ai5.jsonSchema<{ city: string }>(weatherSchema),
          execute: runWeather,
        }),
      },
      stopWhen: ai5.stepCountIs(3),
    });
    expect(await result.text).toBe('Sunny, 21°C.');
    expectSignaturesSentBack();
  });
});

describe('ai 6 (LanguageModelV3, responses-bridge/v3)', () => {
  const provider = () => createV3(settings());

  it('streamText: reasoning and text, with no compatibility-mode warning', async () => {
    server.reply({ fixture: 'deepseek-reasoner-reasoning' });
    const result = ai6.streamText({ model: provider()('deepseek-reasoner'), prompt: 'Count.' });
    const types = new Set<string>();
    for await (const part of result.fullStream) types.add(part.type);
    expect([...types]).toEqual(expect.arrayContaining(['reasoning-delta', 'text-delta', 'finish']));
    expect((await result.reasoningText)?.length).toBeGreaterThan(100);
    expect(await result.text).toContain('strawberry');
    expect(await result.finishReason).toBe('stop');
    noCompatibilityWarning();
  });

  it('a V2 model in ai 6 does print the warning (the check above can fail)', async () => {
    server.reply({ fixture: 'deepseek-reasoner-reasoning' });
    const result = ai6.streamText({
      // ai 6 types V2 models with its own @ai-sdk/provider; the runtime shape is what counts here.
      model: createV2(settings())('deepseek-reasoner') as unknown as ai6.LanguageModel,
      prompt: 'Count.',
    });
    await result.consumeStream();
    expect(logged.some((line) => line.includes('compatibility mode'))).toBe(true);
  });

  it('generateText', async () => {
    server.reply({ completion: reasoningCompletion() });
    const result = await ai6.generateText({
      model: provider()('deepseek-reasoner'),
      prompt: 'Count.',
    });
    expect(result.text).toBe(reasoningCompletion().choices[0]!.message.content);
    expect(result.usage.inputTokens).toBe(reasoningCompletion().usage!.prompt_tokens);
    noCompatibilityWarning();
  });

  it('tool loop with stopWhen, signatures round-tripped', async () => {
    server.reply({ chunks: signedToolTurn }, { chunks: answerTurn });
    const result = ai6.streamText({
      model: provider()('claude-via-litellm'),
      prompt: 'Weather in Paris?',
      tools: {
        weather: ai6.tool({
          inputSchema: ai6.jsonSchema<{ city: string }>(weatherSchema),
          execute: runWeather,
        }),
      },
      stopWhen: ai6.stepCountIs(3),
    });
    expect(await result.text).toBe('Sunny, 21°C.');
    expectSignaturesSentBack();
    noCompatibilityWarning();
  });
});

describe('ai 7 (LanguageModelV4, responses-bridge)', () => {
  const provider = () => createV4(settings());

  it('streamText: reasoning and text, with no compatibility-mode warning', async () => {
    server.reply({ fixture: 'deepseek-reasoner-reasoning' });
    const result = ai7.streamText({ model: provider()('deepseek-reasoner'), prompt: 'Count.' });
    await result.consumeStream();
    expect((await result.reasoningText)?.length).toBeGreaterThan(100);
    expect(await result.text).toContain('strawberry');
    noCompatibilityWarning();
  });

  it('generateText', async () => {
    server.reply({ completion: reasoningCompletion() });
    const result = await ai7.generateText({
      model: provider()('deepseek-reasoner'),
      prompt: 'Count.',
    });
    expect(result.text).toBe(reasoningCompletion().choices[0]!.message.content);
    noCompatibilityWarning();
  });

  it('tool loop with stopWhen, signatures round-tripped', async () => {
    server.reply({ chunks: signedToolTurn }, { chunks: answerTurn });
    const result = ai7.streamText({
      model: provider()('claude-via-litellm'),
      prompt: 'Weather in Paris?',
      tools: {
        weather: ai7.tool({
          inputSchema: ai7.jsonSchema<{ city: string }>(weatherSchema),
          execute: runWeather,
        }),
      },
      stopWhen: ai7.stepCountIs(3),
    });
    expect(await result.text).toBe('Sunny, 21°C.');
    expectSignaturesSentBack();
    noCompatibilityWarning();
  });
});
