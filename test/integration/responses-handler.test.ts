/**
 * The `/v1/responses` handler end to end: the official `openai` client talks HTTP to the handler
 * on a loopback port, and the handler talks to the replay chat server
 * (test/support/chat-server.ts), whose recorded requests show what went upstream. No mocking of
 * either side.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import type {
  ResponseCreateParamsNonStreaming,
  ResponseFunctionToolCall,
  ResponseInputItem,
  ResponseReasoningItem,
  ResponseStreamEvent,
} from 'openai/resources/responses/responses';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { toResponsesEvents } from '../../src/core/to-responses-events';
import {
  createResponsesHandler,
  type ResponseFunctionToolCallWithSignature,
  type ResponsesHandlerOptions,
  toResponse,
} from '../../src/index';
import { chunk, completion } from '../support/builders';
import { assistantMessage, toolCallAt } from '../support/chat-request';
import { sse, useChatServer } from '../support/chat-server';
import { collect, readChatCompletion, readChatStream, sequentialIds } from '../support/fixtures';
import { finalResponseOf } from '../support/invariants';
import { type LoopbackServer, startServer } from '../support/loopback';
import { withoutParseHelpers } from '../support/parsed-response';
import { rejectionOf } from '../support/rejections';

const upstream = useChatServer();
/** Ids restart at every test, so that a test can compute the ids the handler makes. */
let ids = sequentialIds();
const bridges: LoopbackServer[] = [];

beforeEach(() => {
  ids = sequentialIds();
});
afterEach(async () => {
  await Promise.all(bridges.splice(0).map((bridge) => bridge.close()));
});

/** The handler on a loopback port, in front of the replay chat server. */
async function startBridge(options: ResponsesHandlerOptions = {}): Promise<string> {
  const bridge = await startServer(
    createResponsesHandler({ baseURL: upstream.baseURL, generateId: (p) => ids(p), ...options }),
  );
  bridges.push(bridge);
  return bridge.url;
}

async function openai(options: ResponsesHandlerOptions = {}, apiKey = 'sk-client') {
  return new OpenAI({ baseURL: `${await startBridge(options)}/v1`, apiKey, maxRetries: 0 });
}

