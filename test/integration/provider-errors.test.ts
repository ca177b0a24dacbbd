/**
 * Every error path of the provider, end to end over loopback HTTP with the real `openai` client
 * and `ai`: HTTP errors and errors before any output are thrown as typed errors the AI SDK can
 * retry; errors after output become an `error` part and `finish` with reason `error`, with what
 * streamed kept; abort cancels the upstream request; the API key appears nowhere.
 */
import {
  APICallError,
  InvalidResponseDataError,
  type LanguageModelV4StreamPart,
  LoadAPIKeyError,
} from '@ai-sdk/provider';
import { streamText } from 'ai';
import type { Response as ResponsesResponse } from 'openai/resources/responses/responses';
import { describe, expect, it, vi } from 'vitest';
import { createResponsesBridge } from '../../src/index';
import { chunk, toolCall } from '../support/builders';
import { type ChatServer, useChatServer } from '../support/chat-server';
import { collect } from '../support/fixtures';
import { field } from '../support/json';
import { rejection } from '../support/rejections';
import { asAPICallError, finalResponseIn, findPart, readStream } from '../support/stream-parts';

const apiKey = 'sk-test-SECRET-0123456789abcdef';

const server = useChatServer();

function model() {
  return createResponsesBridge({ baseURL: server.baseURL, apiKey })('error-model');
}

const prompt = [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'Hi' }] }];

/** Everything an error exposes, as text, to search for the key. */
function everything(value: unknown): string {
  const seen = new WeakSet();
  return JSON.stringify(value, (_key, v) => {
    if (v instanceof Error) {
      return { ...v, name: v.name, message: v.message, stack: v.stack, cause: v.cause };
    }
    if (typeof v === 'object' && v !== null) {
      if (seen.has(v)) return '[cycle]';
      seen.add(v);
    }
    return v;
  });
}

describe('HTTP errors are thrown as APICallError', () => {
  const cases: Array<[number, string, string | undefined, boolean]> = [
    [
      400,
      'application/json',
      '{"error":{"message":"bad request","type":"invalid_request_error"}}',
      false,
    ],
    [401, 'application/json', '{"error":{"message":"invalid key"}}', false],
    [403, 'application/json', '{"error":{"message":"forbidden"}}', false],
    [404, 'application/json', '{"error":{"message":"model not found"}}', false],
    [408, 'text/plain', 'timeout', true],
    [409, 'application/json', '{"error":{"message":"conflict"}}', true],
    [413, 'application/json', '{"error":{"message":"request too large"}}', false],
    [422, 'application/json', '{"detail":"unprocessable"}', false],
    [429, 'application/json', '{"error":{"message":"rate limited"}}', true],
    [500, 'text/html', '<html><body>Internal Server Error</body></html>', true],
    [502, 'text/plain', undefined, true],
    [503, 'application/json', '{"error":{"message":"overloaded"}}', true],
  ];
  for (const [status, contentType, body, retryable] of cases) {
    it(`${status} ${contentType}${body === undefined ? ' (empty)' : ''} → isRetryable ${retryable}`, async () => {
      server.reply({
        status,
        ...(body !== undefined ? { body } : {}),
        headers: { 'content-type': contentType, 'retry-after': '7' },
      });
      const error = await rejection(model().doStream({ prompt }));
      expect(APICallError.isInstance(error)).toBe(true);
      const callError = error as APICallError;
      expect(callError.statusCode).toBe(status);
      expect(callError.isRetryable).toBe(retryable);
      expect(callError.url).toBe(`${server.baseURL}/chat/completions`);
      expect(field(callError.requestBodyValues, 'model')).toBe('error-model');
      expect(callError.responseHeaders?.['retry-after']).toBe('7');
      if (body !== undefined) {
        expect(callError.responseBody).toBe(body);
      } else {
        expect(callError.responseBody).toBe('');
      }
      if (body?.includes('"message"'))
        expect(callError.message).toBe(JSON.parse(body).error.message);
      // One request: the openai client does not retry on its own.
      expect(server.requests).toHaveLength(1);
      expect(everything(error)).not.toContain(apiKey);
    });
  }

  it('lets the AI SDK retry (and only the AI SDK), honouring retry-after-ms', async () => {
    const overloaded = {
      status: 503,
      body: '{"error":{"message":"overloaded"}}',
      headers: { 'retry-after-ms': '5' },
    };
    server.reply(overloaded, overloaded, {
      chunks: [chunk({ delta: { content: 'Recovered.' } }), chunk({ finish_reason: 'stop' })],
    });
    const result = streamText({ model: model(), prompt: 'Hi', maxRetries: 2 });
    expect(await result.text).toBe('Recovered.');
    expect(server.requests).toHaveLength(3);
  });

  it('gives up after maxRetries with the last error', async () => {
    const overloaded = {
      status: 503,
      body: '{"error":{"message":"overloaded"}}',
      headers: { 'retry-after-ms': '1' },
    };
    server.reply(overloaded, overloaded);
    const errors: unknown[] = [];
    const result = streamText({
      model: model(),
      prompt: 'Hi',
      maxRetries: 1,
      onError: ({ error }) => void errors.push(error),
    });
    const parts = await collect(result.fullStream);
    expect(parts.some((p) => p.type === 'error')).toBe(true);
    expect(server.requests).toHaveLength(2);
    expect(everything(errors)).toContain('overloaded');
    expect(everything(errors)).not.toContain(apiKey);
  });
});

