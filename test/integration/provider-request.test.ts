/**
 * The request side, as the Chat Completions server receives it: every standard setting, tools and
 * tool choice, response formats, per-call providerOptions (validated), headers, and the warnings
 * for what a Chat Completions endpoint cannot do.
 */
import { InvalidArgumentError, type LanguageModelV4CallOptions } from '@ai-sdk/provider';
import { generateText, jsonSchema, Output, streamText, tool } from 'ai';
import { describe, expect, it } from 'vitest';
import { createResponsesBridge, type ResponsesBridgeSettings } from '../../src/index';
import { chunk, completion } from '../support/builders';
import { useChatServer } from '../support/chat-server';
import { rejectionOf } from '../support/rejections';
import { findPart, readStream } from '../support/stream-parts';

const server = useChatServer();

const done = chunk({ delta: { content: '{"ok":true}' }, finish_reason: 'stop' });

async function sent(
  options: Partial<LanguageModelV4CallOptions>,
  settings: ResponsesBridgeSettings = {},
) {
  server.reply({ chunks: [done] });
  const model = createResponsesBridge({ baseURL: server.baseURL, apiKey: 'sk-test', ...settings })(
    'm',
  );
  const { stream, request } = await model.doStream({
    prompt: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
    ...options,
  });
  const parts = await readStream(stream);
  return {
    body: server.requests[0]!.body,
    headers: server.requests[0]!.headers,
    warnings: findPart(parts, 'stream-start').warnings,
    request,
  };
}

describe('standard settings', () => {
  it('maps every setting to its Chat Completions field', async () => {
    const { body, request } = await sent({
      maxOutputTokens: 100,
      temperature: 0.3,
      topP: 0.9,
      frequencyPenalty: 0.1,
      presencePenalty: 0.2,
      stopSequences: ['END'],
      seed: 42,
      reasoning: 'high',
    });
    expect(body).toEqual({
      model: 'm',
      messages: [{ role: 'user', content: 'Hi' }],
      max_tokens: 100,
      temperature: 0.3,
      top_p: 0.9,
      frequency_penalty: 0.1,
      presence_penalty: 0.2,
      stop: ['END'],
      seed: 42,
      reasoning_effort: 'high',
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(request?.body).toEqual(body);
  });

  it('sends no stream_options when includeUsage is off', async () => {
    const { body } = await sent({}, { includeUsage: false });
    expect(body).not.toHaveProperty('stream_options');
  });

  it('leaves reasoning_effort out for provider-default', async () => {
    const { body } = await sent({ reasoning: 'provider-default' });
    expect(body).not.toHaveProperty('reasoning_effort');
  });

  it('warns about topK, which Chat Completions lacks', async () => {
    const { body, warnings } = await sent({ topK: 5 });
    expect(body).not.toHaveProperty('top_k');
    expect(warnings).toEqual([expect.objectContaining({ type: 'unsupported', feature: 'topK' })]);
  });

  it('sends settings and call headers', async () => {
    const { headers } = await sent(
      { headers: { 'x-call': 'call', 'x-unset': undefined } },
      { headers: { 'x-provider': 'provider' } },
    );
    expect(headers.get('x-provider')).toBe('provider');
    expect(headers.get('x-call')).toBe('call');
    expect(headers.has('x-unset')).toBe(false);
  });
});

describe('tools', () => {
  const tools: LanguageModelV4CallOptions['tools'] = [
    {
      type: 'function',
      name: 'weather',
      description: 'Weather',
      inputSchema: { type: 'object', properties: { city: { type: 'string' } } },
      strict: true,
    },
    { type: 'provider', id: 'openai.web_search', name: 'web_search', args: {} },
  ];

  it('sends function tools and warns about provider tools', async () => {
    const { body, warnings } = await sent({ tools });
    expect(body.tools).toEqual([
      {
        type: 'function',
        function: {
          name: 'weather',
          description: 'Weather',
          parameters: { type: 'object', properties: { city: { type: 'string' } } },
          strict: true,
        },
      },
    ]);
    expect(warnings).toEqual([
      expect.objectContaining({
        type: 'unsupported',
        feature: 'provider-defined tool openai.web_search',
      }),
    ]);
  });

  for (const [choice, expected] of [
    [{ type: 'auto' }, 'auto'],
    [{ type: 'none' }, 'none'],
    [{ type: 'required' }, 'required'],
    [
      { type: 'tool', toolName: 'weather' },
      { type: 'function', function: { name: 'weather' } },
    ],
  ] as const) {
    it(`maps tool choice ${choice.type}`, async () => {
      const { body } = await sent({ tools, toolChoice: choice });
      expect(body.tool_choice).toEqual(expected);
    });
  }

  it('sends no tools field for an empty tool list', async () => {
    const { body } = await sent({ tools: [] });
    expect(body).not.toHaveProperty('tools');
  });
});

describe('response format', () => {
  const schema = { type: 'object', properties: { ok: { type: 'boolean' } } } as const;

  it('json with a schema → json_schema, strict by default', async () => {
    const { body } = await sent({
      responseFormat: { type: 'json', schema, name: 'answer', description: 'The answer' },
    });
    expect(body.response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'answer', description: 'The answer', schema, strict: true },
    });
  });

  it('json without a schema → json_object', async () => {
    const { body } = await sent({ responseFormat: { type: 'json' } });
    expect(body.response_format).toEqual({ type: 'json_object' });
  });

  it('structuredOutputs: false → json_object even with a schema', async () => {
    const { body } = await sent({
      responseFormat: { type: 'json', schema },
      providerOptions: { responsesBridge: { structuredOutputs: false } },
    });
    expect(body.response_format).toEqual({ type: 'json_object' });
  });

  it('works with the AI SDK’s structured output', async () => {
    server.reply({
      completion: completion({ message: { content: '{"ok":true}' } }),
    });
    const provider = createResponsesBridge({ baseURL: server.baseURL, apiKey: 'sk-test' });
    const result = await generateText({
      model: provider('m'),
      prompt: 'Answer in JSON.',
      output: Output.object({ schema: jsonSchema<{ ok: boolean }>(schema) }),
    });
    expect(result.output).toEqual({ ok: true });
    expect(server.requests[0]!.body.response_format?.type).toBe('json_schema');
    expect(server.requests[0]!.body.stream ?? false).toBe(false);
  });
});

