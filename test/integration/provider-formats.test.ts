/**
 * The provider formats of the core's hand-made cases, end to end with ai 7: the real `ai`
 * package drives the provider against the loopback Chat Completions server, and what an app
 * sees must carry the format through. `streamText` is read as `useChat` reads it, through
 * `toUIMessageStreamResponse()` and `readUIMessageStream`; `generateText` over the same content
 * (a non-streamed completion) must give the same. Formats, as documented:
 * - OpenAI custom tools (platform.openai.com/docs/guides/function-calling#custom-tools): the
 *   call `{type: "custom", custom: {name, input}}` becomes an AI SDK tool call whose input is
 *   the freeform text (sent to the AI SDK as the JSON string of it);
 * - Anthropic thinking through LiteLLM (docs.litellm.ai/docs/reasoning_content): every block,
 *   signed or redacted, in the reasoning part's provider metadata (`thinkingBlocks`);
 * - OpenAI logprobs (`choices[].logprobs.content`): in the text part's provider metadata.
 */
import {
  generateText,
  jsonSchema,
  readUIMessageStream,
  streamText,
  type ToolSet,
  tool,
  type UIMessage,
  type UIMessageChunk,
} from 'ai';
import type { ChatCompletion, ChatCompletionTokenLogprob } from 'openai/resources/chat/completions';
import { describe, expect, it } from 'vitest';
import { createResponsesBridge } from '../../src/index';
import { chunk, completion, customToolCall } from '../support/builders';
import { useChatServer } from '../support/chat-server';
import { collect, sequentialIds } from '../support/fixtures';
import { rawEvents } from '../support/stream-parts';

const server = useChatServer();

function provider() {
  return createResponsesBridge({
    baseURL: server.baseURL,
    apiKey: 'sk-test-formats',
    generateId: sequentialIds(),
  });
}

/** The UI message stream's SSE body, back as chunks, as `useChat` reads it. */
function uiChunks(response: globalThis.Response): ReadableStream<UIMessageChunk> {
  return response.body!.pipeThrough(new TextDecoderStream()).pipeThrough(
    new TransformStream<string, UIMessageChunk>({
      transform(text, controller) {
        for (const line of text.split('\n')) {
          if (line.startsWith('data: {')) controller.enqueue(JSON.parse(line.slice(6)));
        }
      },
    }),
  );
}

/** Streams `prompt` with `streamText`, and rebuilds the assistant message from the UI stream. */
async function streamToUIMessage(
  tools: ToolSet = {},
): Promise<{ message: UIMessage; chunks: UIMessageChunk[] }> {
  const result = streamText({
    tools,
    model: provider()('formats-model'),
    prompt: 'Go.',
    includeRawChunks: true,
    maxRetries: 0,
  });
  const [forUI, forChunks] = uiChunks(result.toUIMessageStreamResponse()).tee();
  const [messages, chunks, parts] = await Promise.all([
    collect(readUIMessageStream({ stream: forUI })),
    readAll(forChunks),
    collect(result.fullStream),
  ]);
  // What the provider streamed is the Responses view, to the letter of the spec (rawEvents
  // checks every event).
  expect(rawEvents(parts).at(-1)?.type).toBe('response.completed');
  const message = messages[messages.length - 1];
  if (message === undefined) throw new Error('The UI message stream carried no message.');
  return { message, chunks };
}

async function readAll<T>(stream: ReadableStream<T>): Promise<T[]> {
  const items: T[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return items;
    items.push(value);
  }
}

function partsOf<Type extends UIMessage['parts'][number]['type']>(message: UIMessage, type: Type) {
  return message.parts.filter(
    (part): part is Extract<UIMessage['parts'][number], { type: Type }> => part.type === type,
  );
}

const patch = '*** Begin Patch\n*** Update File: a.txt\n+"quoted"\n*** End Patch';

const applyPatch = tool({
  description: 'Apply a patch in the V4A grammar',
  inputSchema: jsonSchema<string>({ type: 'string' }),
});

const blocks = [
  { type: 'thinking', thinking: 'First, add 2 and 2.', signature: 'sig-first' },
  { type: 'redacted_thinking', data: 'EmwKAhgB' },
  { type: 'thinking', thinking: 'Then check it.', signature: 'sig-second' },
];

const logprobs: ChatCompletionTokenLogprob[] = [
  {
    token: 'Hel',
    logprob: -0.1,
    bytes: [72, 101, 108],
    top_logprobs: [
      { token: 'Hel', logprob: -0.1, bytes: [72, 101, 108] },
      { token: 'Hi', logprob: -2.5, bytes: [72, 105] },
    ],
  },
  { token: 'lo', logprob: -0.01, bytes: [108, 111], top_logprobs: [] },
];

/** The same logprobs as the Responses view carries them. */
const responseLogprobs = logprobs.map((entry) => ({
  token: entry.token,
  logprob: entry.logprob,
  bytes: entry.bytes ?? [],
  top_logprobs: entry.top_logprobs.map((top) => ({ ...top, bytes: top.bytes ?? [] })),
}));

function withLogprobs(body: ChatCompletion): ChatCompletion {
  const [choice] = body.choices;
  return { ...body, choices: [{ ...choice!, logprobs: { content: logprobs, refusal: null } }] };
}