describe('doGenerate', () => {
  it('throws the same APICallError for an HTTP error', async () => {
    server.reply({
      status: 429,
      body: '{"error":{"message":"slow down"}}',
      headers: { 'content-type': 'application/json', 'retry-after': '1' },
    });
    const error = await rejection(model().doGenerate({ prompt }));
    expect(APICallError.isInstance(error)).toBe(true);
    expect((error as APICallError).isRetryable).toBe(true);
    expect((error as APICallError).responseHeaders?.['retry-after']).toBe('1');
    expect((error as APICallError).message).toBe('slow down');
  });

  it('rejects with the abort reason when aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await rejection(model().doGenerate({ prompt, abortSignal: controller.signal }));
    expect((error as Error).name).toBe('AbortError');
  });
});

describe('errors before any output are thrown', () => {
  it('an in-stream error payload as the first chunk (Groq format) → APICallError', async () => {
    server.reply({
      chunks: [
        {
          error: {
            message: 'Service unavailable',
            type: 'internal_server_error',
            status_code: 503,
          },
        },
      ],
    });
    const error = await rejection(model().doStream({ prompt }));
    expect(APICallError.isInstance(error)).toBe(true);
    expect((error as APICallError).message).toBe('Service unavailable');
    expect((error as APICallError).statusCode).toBe(503);
    expect((error as APICallError).isRetryable).toBe(true);
  });

  it('a 400-class in-stream error before output is not retryable', async () => {
    server.reply({
      chunks: [
        chunk({ delta: { role: 'assistant', content: '' } }),
        { error: { message: 'tool_use_failed', code: 'tool_use_failed', status_code: 400 } },
      ],
    });
    const error = await rejection(model().doStream({ prompt }));
    expect((error as APICallError).isRetryable).toBe(false);
  });

  it('malformed JSON before output → InvalidResponseDataError', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    server.reply({ chunks: ['{"id": "chatcmpl-x", "choices": [{"delta": {"content": "He'] });
    const error = await rejection(model().doStream({ prompt }));
    logged.mockRestore();
    expect(InvalidResponseDataError.isInstance(error)).toBe(true);
  });

  it('a connection refused → retryable APICallError', async () => {
    const refused = createResponsesBridge({ baseURL: 'http://127.0.0.1:9/v1', apiKey })('m');
    const error = await rejection(refused.doStream({ prompt }));
    expect(APICallError.isInstance(error)).toBe(true);
    expect((error as APICallError).isRetryable).toBe(true);
    expect(everything(error)).not.toContain(apiKey);
  });
});

