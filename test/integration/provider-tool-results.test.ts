/**
 * Tool results with images and files, through an ai 7 tool loop against the loopback chat
 * server. @ai-sdk/openai-compatible sends them as JSON text (the base64 with it) unless
 * `supportsMultiPartToolContent` is set; here the tool message keeps the text and the files follow
 * in a user message, and `supportsMultiPartToolContent` puts them in the tool message as parts.
 */
import { generateText, jsonSchema, stepCountIs, tool } from 'ai';
import { describe, expect, it } from 'vitest';
import { createResponsesBridge, type ResponsesBridgeSettings } from '../../src/index';
import { chunk } from '../support/builders';
import { useChatServer } from '../support/chat-server';

const server = useChatServer();

const png = 'iVBORw0KGgo=';
const pdf = 'JVBERi0xLjQ=';

const answer = {
  id: 'chatcmpl-2',
  object: 'chat.completion',
  created: 1,
  model: 'm',
  choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'A cat.' } }],
};

const calls = (...names: string[]) =>
  server.reply(
    {
      completion: {
        id: 'chatcmpl-1',
        object: 'chat.completion',
        created: 1,
        model: 'm',
        choices: [
          {
            index: 0,
            finish_reason: 'tool_calls',
            message: {
              role: 'assistant',
              content: null,
              tool_calls: names.map((name, index) => ({
                id: `call_${index + 1}`,
                type: 'function',
                function: { name, arguments: '{}' },
              })),
            },
          },
        ],
      },
    },
    { completion: answer },
  );

const screenshot = tool({
  inputSchema: jsonSchema<Record<string, never>>({ type: 'object', properties: {} }),
  execute: async () => 'taken',
  toModelOutput: () => ({
    type: 'content',
    value: [
      { type: 'text', text: 'The screen:' },
      { type: 'file', mediaType: 'image/png', data: { type: 'data', data: png } },
    ],
  }),
});

const report = tool({
  inputSchema: jsonSchema<Record<string, never>>({ type: 'object', properties: {} }),
  execute: async () => 'written',
  toModelOutput: () => ({
    type: 'content',
    value: [
      {
        type: 'file',
        mediaType: 'application/pdf',
        filename: 'report.pdf',
        data: { type: 'data', data: pdf },
      },
    ],
  }),
});

async function loop(settings: ResponsesBridgeSettings = {}) {
  const model = createResponsesBridge({ baseURL: server.baseURL, apiKey: 'sk-tools', ...settings })(
    'm',
  );
  const result = await generateText({
    model,
    prompt: 'Look.',
    tools: { screenshot, report },
    stopWhen: stepCountIs(2),
  });
  expect(result.text).toBe('A cat.');
  expect(server.requests).toHaveLength(2);
  return server.requests[1]!.body.messages.slice(2);
}

describe('a tool result with an image', () => {
  it('keeps its text in the tool message; the image follows in a user message', async () => {
    calls('screenshot');
    expect(await loop()).toEqual([
      {
        role: 'tool',
        tool_call_id: 'call_1',
        content: 'The screen:\n(The result has 1 file, sent in the next user message.)',
      },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'The 1 file of the result of tool call call_1:' },
          { type: 'image_url', image_url: { url: `data:image/png;base64,${png}` } },
        ],
      },
    ]);
  });

  it('is never JSON text with the base64 in it', async () => {
    calls('screenshot');
    const [toolMessage] = await loop();
    expect(JSON.stringify(toolMessage)).not.toContain(png);
  });

  it('goes in the tool message as parts with supportsMultiPartToolContent', async () => {
    calls('screenshot');
    expect(await loop({ supportsMultiPartToolContent: true })).toEqual([
      {
        role: 'tool',
        tool_call_id: 'call_1',
        content: [
          { type: 'text', text: 'The screen:' },
          { type: 'image_url', image_url: { url: `data:image/png;base64,${png}` } },
        ],
      },
    ]);
  });
});

describe('several tool results with files in one turn', () => {
  it('sends every tool message first, then one user message with each call’s files', async () => {
    calls('screenshot', 'report');
    expect(await loop()).toEqual([
      {
        role: 'tool',
        tool_call_id: 'call_1',
        content: 'The screen:\n(The result has 1 file, sent in the next user message.)',
      },
      {
        role: 'tool',
        tool_call_id: 'call_2',
        content: '(The result has 1 file, sent in the next user message.)',
      },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'The 1 file of the result of tool call call_1:' },
          { type: 'image_url', image_url: { url: `data:image/png;base64,${png}` } },
          { type: 'text', text: 'The 1 file of the result of tool call call_2:' },
          {
            type: 'file',
            file: { file_data: `data:application/pdf;base64,${pdf}`, filename: 'report.pdf' },
          },
        ],
      },
    ]);
  });
});

describe('a text-only content result', () => {
  it('is its text, as before', async () => {
    const model = createResponsesBridge({ baseURL: server.baseURL })('m');
    server.reply({ chunks: [chunk({ delta: { content: 'ok' }, finish_reason: 'stop' })] });
    const { stream } = await model.doStream({
      prompt: [
        { role: 'user', content: [{ type: 'text', text: 'Go' }] },
        {
          role: 'assistant',
          content: [{ type: 'tool-call', toolCallId: 'c1', toolName: 'a', input: {} }],
        },
        {
          role: 'tool',
          content: [
            {
              type: 'tool-result',
              toolCallId: 'c1',
              toolName: 'a',
              output: {
                type: 'content',
                value: [
                  { type: 'text', text: 'one' },
                  { type: 'text', text: 'two' },
                ],
              },
            },
          ],
        },
      ],
    });
    await stream.pipeTo(new WritableStream());
    expect(server.requests[0]?.body.messages.at(-1)).toEqual({
      role: 'tool',
      tool_call_id: 'c1',
      content: 'one\ntwo',
    });
  });
});
