/**
 * The `/v1/responses` handler's errors end to end, over the same loopback servers as
 * responses-handler.test.ts: requests it refuses (bad JSON, what a Chat Completions backend
 * cannot do, mistyped fields, wrong paths and methods, bodies over the limit) and what it makes
 * of upstream failures (HTTP errors, an echoed key, an unreachable upstream, a failure
 * mid-stream, a client that goes away).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import type { ResponseCreateParamsNonStreaming } from 'openai/resources/responses/responses';
import { describe, expect, it, vi } from 'vitest';
import { createResponsesHandler } from '../../src/index';
import { chunk, completion } from '../support/builders';
import { sse } from '../support/chat-server';
import { collect } from '../support/fixtures';
import { parseSSE, useResponsesHandler, weatherTool } from '../support/handler-harness';
import { finalResponseOf } from '../support/invariants';
import { rejectionOf } from '../support/rejections';

const { upstream, startBridge, openai } = useResponsesHandler();

describe('request errors', () => {
  async function post(url: string, body: BodyInit, init: RequestInit = {}) {
    const response = await fetch(`${url}/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      ...init,
    });
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
    ['conversation', { conversation: 'conv_1' }, 'conversation', 'unsupported_parameter'],
    ['background', { background: true }, 'background', 'unsupported_parameter'],
    ['prompt templates', { prompt: { id: 'pmpt_1' } }, 'prompt', 'unsupported_parameter'],
    ['n > 1', { n: 2 }, 'n', 'unsupported_parameter'],
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
    ['unknown parameters', { temprature: 1 }, 'temprature', 'unknown_parameter'],
    [
      'a tool choice that forces a hosted tool',
      { tools: [{ type: 'web_search' }], tool_choice: { type: 'web_search' } },
      'tool_choice',
      'unsupported_value',
    ],
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

  it('answers an unknown previous_response_id or item_reference with the 404 of the API', async () => {
    const client = await openai();
    const previous = await rejectionOf(
      client.responses.create({ model: 'm', input: 'Hi', previous_response_id: 'resp_1' }),
      OpenAI.NotFoundError,
    );
    expect(previous.error).toEqual({
      message: "Previous response with id 'resp_1' not found.",
      type: 'invalid_request_error',
      param: 'previous_response_id',
      code: 'previous_response_not_found',
    });
    const reference = await rejectionOf(
      client.responses.create({
        model: 'm',
        input: [
          { role: 'user', content: 'Hi' },
          { type: 'item_reference', id: 'msg_1' },
        ],
      }),
      OpenAI.NotFoundError,
    );
    expect(reference.error).toEqual({
      message: "Item with id 'msg_1' not found.",
      type: 'invalid_request_error',
      param: 'input[1]',
      code: null,
    });
    expect(upstream.requests).toHaveLength(0);
  });

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
    const json = { 'content-type': 'application/json' };
    const notFound = await fetch(`${url}/v1/chat/completions`, {
      method: 'POST',
      headers: json,
      body: '{}',
    });
    expect(notFound.status).toBe(404);
    expect((await notFound.json()).error.type).toBe('invalid_request_error');
    const wrongMethod = await fetch(`${url}/v1/responses`);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
    expect((await wrongMethod.json()).error.code).toBe('method_not_allowed');
    // Only the API's own paths are served, not any path that ends in /responses.
    const prefixed = await fetch(`${url}/api/openai/responses`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ model: 'm', input: 'Hi' }),
    });
    expect(prefixed.status).toBe(404);
    expect(upstream.requests).toHaveLength(0);
    // A handler mounted elsewhere says where.
    const mounted = await startBridge({ basePath: '/api/openai' });
    upstream.reply({ completion: completion({ message: { content: 'hi' } }) });
    const served = await fetch(`${mounted}/api/openai/responses`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ model: 'm', input: 'Hi' }),
    });
    expect(served.status).toBe(200);
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
        headers: { 'content-length': '10', 'content-type': 'application/json' },
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
    // The cause says what to fix, as @ai-sdk/openai-compatible's "Cannot connect to API" does.
    expect((error.error as { message: string }).message).toContain(
      `connect ECONNREFUSED 127.0.0.1:${port}`,
    );
  });

  it('ends a stream with error then response.failed when the upstream fails mid-stream', async () => {
    const url = await startBridge();
    upstream.reply({ fixture: 'groq-gpt-oss-120b-in-stream-error' });
    const response = await fetch(`${url}/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
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
    await vi.waitFor(() => expect(upstreamCancelled).toBe(true), { timeout: 15_000 });
  });
});