describe('providerOptions', () => {
  it('maps user, reasoningEffort, parallelToolCalls and extraBody', async () => {
    const { body } = await sent({
      reasoning: 'low',
      // parallel_tool_calls goes only with tools: OpenAI refuses it without them.
      tools: [{ type: 'function', name: 'f', inputSchema: { type: 'object', properties: {} } }],
      providerOptions: {
        responsesBridge: {
          user: 'user-1',
          reasoningEffort: 'minimal',
          parallelToolCalls: false,
          extraBody: { top_k: 20, chat_template_kwargs: { enable_thinking: true } },
        },
      },
    });
    expect(body).toMatchObject({
      user: 'user-1',
      reasoning_effort: 'minimal',
      parallel_tool_calls: false,
      top_k: 20,
      chat_template_kwargs: { enable_thinking: true },
    });
  });

  it('reads them under the provider’s name', async () => {
    const { body } = await sent(
      { providerOptions: { ollama: { user: 'named' } } },
      { name: 'ollama' },
    );
    expect(body.user).toBe('named');
  });

  it('rejects an unknown or mistyped option with InvalidArgumentError', async () => {
    const model = createResponsesBridge({ baseURL: server.baseURL, apiKey: 'sk-test' })('m');
    const prompt = [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'Hi' }] }];
    for (const options of [{ reasoningEfort: 'high' }, { parallelToolCalls: 'yes' }]) {
      const error = await rejectionOf(
        model.doStream({ prompt, providerOptions: { responsesBridge: options } }),
        Error,
      );
      expect(InvalidArgumentError.isInstance(error)).toBe(true);
      expect(error.message).toContain('providerOptions.responsesBridge');
    }
  });
});

