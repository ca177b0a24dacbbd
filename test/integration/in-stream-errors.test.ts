/**
 * Error payloads an upstream sends inside a 200 chunk stream (issue 14), in every form met in
 * the wild: a numeric code, the code as a string ("429", LiteLLM), a code name
 * ("rate_limit_exceeded"), an `event: error` line (Groq, Anthropic-style) and LiteLLM's
 * exception strings. Before any output, the provider throws an APICallError with the status the
 * payload stands for (so the AI SDK retries a 429 or a 5xx) and `serve` answers with that HTTP
 * status; after output, the provider's error part carries the same, and `serve` ends the stream
 * with an `error` event whose nested error names the code, then `response.failed`.
 */
import { APICallError } from '@ai-sdk/provider';
import type { ResponseErrorEvent, ResponseFailedEvent } from 'openai/resources/responses/responses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createResponsesBridge } from '../../src/index';
import { chunk } from '../support/builders';
import {
  type FaultHandler,
  type FaultServer,
  sseHeaders,
  sseLine,
  startFaultServer,
} from '../support/fault-server';
import { parseSSE, useResponsesHandler } from '../support/handler-harness';
import { rejectionOf } from '../support/rejections';
import { readStream } from '../support/stream-parts';

interface Case {
  /** The SSE text of the error, as the upstream sends it. */
  frame: string;
  status: number;
  retryable: boolean;
  /** The code `serve` reports: the upstream's, as a string. */
  code: string;
}

const cases: Record<string, Case> = {
  'a numeric code': {
    frame: sseLine({ error: { code: 429, message: 'Rate limited' } }),
    status: 429,
    retryable: true,
    code: '429',
  },
  'the code as a string': {
    frame: sseLine({ error: { code: '429', message: 'Rate limited' } }),
    status: 429,
    retryable: true,
    code: '429',
  },
  'a code name': {
    frame: sseLine({
      error: { code: 'rate_limit_exceeded', type: 'rate_limit_error', message: 'Slow down' },
    }),
    status: 429,
    retryable: true,
    code: 'rate_limit_exceeded',
  },
  'an event: error line': {
    frame: `event: error\ndata: ${JSON.stringify({ type: 'overloaded_error', message: 'Overloaded' })}\n\n`,
    status: 503,
    retryable: true,
    code: 'overloaded_error',
  },
  'LiteLLM’s RateLimitError': {
    // LiteLLM's streaming error chunk: string code, "None" for what it lacks.
    frame: sseLine({
      error: {
        message:
          'litellm.RateLimitError: RateLimitError: OpenAIException - Rate limit reached for requests',
        type: 'None',
        param: 'None',
        code: '429',
      },
    }),
    status: 429,
    retryable: true,
    code: '429',
  },
  'LiteLLM’s InternalServerError': {
    frame: sseLine({
      error: {
        message:
          'litellm.InternalServerError: InternalServerError: OpenAIException - upstream died',
        type: null,
        param: null,
        code: '500',
      },
    }),
    status: 500,
    retryable: true,
    code: '500',
  },
  'a context-length error': {
    frame: sseLine({
      error: {
        code: 'context_length_exceeded',
        message: 'Too long',
        type: 'invalid_request_error',
      },
    }),
    status: 400,
    retryable: false,
    code: 'context_length_exceeded',
  },
};

describe('a 200 JSON error body where a stream was asked for', () => {
  it('is the error it says: an APICallError with its status, retryable for a 503', async () => {
    fault.next((_req, res) => {
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: { message: 'Overloaded', code: 503 } }));
    });
    const error = await rejectionOf(model().doStream({ prompt }), APICallError);
    expect(error.statusCode).toBe(503);
    expect(error.isRetryable).toBe(true);
    expect(error.message).toBe('Overloaded');
  });
});

let fault: FaultServer;
beforeAll(async () => {
  fault = await startFaultServer();
});
afterAll(async () => {
  await fault.close();
});

const text = chunk({ delta: { role: 'assistant', content: 'Partial' } });

function serveFrames(before: string, frame: string): FaultHandler {
  return (_req, res) => {
    res.writeHead(200, sseHeaders).end(`${before}${frame}`);
  };
}

const prompt = [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'Hi' }] }];
const model = () => createResponsesBridge({ baseURL: fault.baseURL, apiKey: 'sk-in-stream' })('m');

describe('the provider', () => {
  for (const [name, { frame, status, retryable }] of Object.entries(cases)) {
    it(`${name} before any output → APICallError ${status}, retryable ${retryable}`, async () => {
      fault.next(serveFrames('', frame));
      const error = await rejectionOf(model().doStream({ prompt }), APICallError);
      expect(error.statusCode).toBe(status);
      expect(error.isRetryable).toBe(retryable);
    });

    it(`${name} after output → an error part with the same`, async () => {
      fault.next(serveFrames(sseLine(text), frame));
      const parts = await readStream((await model().doStream({ prompt })).stream);
      const part = parts.find((each) => each.type === 'error');
      const error = part?.type === 'error' ? part.error : undefined;
      expect(APICallError.isInstance(error)).toBe(true);
      expect((error as APICallError).statusCode).toBe(status);
      expect((error as APICallError).isRetryable).toBe(retryable);
      expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: { unified: 'error' } });
    });
  }
});

describe('serve', () => {
  const { startBridge } = useResponsesHandler();
  const post = async () =>
    fetch(`${await startBridge({ baseURL: fault.baseURL })}/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', input: 'Hi', stream: true }),
    });

  for (const [name, { frame, status, code }] of Object.entries(cases)) {
    it(`${name} before any output → HTTP ${status} in the API error shape`, async () => {
      fault.next(serveFrames('', frame));
      const response = await post();
      expect(response.status).toBe(status);
      expect(await response.json()).toEqual({
        error: { message: expect.any(String), type: expect.any(String), param: null, code },
      });
    });

    it(`${name} after output → an error event naming the code, then response.failed`, async () => {
      fault.next(serveFrames(sseLine(text), frame));
      const response = await post();
      expect(response.status).toBe(200);
      const events = parseSSE(await response.text());
      expect(events.slice(-2).map((event) => event.type)).toEqual(['error', 'response.failed']);
      const [error, failed] = events.slice(-2) as [
        ResponseErrorEvent & { error?: { code?: unknown } },
        ResponseFailedEvent,
      ];
      expect(error.code).toBe(code);
      expect(error.error?.code).toBe(code);
      expect(failed.response.error?.code).toBe(
        status === 429 ? 'rate_limit_exceeded' : 'server_error',
      );
      expect(failed.response.output_text).toBe('Partial');
    });
  }
});