describe('errors after output become an error part, with what streamed kept', () => {
  async function streamParts(replyHandler: Parameters<ChatServer['reply']>[0]) {
    server.reply(replyHandler);
    const { stream } = await model().doStream({ prompt });
    return readStream(stream);
  }

  function finalResponse(parts: LanguageModelV4StreamPart[]): ResponsesResponse {
    return finalResponseIn(findPart(parts, 'finish').providerMetadata);
  }

  it('an error payload mid-stream (OpenRouter format)', async () => {
    const parts = await streamParts({
      chunks: [
        chunk({ delta: { role: 'assistant', content: 'Partial ' } }),
        chunk({ delta: { content: 'answer' } }),
        chunk({
          delta: { content: '' },
          error: { code: 502, message: 'Upstream provider failed' },
        }),
      ],
    });
    const types = parts.map((p) => p.type);
    expect(types.slice(-3)).toEqual(['text-end', 'error', 'finish']);
    const error = asAPICallError(findPart(parts, 'error').error);
    expect(error.message).toBe('Upstream provider failed');
    expect(error.isRetryable).toBe(true);
    const finish = findPart(parts, 'finish');
    expect(finish.finishReason).toEqual({ unified: 'error', raw: undefined });
    const response = finalResponse(parts);
    expect(response.status).toBe('failed');
    expect(response.output_text).toBe('Partial answer');
  });

  it('a connection reset mid-stream', async () => {
    const encoder = new TextEncoder();
    const parts = await streamParts({
      handle: () =>
        new Response(
          new ReadableStream({
            start(controller) {
              controller.enqueue(
                encoder.encode(
                  `data: ${JSON.stringify(chunk({ delta: { content: 'Before the cut' } }))}\n\n`,
                ),
              );
              setTimeout(() => controller.error(new Error('reset')), 20);
            },
          }),
          { headers: { 'content-type': 'text/event-stream' } },
        ),
    });
    expect(parts.map((p) => p.type).slice(-2)).toEqual(['error', 'finish']);
    expect(APICallError.isInstance(findPart(parts, 'error').error)).toBe(true);
    expect(finalResponse(parts).output_text).toBe('Before the cut');
    expect(finalResponse(parts).status).toBe('failed');
  });

  it('malformed JSON after output → InvalidResponseDataError part', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const parts = await streamParts({
      chunks: [chunk({ delta: { content: 'Fine so far' } }), '{not json'],
    });
    logged.mockRestore();
    expect(InvalidResponseDataError.isInstance(findPart(parts, 'error').error)).toBe(true);
    expect(finalResponse(parts).output_text).toBe('Fine so far');
  });

  it('a stream that ends mid-tool-call, without finish reason or [DONE], keeps the call and fails', async () => {
    const parts = await streamParts({
      chunks: [
        chunk({
          delta: {
            tool_calls: [toolCall({ index: 0, id: 'call_1', name: 'f', arguments: '{"a":' })],
          },
        }),
      ],
      done: false,
    });
    // The stream ended without [DONE] or a finish reason: it may be cut off. The call stays in
    // the Response, incomplete; it is not handed to the AI SDK to run.
    expect(parts.some((part) => part.type === 'tool-call')).toBe(false);
    expect(asAPICallError(findPart(parts, 'error').error).message).toMatch(/ended before a finish/);
    const finish = findPart(parts, 'finish');
    expect(finish.finishReason.unified).toBe('error');
    expect(parts.at(-1)?.type).toBe('finish');
    expect(finalResponseIn(finish.providerMetadata).output[0]).toMatchObject({
      type: 'function_call',
      arguments: '{"a":',
      status: 'incomplete',
    });
  });
});