describe('messages', () => {
  it('sends system, user text, image, PDF and audio parts', async () => {
    const { body } = await sent({
      prompt: [
        { role: 'system', content: 'Be brief.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Look:' },
            {
              type: 'file',
              mediaType: 'image/png',
              data: { type: 'url', url: new URL('https://example.com/a.png') },
            },
            {
              type: 'file',
              mediaType: 'image/png',
              data: { type: 'data', data: new Uint8Array([1, 2, 3]) },
            },
            {
              type: 'file',
              mediaType: 'application/pdf',
              filename: 'doc.pdf',
              data: { type: 'data', data: 'JVBERi0=' },
            },
            { type: 'file', mediaType: 'audio/wav', data: { type: 'data', data: 'UklGRg==' } },
            { type: 'file', mediaType: 'text/plain', data: { type: 'text', text: 'notes' } },
          ],
        },
      ],
    });
    expect(body.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Look:' },
          { type: 'image_url', image_url: { url: 'https://example.com/a.png' } },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,AQID' } },
          {
            type: 'file',
            file: { filename: 'doc.pdf', file_data: 'data:application/pdf;base64,JVBERi0=' },
          },
          { type: 'input_audio', input_audio: { data: 'UklGRg==', format: 'wav' } },
          { type: 'text', text: 'notes' },
        ],
      },
    ]);
  });

  it('replays assistant text, tool calls and every kind of tool result', async () => {
    const { body } = await sent({
      prompt: [
        { role: 'user', content: [{ type: 'text', text: 'Go' }] },
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'Calling.' },
            { type: 'tool-call', toolCallId: 'c1', toolName: 'a', input: { x: 1 } },
            { type: 'tool-call', toolCallId: 'c2', toolName: 'b', input: '{"y":2}' },
          ],
        },
        {
          role: 'tool',
          content: [
            {
              type: 'tool-result',
              toolCallId: 'c1',
              toolName: 'a',
              output: { type: 'json', value: { r: 1 } },
            },
            {
              type: 'tool-result',
              toolCallId: 'c2',
              toolName: 'b',
              output: { type: 'error-text', value: 'boom' },
            },
            {
              type: 'tool-result',
              toolCallId: 'c3',
              toolName: 'c',
              output: { type: 'execution-denied' },
            },
            {
              type: 'tool-result',
              toolCallId: 'c4',
              toolName: 'd',
              output: {
                type: 'content',
                value: [
                  { type: 'text', text: 'line 1' },
                  { type: 'text', text: 'line 2' },
                ],
              },
            },
          ],
        },
      ],
    });
    expect(body.messages.slice(1)).toEqual([
      {
        role: 'assistant',
        content: 'Calling.',
        tool_calls: [
          { id: 'c1', type: 'function', function: { name: 'a', arguments: '{"x":1}' } },
          { id: 'c2', type: 'function', function: { name: 'b', arguments: '{"y":2}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'c1', content: '{"r":1}' },
      { role: 'tool', tool_call_id: 'c2', content: 'boom' },
      { role: 'tool', tool_call_id: 'c3', content: 'Tool call execution denied.' },
      { role: 'tool', tool_call_id: 'c4', content: 'line 1\nline 2' },
    ]);
  });

  it('replays reasoning of unknown origin as reasoning_content, and a Google signature', async () => {
    const { body } = await sent({
      prompt: [
        { role: 'user', content: [{ type: 'text', text: 'Go' }] },
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: 'Thought.' },
            {
              type: 'tool-call',
              toolCallId: 'c1',
              toolName: 'a',
              input: {},
              providerOptions: { google: { thoughtSignature: 'SIG_FROM_AI_SDK_GOOGLE' } },
            },
          ],
        },
      ],
    });
    expect(body.messages[1]).toEqual({
      role: 'assistant',
      content: null,
      reasoning_content: 'Thought.',
      tool_calls: [
        {
          id: 'c1',
          type: 'function',
          function: { name: 'a', arguments: '{}' },
          extra_content: { google: { thought_signature: 'SIG_FROM_AI_SDK_GOOGLE' } },
        },
      ],
    });
  });

  it('throws UnsupportedFunctionalityError for a file it cannot send', async () => {
    const model = createResponsesBridge({ baseURL: server.baseURL, apiKey: 'sk-test' })('m');
    const error = await rejectionOf(
      model.doStream({
        prompt: [
          {
            role: 'user',
            content: [
              { type: 'file', mediaType: 'video/mp4', data: { type: 'data', data: 'AAAA' } },
            ],
          },
        ],
      }),
      Error,
    );
    expect(error.name).toBe('AI_UnsupportedFunctionalityError');
  });
});

describe('streamText surfaces the warnings', () => {
  it('as the AI SDK’s call warnings', async () => {
    server.reply({ chunks: [done] });
    const provider = createResponsesBridge({ baseURL: server.baseURL, apiKey: 'sk-test' });
    const result = streamText({
      model: provider('m'),
      prompt: 'Hi',
      topK: 3,
      tools: { t: tool({ inputSchema: jsonSchema({ type: 'object' }) }) },
    });
    await result.consumeStream();
    expect(await result.warnings).toEqual([expect.objectContaining({ feature: 'topK' })]);
  });
});