/** What the client sees on the wire: JSON drops `undefined` fields. */
function wire<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** The events of an SSE body, as the handler framed them. */
function parseSSE(text: string): ResponseStreamEvent[] {
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

const weatherTool = {
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

describe('responses.create and responses.stream', () => {
  it('answers a non-streaming request with the Response of the upstream completion', async () => {
    const client = await openai();
    upstream.reply({ completionFixture: 'deepseek-reasoner-reasoning' });
    const response = await client.responses.create({
      model: 'deepseek-reasoner',
      input: 'How many r are in strawberry?',
    });
    const expected = toResponse(readChatCompletion('deepseek-reasoner-reasoning'), {
      response: { model: 'deepseek-reasoner' },
      generateId: sequentialIds(),
    });
    expect(wire(response)).toEqual(wire(expected));
    expect(response.output.map((item) => item.type)).toEqual(['reasoning', 'message']);
    expect(response.output_text).toContain('three');
    expect(upstream.requests).toHaveLength(1);
    expect(upstream.requests[0]!.body).toEqual({
      model: 'deepseek-reasoner',
      messages: [{ role: 'user', content: 'How many r are in strawberry?' }],
      stream: false,
    });
  });

  it('streams the events of the upstream chunk stream with responses.create', async () => {
    const client = await openai();
    upstream.reply({ fixture: 'openai-gpt-4o-mini-text' });
    const stream = await client.responses.create({
      model: 'gpt-4o-mini',
      input: 'Hi',
      stream: true,
    });
    const events = await collect(stream);
    const expected = await collect(
      toResponsesEvents(readChatStream('openai-gpt-4o-mini-text'), {
        response: { model: 'gpt-4o-mini' },
        generateId: sequentialIds(),
      }),
    );
    expect(wire(events)).toEqual(wire(expected));
    expect(events.at(-1)?.type).toBe('response.completed');
    expect(upstream.requests[0]!.body).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it('frames the stream as text/event-stream SSE', async () => {
    const url = await startBridge();
    upstream.reply({ fixture: 'openai-gpt-4o-mini-text' });
    const response = await fetch(`${url}/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini', input: 'Hi', stream: true }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = parseSSE(await response.text());
    expect(events[0]?.type).toBe('response.created');
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, i) => i));
  });

  it('gives responses.stream a finalResponse equal to the last event', async () => {
    const client = await openai();
    upstream.reply({ fixture: 'openai-gpt-4o-mini-text' });
    const stream = client.responses.stream({ model: 'gpt-4o-mini', input: 'Hi' });
    let text = '';
    stream.on('response.output_text.delta', (event) => {
      text += event.delta;
    });
    const events = await collect(stream);
    const final = await stream.finalResponse();
    const last = events.at(-1)!;
    expect(last.type).toBe('response.completed');
    // finalResponse() is a ParsedResponse: the SDK adds `output_parsed` and a `parsed` to each
    // text part, null when nothing is parsed. Without them it is the last event's response.
    expect(wire(withoutParseHelpers(final))).toEqual(wire(finalResponseOf(events)));
    expect(final.output_text).toBe(text);
    expect(text.length).toBeGreaterThan(0);
  });
});

describe('multi-turn requests', () => {
  it('sends function_call_output back as a tool message after the assistant tool call', async () => {
    const client = await openai();
    upstream.reply({ fixture: 'deepseek-reasoner-reasoning-tool-call' });
    const turn1 = await client.responses
      .stream({
        model: 'deepseek-reasoner',
        input: [{ role: 'user', content: 'Weather in Paris?' }],
        tools: [weatherTool],
      })
      .finalResponse();
    const reasoning = turn1.output.find(
      (item) => item.type === 'reasoning',
    ) as ResponseReasoningItem;
    const call = turn1.output.find(
      (item) => item.type === 'function_call',
    ) as ResponseFunctionToolCall;
    expect(call.name).toBe('weather');
    const reasoningText = reasoning.summary.map((part) => part.text).join('');
    expect(reasoningText.length).toBeGreaterThan(0);

    upstream.reply({ completion: completion({ message: { content: 'It is 21 °C.' } }) });
    const turn2 = await client.responses.create({
      model: 'deepseek-reasoner',
      input: [
        { role: 'user', content: 'Weather in Paris?' },
        ...(turn1.output as ResponseInputItem[]),
        { type: 'function_call_output', call_id: call.call_id, output: '{"celsius":21}' },
      ],
      tools: [weatherTool],
    });
    expect(turn2.output_text).toBe('It is 21 °C.');
    expect(upstream.requests[1]!.body.messages).toEqual([
      { role: 'user', content: 'Weather in Paris?' },
      {
        role: 'assistant',
        content: null,
        reasoning_content: reasoningText,
        tool_calls: [
          {
            id: call.call_id,
            type: 'function',
            function: { name: 'weather', arguments: call.arguments },
          },
        ],
      },
      { role: 'tool', tool_call_id: call.call_id, content: '{"celsius":21}' },
    ]);
  });

  it('merges consecutive function calls into one assistant message', async () => {
    const client = await openai();
    upstream.reply({ fixture: 'openai-gpt-4o-parallel-tool-calls' });
    const turn1 = await client.responses
      .stream({ model: 'gpt-4o', input: 'Two cities' })
      .finalResponse();
    const calls = turn1.output.filter(
      (item) => item.type === 'function_call',
    ) as ResponseFunctionToolCall[];
    expect(calls.length).toBeGreaterThan(1);
    upstream.reply({ completion: completion({ message: { content: 'Done.' } }) });
    await client.responses.create({
      model: 'gpt-4o',
      input: [
        { role: 'user', content: 'Two cities' },
        ...(turn1.output as ResponseInputItem[]),
        ...calls.map((call, index) => ({
          type: 'function_call_output' as const,
          call_id: call.call_id,
          output: [{ type: 'input_text' as const, text: `result ${index}` }],
        })),
      ],
    });
    const messages = upstream.requests[1]!.body.messages;
    expect(messages.map((message) => message.role)).toEqual([
      'user',
      'assistant',
      ...calls.map(() => 'tool'),
    ]);
    expect(assistantMessage(messages[1]).tool_calls?.map((toolCall) => toolCall.id)).toEqual(
      calls.map((call) => call.call_id),
    );
    expect(messages[2]?.content).toBe('result 0');
  });

  it('sends a Gemini thought signature back as extra_content.google.thought_signature', async () => {
    const client = await openai();
    upstream.reply({ completionFixture: 'gemini-2.5-pro-tool-call-thought-signature' });
    const turn1 = await client.responses.create({ model: 'gemini-2.5-pro', input: 'Time?' });
    const call = turn1.output[0] as ResponseFunctionToolCallWithSignature;
    const signature = call.provider_specific_fields?.google?.thought_signature;
    expect(signature).toMatch(/^AVSoXO4A/);

    upstream.reply({ completion: completion({ message: { content: 'Noon.' } }) });
    await client.responses.create({
      model: 'gemini-2.5-pro',
      input: [
        { role: 'user', content: 'Time?' },
        call,
        { type: 'function_call_output', call_id: call.call_id, output: '12:00' },
      ],
    });
    const assistant = assistantMessage(upstream.requests[1]!.body.messages[1]);
    expect(toolCallAt(assistant, 0).extra_content).toEqual({
      google: { thought_signature: signature },
    });
  });

  it('sends reasoning items back as reasoning_content on the next assistant message', async () => {
    const client = await openai();
    upstream.reply({ completion: completion({ message: { content: 'ok' } }) });
    await client.responses.create({
      model: 'm',
      input: [
        { role: 'user', content: 'Q1' },
        {
          type: 'reasoning',
          id: 'rs_1',
          summary: [{ type: 'summary_text', text: 'summary only' }],
        },
        {
          type: 'message',
          id: 'msg_1',
          role: 'assistant',
          status: 'completed',
          content: [{ type: 'output_text', text: 'A1', annotations: [] }],
        },
        { role: 'user', content: 'Q2' },
        {
          type: 'reasoning',
          id: 'rs_2',
          summary: [],
          content: [{ type: 'reasoning_text', text: 'raw thinking' }],
          encrypted_content: 'opaque',
        },
        {
          type: 'message',
          id: 'msg_2',
          role: 'assistant',
          status: 'completed',
          content: [{ type: 'refusal', refusal: 'No.' }],
        },
        { role: 'user', content: 'Q3' },
      ],
    });
    expect(upstream.requests[0]!.body.messages).toEqual([
      { role: 'user', content: 'Q1' },
      { role: 'assistant', content: 'A1', reasoning_content: 'summary only' },
      { role: 'user', content: 'Q2' },
      { role: 'assistant', content: '', refusal: 'No.', reasoning_content: 'raw thinking' },
      { role: 'user', content: 'Q3' },
    ]);
  });
});

describe('request mapping', () => {
  it('maps instructions, tools, tool_choice, text.format and the sampling settings', async () => {
    const client = await openai();
    upstream.reply({
      completion: completion({
        message: { content: '{"city":"Paris"}' },
        usage: { prompt_tokens: 9, completion_tokens: 4, total_tokens: 13 },
      }),
    });
    const schema = {
      type: 'object',
      properties: { city: { type: 'string' } },
      required: ['city'],
      additionalProperties: false,
    };
    const response = await client.responses.create({
      model: 'qwen3',
      instructions: 'Answer in JSON.',
      input: 'Pick a city',
      tools: [weatherTool, { type: 'function', name: 'noop', parameters: null, strict: false }],
      tool_choice: { type: 'function', name: 'weather' },
      text: { format: { type: 'json_schema', name: 'city', schema, strict: true } },
      max_output_tokens: 256,
      temperature: 0.2,
      top_p: 0.9,
      parallel_tool_calls: false,
      user: 'user-1',
      safety_identifier: 'hashed-user',
      metadata: { session: 's1' },
      reasoning: { effort: 'low', summary: 'auto' },
      store: false,
    });
    expect(upstream.requests[0]!.body).toEqual({
      model: 'qwen3',
      messages: [
        { role: 'system', content: 'Answer in JSON.' },
        { role: 'user', content: 'Pick a city' },
      ],
      tools: [
        {
          type: 'function',
          function: {
            name: 'weather',
            description: 'Current weather in a city',
            parameters: weatherTool.parameters,
            strict: true,
          },
        },
        { type: 'function', function: { name: 'noop', strict: false } },
      ],
      tool_choice: { type: 'function', function: { name: 'weather' } },
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'city', schema, strict: true },
      },
      max_tokens: 256,
      temperature: 0.2,
      top_p: 0.9,
      parallel_tool_calls: false,
      user: 'user-1',
      safety_identifier: 'hashed-user',
      reasoning_effort: 'low',
      stream: false,
    });
    // What the real API echoes of the request.
    expect(response).toMatchObject({
      model: 'qwen3',
      instructions: 'Answer in JSON.',
      tool_choice: { type: 'function', name: 'weather' },
      text: { format: { type: 'json_schema', name: 'city', schema, strict: true } },
      max_output_tokens: 256,
      temperature: 0.2,
      top_p: 0.9,
      parallel_tool_calls: false,
      metadata: { session: 's1', chat_completion_id: 'chatcmpl-test' },
      reasoning: { effort: 'low', summary: 'auto' },
      safety_identifier: 'hashed-user',
      store: false,
      usage: { input_tokens: 9, output_tokens: 4 },
    });
    expect(response.tools).toEqual([
      { ...weatherTool },
      { type: 'function', name: 'noop', description: null, parameters: null, strict: false },
    ]);
    expect(response.output_text).toBe('{"city":"Paris"}');
  });

  it('maps json_object, tool_choice strings and content parts of every role', async () => {
    const client = await openai();
    upstream.reply({ completion: completion({ message: { content: '{}' } }) });
    await client.responses.create({
      model: 'm',
      input: [
        { role: 'developer', content: [{ type: 'input_text', text: 'Be brief.' }] },
        {
          role: 'user',
          content: [
            { type: 'input_text', text: 'Look:' },
            { type: 'input_image', image_url: 'data:image/png;base64,AAAA', detail: 'low' },
            {
              type: 'input_file',
              file_data: 'data:application/pdf;base64,JVBER',
              filename: 'a.pdf',
            },
          ],
        },
        { role: 'assistant', content: 'Seen.' },
        { role: 'system', content: 'Reply in JSON.' },
      ],
      text: { format: { type: 'json_object' } },
      tools: [weatherTool],
      tool_choice: 'required',
    });
    const body = upstream.requests[0]!.body;
    expect(body.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Look:' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA', detail: 'low' } },
          {
            type: 'file',
            file: { file_data: 'data:application/pdf;base64,JVBER', filename: 'a.pdf' },
          },
        ],
      },
      { role: 'assistant', content: 'Seen.' },
      { role: 'system', content: 'Reply in JSON.' },
    ]);
    expect(body.response_format).toEqual({ type: 'json_object' });
    expect(body.tool_choice).toBe('required');
  });
});

describe('authorization', () => {
  it("passes the client's bearer token upstream when no key is configured", async () => {
    const client = await openai({}, 'sk-client-own');
    upstream.reply({ completion: completion({ message: { content: 'hi' } }) });
    await client.responses.create({ model: 'm', input: 'Hi' });
    expect(upstream.requests[0]!.headers.get('authorization')).toBe('Bearer sk-client-own');
  });

  it('sends no Authorization upstream when neither side has a key', async () => {
    const url = await startBridge();
    upstream.reply({ completion: completion({ message: { content: 'hi' } }) });
    const response = await fetch(`${url}/v1/responses`, {
      method: 'POST',
      body: JSON.stringify({ model: 'm', input: 'Hi' }),
    });
    expect(response.status).toBe(200);
    expect(upstream.requests[0]!.headers.has('authorization')).toBe(false);
  });

  it("uses the configured upstream key and never forwards the client's", async () => {
    const client = await openai({ apiKey: 'sk-upstream-key' }, 'sk-client-own');
    upstream.reply({ completion: completion({ message: { content: 'hi' } }) });
    await client.responses.create({ model: 'm', input: 'Hi' });
    expect(upstream.requests[0]!.headers.get('authorization')).toBe('Bearer sk-upstream-key');
  });
});

describe('request errors', () => {
  async function post(url: string, body: BodyInit, init: RequestInit = {}) {
    const response = await fetch(`${url}/v1/responses`, { method: 'POST', body, ...init });
    return { status: response.status, headers: response.headers, body: await response.json() };
  }

  it('answers bad JSON with a 400 in the API error shape', async () => {
    const url = await startBridge();
    const { status, body } = await post(url, '{"model":');
    expect(status).toBe(400);
    expect(body).toEqual({
      error: {
        message: expect.stringContaining('could not parse the JSON body'),
        type: 'invalid_request_error',
        param: null,
        code: null,
      },
    });
    expect(upstream.requests).toHaveLength(0);
  });

  const unsupportedCases: Array<[string, Record<string, unknown>, string, string]> = [
    ['built-in tools', { tools: [{ type: 'web_search' }] }, 'tools[0].type', 'unsupported_value'],
    [
      'file_search tools',
      { tools: [weatherTool, { type: 'file_search', vector_store_ids: ['vs_1'] }] },
      'tools[1].type',
      'unsupported_value',
    ],
    [
      'previous_response_id',
      { previous_response_id: 'resp_1' },
      'previous_response_id',
      'unsupported_parameter',
    ],
    ['conversation', { conversation: 'conv_1' }, 'conversation', 'unsupported_parameter'],
    ['background', { background: true }, 'background', 'unsupported_parameter'],
    ['store: true', { store: true }, 'store', 'unsupported_parameter'],
    ['prompt templates', { prompt: { id: 'pmpt_1' } }, 'prompt', 'unsupported_parameter'],
    ['n > 1', { n: 2 }, 'n', 'unsupported_parameter'],
    ['truncation: auto', { truncation: 'auto' }, 'truncation', 'unsupported_parameter'],
    [
      'item references',
      { input: [{ type: 'item_reference', id: 'msg_1' }] },
      'input[0].type',
      'unsupported_value',
    ],
    [
      'built-in tool call items',
      { input: [{ type: 'web_search_call', id: 'ws_1', status: 'completed' }] },
      'input[0].type',
      'unsupported_value',
    ],
    [
      'images by file_id',
      { input: [{ role: 'user', content: [{ type: 'input_image', file_id: 'file_1' }] }] },
      'input[0].content[0].file_id',
      'unsupported_value',
    ],
    [
      'hosted tool choices',
      { tools: [weatherTool], tool_choice: { type: 'web_search_preview' } },
      'tool_choice',
      'unsupported_value',
    ],
    ['unknown parameters', { frequency_penalty: 1 }, 'frequency_penalty', 'unknown_parameter'],
    [
      'images in tool outputs',
      {
        input: [
          {
            type: 'function_call_output',
            call_id: 'c',
            output: [{ type: 'input_image', image_url: 'https://x/y.png' }],
          },
        ],
      },
      'input[0].output[0].type',
      'unsupported_value',
    ],
  ];

  it.each(unsupportedCases)(
    'refuses %s with a 400 BadRequestError',
    async (_name, extra, param, code) => {
      const client = await openai();
      const error = await rejectionOf(
        // Deliberately outside the request type: what the handler must refuse.
        client.responses.create({
          model: 'm',
          input: 'Hi',
          ...extra,
        } as unknown as ResponseCreateParamsNonStreaming),
        OpenAI.BadRequestError,
      );
      expect(error.status).toBe(400);
      expect(error.error).toEqual({
        message: expect.any(String),
        type: 'invalid_request_error',
        param,
        code,
      });
      expect(upstream.requests).toHaveLength(0);
    },
  );

  it('names the parameter of a mistyped field', async () => {
    const client = await openai();
    const error = await rejectionOf(
      client.responses.create({
        model: 'm',
        input: [{ role: 'user', content: [{ type: 'input_text', text: 42 }] }],
      } as unknown as ResponseCreateParamsNonStreaming),
      OpenAI.BadRequestError,
    );
    expect(error.error).toMatchObject({
      param: 'input[0].content[0].text',
      code: 'invalid_type',
    });
    const missing = await rejectionOf(
      client.responses.create({ input: 'Hi' } as ResponseCreateParamsNonStreaming),
      OpenAI.APIError,
    );
    expect(missing.error).toMatchObject({ param: 'model', code: 'missing_required_parameter' });
  });

  it('answers other paths with 404 and other methods with 405', async () => {
    const url = await startBridge();
    const notFound = await fetch(`${url}/v1/chat/completions`, { method: 'POST', body: '{}' });
    expect(notFound.status).toBe(404);
    expect((await notFound.json()).error.type).toBe('invalid_request_error');
    const wrongMethod = await fetch(`${url}/v1/responses`);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
    expect((await wrongMethod.json()).error.code).toBe('method_not_allowed');
    // Any path ending in /responses is served.
    upstream.reply({ completion: completion({ message: { content: 'hi' } }) });
    const prefixed = await fetch(`${url}/api/openai/responses`, {
      method: 'POST',
      body: JSON.stringify({ model: 'm', input: 'Hi' }),
    });
    expect(prefixed.status).toBe(200);
  });

  it('answers a body over maxBodyBytes with 413, counted while reading', async () => {
    const client = await openai({ maxBodyBytes: 1000 });
    const error = await rejectionOf(
      client.responses.create({ model: 'm', input: 'x'.repeat(2000) }),
      OpenAI.APIError,
    );
    expect(error.status).toBe(413);

    // Chunked, without Content-Length.
    const url = await startBridge({ maxBodyBytes: 1000 });
    const encoder = new TextEncoder();
    const chunked = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 4; i++) controller.enqueue(encoder.encode(' '.repeat(400)));
        controller.close();
      },
    });
    const { status } = await post(url, chunked, { duplex: 'half' } as RequestInit);
    expect(status).toBe(413);

    // A Content-Length that understates the body is not trusted.
    const handler = createResponsesHandler({ baseURL: upstream.baseURL, maxBodyBytes: 1000 });
    const lying = await handler(
      new Request('http://localhost/v1/responses', {
        method: 'POST',
        headers: { 'content-length': '10' },
        body: JSON.stringify({ model: 'm', input: 'x'.repeat(2000) }),
      }),
    );
    expect(lying.status).toBe(413);
    expect((await lying.json()).error.code).toBe('request_too_large');
    expect(upstream.requests).toHaveLength(0);
  });
});

describe('upstream errors', () => {
  it('passes upstream HTTP errors on with their status and message', async () => {
    const client = await openai();
    upstream.reply({
      status: 429,
      body: '{"error":{"message":"slow down","type":"rate_limit_error","code":"rate_limit_exceeded"}}',
      headers: { 'content-type': 'application/json', 'retry-after': '3' },
    });
    const limited = await rejectionOf(
      client.responses.create({ model: 'm', input: 'Hi' }),
      OpenAI.RateLimitError,
    );
    expect(limited.error).toEqual({
      message: 'slow down',
      type: 'rate_limit_error',
      param: null,
      code: 'rate_limit_exceeded',
    });
    expect(limited.headers.get('retry-after')).toBe('3');

    // vLLM's shape, before a stream starts.
    upstream.reply({
      status: 400,
      body: '{"object":"error","message":"max_tokens is too large","type":"BadRequestError","param":null,"code":400}',
      headers: { 'content-type': 'application/json' },
    });
    const bad = await rejectionOf(
      client.responses.create({ model: 'm', input: 'Hi', stream: true }),
      OpenAI.BadRequestError,
    );
    expect(bad.error).toMatchObject({ message: 'max_tokens is too large', code: '400' });

    upstream.reply({ status: 503, body: '<html>Service Unavailable</html>' });
    const down = await rejectionOf(
      client.responses.create({ model: 'm', input: 'Hi' }),
      OpenAI.InternalServerError,
    );
    expect(down.status).toBe(503);
    expect(down.error).toMatchObject({
      message: '<html>Service Unavailable</html>',
      type: 'server_error',
    });
  });

  it('never sends the upstream key back, even when the upstream echoes it', async () => {
    const apiKey = 'sk-upstream-SECRET-0123456789';
    const client = await openai({ apiKey });
    upstream.reply({
      status: 401,
      body: JSON.stringify({ error: { message: `Incorrect API key provided: ${apiKey}.` } }),
      headers: { 'content-type': 'application/json' },
    });
    const error = await rejectionOf(
      client.responses.create({ model: 'm', input: 'Hi' }),
      OpenAI.AuthenticationError,
    );
    expect(JSON.stringify(error.error)).not.toContain(apiKey);
    expect(error.error).toMatchObject({ message: 'Incorrect API key provided: [redacted].' });
  });

  it('scrubs the upstream key from a mid-stream error and the failed Response', async () => {
    const apiKey = 'sk-upstream-SECRET-0123456789';
    const url = await startBridge({ apiKey });
    upstream.reply({
      chunks: [
        chunk({ delta: { role: 'assistant', content: 'Partial' } }),
        { error: { message: `Key ${apiKey} ran out of quota` } },
      ],
    });
    const response = await fetch(`${url}/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', input: 'Hi', stream: true }),
    });
    const text = await response.text();
    const events = parseSSE(text);
    expect(events.map((event) => event.type).slice(-2)).toEqual(['error', 'response.failed']);
    expect(events.at(-2)).toMatchObject({ message: 'Key [redacted] ran out of quota' });
    const failed = finalResponseOf(events);
    expect(failed.error?.message).toBe('Key [redacted] ran out of quota');
    expect(failed.output_text).toBe('Partial');
    expect(text).not.toContain(apiKey);
  });

  it('answers 502 when the upstream cannot be reached', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const client = await openai({ baseURL: `http://127.0.0.1:${port}/v1` });
    const error = await rejectionOf(
      client.responses.create({ model: 'm', input: 'Hi' }),
      OpenAI.InternalServerError,
    );
    expect(error.status).toBe(502);
    expect(error.error).toMatchObject({ type: 'server_error', code: 'upstream_connection_error' });
  });

  it('ends a stream with error then response.failed when the upstream fails mid-stream', async () => {
    const url = await startBridge();
    upstream.reply({ fixture: 'groq-gpt-oss-120b-in-stream-error' });
    const response = await fetch(`${url}/v1/responses`, {
      method: 'POST',
      body: JSON.stringify({ model: 'gpt-oss-120b', input: 'Hi', stream: true }),
    });
    expect(response.status).toBe(200);
    const events = parseSSE(await response.text());
    expect(events.slice(-2).map((event) => event.type)).toEqual(['error', 'response.failed']);
    expect(events.at(-2)).toMatchObject({
      message: expect.stringContaining('Tool call validation failed'),
    });
    expect(finalResponseOf(events).output.length).toBeGreaterThan(0);

    // The official client raises the error frame.
    const client = new OpenAI({ baseURL: `${url}/v1`, apiKey: 'k', maxRetries: 0 });
    upstream.reply({ fixture: 'groq-gpt-oss-120b-in-stream-error' });
    const stream = await client.responses.create({ model: 'm', input: 'Hi', stream: true });
    const error = await rejectionOf(collect(stream), OpenAI.APIError);
    expect(error.message).toContain('Tool call validation failed');
  });

  it('cancels the upstream request when the client goes away mid-stream', async () => {
    const client = await openai();
    let upstreamCancelled = false;
    upstream.reply({
      handle: () => {
        const first = sse([chunk({ delta: { role: 'assistant', content: 'Hel' } })], {
          done: false,
        });
        const body = new ReadableStream<Uint8Array>({
          // One chunk, then nothing: a model that stalls until the client leaves.
          async start(controller) {
            controller.enqueue(new Uint8Array(await first.arrayBuffer()));
          },
          cancel() {
            upstreamCancelled = true;
          },
        });
        return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
      },
    });
    const stream = await client.responses.create({ model: 'm', input: 'Hi', stream: true });
    for await (const event of stream) {
      if (event.type === 'response.output_text.delta') break;
    }
    await vi.waitFor(() => expect(upstreamCancelled).toBe(true), { timeout: 3000 });
  });
});
