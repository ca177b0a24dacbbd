/**
 * Multi-step tool calling through `streamText` / `generateText` with `stopWhen`: turn 1 comes from
 * a recorded or constructed stream with reasoning, signatures and a tool call; the AI SDK runs
 * the tool and sends turn 2, whose request body the loopback server records. Each dialect's
 * reasoning and signatures must come back the way that provider expects them.
 *
 * Constructed streams follow each provider's documented wire format, since no public recording
 * shows them (see test/fixtures/README.md, "Quirks with NO real recording found"):
 * - LiteLLM with Anthropic thinking: docs.litellm.ai "Reasoning content" (`thinking_blocks`);
 * - LiteLLM with Gemini: `provider_specific_fields.thought_signature` on tool calls;
 * - Gemini's OpenAI endpoint: ai.google.dev "Thought signatures" (`extra_content.google`);
 * - OpenRouter: openrouter.ai "Reasoning tokens" (`reasoning_details`, preserved verbatim).
 */

import type { SharedV4ProviderOptions } from '@ai-sdk/provider';
import {
  generateText,
  jsonSchema,
  readUIMessageStream,
  stepCountIs,
  streamText,
  tool,
  type UIMessageChunk,
} from 'ai';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { describe, expect, it } from 'vitest';
import { createResponsesBridge } from '../../src/index';
import {
  chunk,
  completion,
  type FinishReason,
  type ToolCallFields,
  toolCall,
} from '../support/builders';
import { assistantMessage, toolCallAt } from '../support/chat-request';
import { useChatServer } from '../support/chat-server';
import { collect } from '../support/fixtures';
import { findPart } from '../support/stream-parts';

const server = useChatServer();

const weather = tool({
  description: 'The weather in a city',
  inputSchema: jsonSchema<{ location?: string; city?: string }>({
    type: 'object',
    properties: { location: { type: 'string' }, city: { type: 'string' } },
  }),
  execute: async ({ location, city }) => ({ place: location ?? city, temperature: 21 }),
});

function finish(reason: FinishReason) {
  return chunk({
    finish_reason: reason,
    usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
  });
}

/** Turn 1's call of the weather tool, with `fields` (a signature) beside OpenAI's. */
function toolCallChunk(fields: ToolCallFields = {}) {
  return chunk({
    delta: {
      tool_calls: [
        toolCall({
          index: 0,
          id: 'call_weather_1',
          name: 'weather',
          arguments: '{"city":"Paris"}',
          ...fields,
        }),
      ],
    },
  });
}

const answer = [
  chunk({ delta: { role: 'assistant', content: 'It is 21°C in Paris.' } }),
  finish('stop'),
];