describe('the provider on documented formats, with ai 7', () => {
  describe('a custom tool call', () => {
    it('is an AI SDK tool call whose input is the freeform text, in the UI message', async () => {
      server.reply({
        chunks: [
          chunk({
            delta: {
              role: 'assistant',
              tool_calls: [customToolCall({ index: 0, id: 'call_patch', name: 'apply_patch' })],
            },
          }),
          chunk({
            delta: { tool_calls: [customToolCall({ index: 0, input: patch.slice(0, 20) })] },
          }),
          chunk({ delta: { tool_calls: [customToolCall({ index: 0, input: patch.slice(20) })] } }),
          chunk({ finish_reason: 'tool_calls' }),
        ],
      });
      const { message, chunks } = await streamToUIMessage({ apply_patch: applyPatch });
      const [call] = partsOf(message, 'tool-apply_patch');
      expect(call).toMatchObject({
        toolCallId: 'call_patch',
        state: 'input-available',
        input: patch,
      });
      // The input streamed as the JSON string of the text, escapes and all.
      const streamedInput = chunks
        .flatMap((each) => (each.type === 'tool-input-delta' ? [each.inputTextDelta] : []))
        .join('');
      expect(streamedInput).toBe(JSON.stringify(patch));
    });

    it('is the same tool call with generateText', async () => {
      server.reply({
        completion: completion({
          message: {
            content: null,
            tool_calls: [
              { id: 'call_patch', type: 'custom', custom: { name: 'apply_patch', input: patch } },
            ],
          },
          finish_reason: 'tool_calls',
        }),
      });
      const result = await generateText({
        model: provider()('formats-model'),
        prompt: 'Go.',
        tools: { apply_patch: applyPatch },
        maxRetries: 0,
      });
      expect(result.toolCalls).toMatchObject([
        { toolCallId: 'call_patch', toolName: 'apply_patch', input: patch },
      ]);
      expect(result.finishReason).toBe('tool-calls');
    });
  });

  describe('several thinking blocks from LiteLLM', () => {
    it('are in the reasoning part’s provider metadata, in order, in the UI message', async () => {
      const thinking = (text: string, signature?: string) =>
        chunk({
          delta: {
            reasoning_content: text,
            thinking_blocks: [
              { type: 'thinking', thinking: text, ...(signature ? { signature } : {}) },
            ],
          },
        });
      server.reply({
        chunks: [
          chunk({ delta: { role: 'assistant', content: '' } }),
          thinking('First, add '),
          thinking('2 and 2.'),
          thinking('', 'sig-first'),
          chunk({ delta: { thinking_blocks: [blocks[1]] } }),
          thinking('Then check it.', 'sig-second'),
          chunk({ delta: { content: '4' } }),
          chunk({ finish_reason: 'stop' }),
        ],
      });
      const { message } = await streamToUIMessage();
      const [reasoning] = partsOf(message, 'reasoning');
      expect(reasoning?.text).toBe('First, add 2 and 2.\n\nThen check it.');
      expect(reasoning?.providerMetadata?.responsesBridge).toMatchObject({
        thinkingBlocks: blocks,
      });
      expect(partsOf(message, 'text').map((part) => part.text)).toEqual(['4']);
    });

    it('are the same with generateText', async () => {
      server.reply({
        completion: completion({
          message: {
            content: '4',
            reasoning_content: 'First, add 2 and 2.Then check it.',
            thinking_blocks: blocks,
          },
        }),
      });
      const result = await generateText({
        model: provider()('formats-model'),
        prompt: 'Go.',
        maxRetries: 0,
      });
      const [reasoning] = result.reasoning;
      expect(reasoning?.type).toBe('reasoning');
      if (reasoning?.type !== 'reasoning') return;
      expect(reasoning.text).toBe('First, add 2 and 2.\n\nThen check it.');
      expect(reasoning?.providerMetadata?.responsesBridge).toMatchObject({
        thinkingBlocks: blocks,
      });
      expect(result.text).toBe('4');
    });
  });

  describe('logprobs', () => {
    it('are in the text part’s provider metadata, in the UI message', async () => {
      const [hel, lo] = logprobs;
      server.reply({
        chunks: [
          chunk({ delta: { role: 'assistant', content: '' } }),
          chunk({
            choices: [
              {
                index: 0,
                delta: { content: 'Hel' },
                logprobs: { content: [hel], refusal: null },
              },
            ],
          }),
          chunk({
            choices: [
              { index: 0, delta: { content: 'lo' }, logprobs: { content: [lo], refusal: null } },
            ],
          }),
          chunk({ finish_reason: 'stop' }),
        ],
      });
      const { message } = await streamToUIMessage();
      const [text] = partsOf(message, 'text');
      expect(text?.text).toBe('Hello');
      expect(text?.providerMetadata?.responsesBridge).toMatchObject({ logprobs: responseLogprobs });
    });

    it('are the same with generateText', async () => {
      server.reply({ completion: withLogprobs(completion({ message: { content: 'Hello' } })) });
      const result = await generateText({
        model: provider()('formats-model'),
        prompt: 'Go.',
        maxRetries: 0,
      });
      const [text] = result.content.filter((part) => part.type === 'text');
      expect(text?.text).toBe('Hello');
      expect(text?.providerMetadata?.responsesBridge).toMatchObject({ logprobs: responseLogprobs });
    });
  });
});