describe('abort', () => {
  it('before the request: rejects with the abort reason, sends nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await rejection(model().doStream({ prompt, abortSignal: controller.signal }));
    expect((error as Error).name).toBe('AbortError');
    expect(server.requests).toHaveLength(0);
  });

  it('mid-stream: ends the stream and cancels the upstream request', async () => {
    let cancelled: () => void = () => {};
    const upstreamCancelled = new Promise<void>((resolve) => {
      cancelled = resolve;
    });
    const encoder = new TextEncoder();
    server.reply({
      handle: () =>
        new Response(
          new ReadableStream({
            start(controller) {
              controller.enqueue(
                encoder.encode(
                  `data: ${JSON.stringify(chunk({ delta: { content: 'Hello' } }))}\n\n`,
                ),
              );
            },
            cancel() {
              cancelled();
            },
          }),
          { headers: { 'content-type': 'text/event-stream' } },
        ),
    });
    const controller = new AbortController();
    const result = streamText({
      model: model(),
      prompt: 'Hi',
      abortSignal: controller.signal,
      maxRetries: 0,
    });
    const types: string[] = [];
    for await (const part of result.fullStream) {
      types.push(part.type);
      if (part.type === 'text-delta') controller.abort();
    }
    await upstreamCancelled;
    expect(types).toContain('abort');
    expect(types).not.toContain('finish-step');
  });

  it('a stalled stream is ended by the caller’s timeout', async () => {
    const encoder = new TextEncoder();
    server.reply({
      handle: () =>
        new Response(
          new ReadableStream({
            start(controller) {
              controller.enqueue(
                encoder.encode(
                  `data: ${JSON.stringify(chunk({ delta: { content: 'Then silence' } }))}\n\n`,
                ),
              );
            },
          }),
          { headers: { 'content-type': 'text/event-stream' } },
        ),
    });
    const result = streamText({
      model: model(),
      prompt: 'Hi',
      abortSignal: AbortSignal.timeout(150),
      maxRetries: 0,
    });
    const types = (await collect(result.fullStream)).map((p) => p.type);
    expect(types).toContain('text-delta');
    expect(types).toContain('abort');
  });
});

describe('secrets', () => {
  it('an upstream that echoes the Authorization header never leaks the key', async () => {
    server.reply({
      handle: (request) =>
        Response.json(
          { error: { message: `Invalid token ${request.headers.get('authorization')}` } },
          { status: 401 },
        ),
    });
    const error = await rejection(model().doStream({ prompt }));
    expect((error as APICallError).message).toBe('Invalid token Bearer [redacted]');
    expect(everything(error)).not.toContain(apiKey);
  });

  it('the key goes only into the Authorization header', async () => {
    server.reply({ chunks: [chunk({ delta: { content: 'ok' } })] });
    const { stream, request } = await model().doStream({ prompt, includeRawChunks: true });
    const parts = await readStream(stream);
    expect(server.requests[0]!.headers.get('authorization')).toBe(`Bearer ${apiKey}`);
    expect(everything({ parts, request })).not.toContain(apiKey);
  });

  it('without a key, OpenAI’s own endpoint fails at call time with LoadAPIKeyError', async () => {
    vi.stubEnv('OPENAI_API_KEY', undefined);
    vi.stubEnv('OPENAI_BASE_URL', undefined);
    try {
      const provider = createResponsesBridge();
      const error = await rejection(provider('gpt-4o').doStream({ prompt }));
      expect(LoadAPIKeyError.isInstance(error)).toBe(true);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('without a key (or an empty one), a local server gets no Authorization header', async () => {
    vi.stubEnv('OPENAI_API_KEY', '');
    server.reply({ chunks: [chunk({ delta: { content: 'ok' } })] });
    try {
      const provider = createResponsesBridge({ baseURL: server.baseURL });
      const { stream } = await provider('llama3').doStream({ prompt });
      await readStream(stream);
      expect(server.requests[0]!.headers.get('authorization')).toBeNull();
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