async function runTwoTurns(
  turn1: ChatCompletionChunk[],
  providerOptions?: SharedV4ProviderOptions,
) {
  server.reply({ chunks: turn1 }, { chunks: answer });
  const provider = createResponsesBridge({ baseURL: server.baseURL, apiKey: 'sk-test-tools' });
  const result = streamText({
    model: provider('thinking-model'),
    prompt: 'What is the weather in Paris?',
    tools: { weather },
    stopWhen: stepCountIs(3),
    maxRetries: 0,
    ...(providerOptions ? { providerOptions } : {}),
  });
  await result.consumeStream();
  expect(server.requests).toHaveLength(2);
  const { messages } = server.requests[1]!.body;
  expect(messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool']);
  return {
    assistant: assistantMessage(messages[1]),
    tool: messages[2],
    text: await result.text,
    result,
  };
}

describe('a two-turn tool loop sends turn 1 back in the provider’s dialect', () => {
  it('DeepSeek thinking mode: reasoning_content on the tool-call turn (recorded turn 1)', async () => {
    server.reply({ fixture: 'deepseek-reasoner-reasoning-tool-call' }, { chunks: answer });
    const provider = createResponsesBridge({ baseURL: server.baseURL, apiKey: 'sk-test-tools' });
    const result = streamText({
      model: provider('deepseek-reasoner'),
      prompt: 'What is the weather in San Francisco?',
      tools: { weather },
      stopWhen: stepCountIs(3),
      maxRetries: 0,
    });
    const steps = await result.steps;
    expect(steps).toHaveLength(2);
    const [first] = steps;
    const { messages } = server.requests[1]!.body;
    expect(messages[1]).toEqual({
      role: 'assistant',
      content: null,
      reasoning_content: first!.reasoningText,
      tool_calls: [
        {
          id: first!.toolCalls[0]!.toolCallId,
          type: 'function',
          function: { name: 'weather', arguments: '{"location":"San Francisco"}' },
        },
      ],
    });
    expect(first!.reasoningText?.length).toBeGreaterThan(50);
    expect(messages[2]).toEqual({
      role: 'tool',
      tool_call_id: first!.toolCalls[0]!.toolCallId,
      content: JSON.stringify({ place: 'San Francisco', temperature: 21 }),
    });
    expect(await result.text).toBe('It is 21°C in Paris.');
  });

  it('Gemini: extra_content.google.thought_signature back on the tool call', async () => {
    const { assistant } = await runTwoTurns([
      chunk({ delta: { role: 'assistant', content: null } }),
      toolCallChunk({ extra_content: { google: { thought_signature: 'SIG_GEMINI_1' } } }),
      finish('tool_calls'),
    ]);
    expect(assistant.tool_calls).toEqual([
      {
        id: 'call_weather_1',
        type: 'function',
        function: { name: 'weather', arguments: '{"city":"Paris"}' },
        extra_content: { google: { thought_signature: 'SIG_GEMINI_1' } },
      },
    ]);
    expect(assistant).not.toHaveProperty('reasoning_content');
  });

  it('Gemini through LiteLLM: provider_specific_fields.thought_signature back', async () => {
    const { assistant } = await runTwoTurns([
      toolCallChunk({ provider_specific_fields: { thought_signature: 'SIG_LITELLM_GEMINI' } }),
      finish('tool_calls'),
    ]);
    expect(toolCallAt(assistant, 0).provider_specific_fields).toEqual({
      thought_signature: 'SIG_LITELLM_GEMINI',
    });
    expect(toolCallAt(assistant, 0)).not.toHaveProperty('extra_content');
  });

  it('Anthropic through LiteLLM: thinking_blocks with their signature back', async () => {
    const { assistant, result } = await runTwoTurns([
      chunk({
        delta: {
          role: 'assistant',
          reasoning_content: 'The user wants ',
          thinking_blocks: [{ type: 'thinking', thinking: 'The user wants ', signature: null }],
        },
      }),
      chunk({
        delta: {
          reasoning_content: 'the weather.',
          thinking_blocks: [{ type: 'thinking', thinking: 'the weather.', signature: null }],
        },
      }),
      chunk({
        delta: {
          thinking_blocks: [{ type: 'thinking', thinking: '', signature: 'SIG_ANTHROPIC' }],
        },
      }),
      toolCallChunk(),
      finish('tool_calls'),
    ]);
    // The same thinking arrives twice (reasoning_content and thinking_blocks): shown once.
    expect((await result.steps)[0]!.reasoningText).toBe('The user wants the weather.');
    expect(assistant.thinking_blocks).toEqual([
      { type: 'thinking', thinking: 'The user wants the weather.', signature: 'SIG_ANTHROPIC' },
    ]);
    expect(assistant).not.toHaveProperty('reasoning_content');
  });

  it('OpenRouter: reasoning_details with text, signature and format back', async () => {
    const detail = { type: 'reasoning.text', format: 'anthropic-claude-v1', index: 0 };
    const { assistant } = await runTwoTurns([
      chunk({
        delta: {
          role: 'assistant',
          reasoning: 'Need weather.',
          reasoning_details: [{ ...detail, text: 'Need weather.' }],
        },
      }),
      chunk({
        delta: { reasoning: '', reasoning_details: [{ ...detail, signature: 'SIG_OPENROUTER' }] },
      }),
      toolCallChunk(),
      finish('tool_calls'),
    ]);
    expect(assistant.reasoning_details).toEqual([
      { ...detail, text: 'Need weather.', signature: 'SIG_OPENROUTER' },
    ]);
    expect(assistant).not.toHaveProperty('reasoning');
  });

  it('OpenRouter encrypted reasoning: reasoning.encrypted data back', async () => {
    const { assistant } = await runTwoTurns([
      chunk({
        delta: {
          role: 'assistant',
          reasoning_details: [
            {
              type: 'reasoning.encrypted',
              data: 'ENCRYPTED==',
              format: 'openai-responses-v1',
              index: 0,
            },
          ],
        },
      }),
      toolCallChunk(),
      finish('tool_calls'),
    ]);
    expect(assistant.reasoning_details).toEqual([
      { type: 'reasoning.encrypted', data: 'ENCRYPTED==', format: 'openai-responses-v1', index: 0 },
    ]);
  });

  it('Groq and Ollama: reasoning back as `reasoning`', async () => {
    const { assistant } = await runTwoTurns([
      chunk({ delta: { role: 'assistant', reasoning: 'Call the tool.' } }),
      toolCallChunk(),
      finish('tool_calls'),
    ]);
    expect(assistant.reasoning).toBe('Call the tool.');
    expect(assistant).not.toHaveProperty('reasoning_content');
  });

  it('sends no reasoning when sendReasoning is off', async () => {
    const { assistant } = await runTwoTurns(
      [
        chunk({ delta: { role: 'assistant', reasoning_content: 'Private.' } }),
        toolCallChunk(),
        finish('tool_calls'),
      ],
      { responsesBridge: { sendReasoning: false } },
    );
    expect(Object.keys(assistant).sort()).toEqual(['content', 'role', 'tool_calls']);
  });
});

describe('generateText tool loop', () => {
  it('runs the tool and sends the signature back (recorded Gemini completion)', async () => {
    server.reply(
      { completionFixture: 'gemini-2.5-pro-tool-call-thought-signature' },
      {
        completion: completion({
          id: 'chatcmpl-2',
          model: 'gemini-2.5-pro',
          message: { content: 'Done.' },
        }),
      },
    );
    const provider = createResponsesBridge({ baseURL: server.baseURL, apiKey: 'sk-test-tools' });
    const recorded = server.requests;
    const result = await generateText({
      model: provider('gemini-2.5-pro'),
      prompt: 'Use the tool.',
      tools: {
        get_current_time: tool({
          inputSchema: jsonSchema({ type: 'object' }),
          execute: async () => '12:00',
        }),
      },
      stopWhen: stepCountIs(3),
      maxRetries: 0,
    });
    expect(result.text).toBe('Done.');
    const assistant = assistantMessage(recorded[1]!.body.messages[1]);
    const call = toolCallAt(assistant, 0);
    expect(call.function.name).toBe('get_current_time');
    // The recording has `id: ""`: a call id is generated, and the tool result refers to it.
    expect(call.id).toMatch(/^call_/);
    expect(recorded[1]!.body.messages[2]).toEqual({
      role: 'tool',
      tool_call_id: call.id,
      content: '12:00',
    });
    // The signature Gemini put on the message travels on the first tool call.
    expect(call.extra_content?.google?.thought_signature).toMatch(/^.{20,}$/);
  });
});

describe('the UI message stream useChat reads', () => {
  it('holds the reasoning, the tool call with its output, and the text', async () => {
    server.reply({ fixture: 'deepseek-reasoner-reasoning-tool-call' }, { chunks: answer });
    const provider = createResponsesBridge({ baseURL: server.baseURL, apiKey: 'sk-test-tools' });
    const result = streamText({
      model: provider('deepseek-reasoner'),
      prompt: 'What is the weather in San Francisco?',
      tools: { weather },
      stopWhen: stepCountIs(3),
      maxRetries: 0,
    });
    const response = result.toUIMessageStreamResponse({ sendReasoning: true });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const body = await response.text();
    const chunkTypes = body
      .split('\n')
      .filter((line) => line.startsWith('data: {'))
      .map((line) => (JSON.parse(line.slice(6)) as { type: string }).type);
    for (const type of [
      'reasoning-start',
      'reasoning-delta',
      'reasoning-end',
      'tool-input-start',
      'tool-input-delta',
      'tool-input-available',
      'tool-output-available',
      'text-start',
      'text-delta',
      'text-end',
      'finish',
    ]) {
      expect(chunkTypes, type).toContain(type);
    }

    // Rebuild the message as useChat does.
    const stream = new Response(body).body!.pipeThrough(new TextDecoderStream()).pipeThrough(
      new TransformStream<string, UIMessageChunk>({
        transform(text, controller) {
          for (const line of text.split('\n')) {
            if (line.startsWith('data: {')) controller.enqueue(JSON.parse(line.slice(6)));
          }
        },
      }),
    );
    const messages = await collect(readUIMessageStream({ stream }));
    const message = messages[messages.length - 1]!;
    const reasoning = findPart(message.parts, 'reasoning');
    const toolPart = findPart(message.parts, 'tool-weather');
    const text = message.parts.filter((part) => part.type === 'text');
    expect(reasoning.text.length).toBeGreaterThan(50);
    expect(toolPart.state).toBe('output-available');
    if (toolPart.state !== 'output-available') return;
    expect(toolPart.input).toEqual({ location: 'San Francisco' });
    expect(toolPart.output).toEqual({ place: 'San Francisco', temperature: 21 });
    expect(text.map((part) => part.text).join('')).toBe('It is 21°C in Paris.');
  });
});
