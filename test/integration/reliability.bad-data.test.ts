/**
 * Reliability catalogue (issue 8), bad data: malformed JSON in an SSE line, chunks that are not
 * objects or have no usable choice, error payloads in the stream, and 200 bodies that are not a
 * chunk stream at all. One test per fault, end to end over loopback HTTP with the real `openai`
 * client and `ai`; each shows the documented outcome (a typed error thrown from the first
 * `doStream`, which `streamText` shows as a lone `error` part, or an `error` part then `finish`
 * with reason `error`), what streamed kept in the final Response, a deadline, and at the end of
 * the file nothing escaped or left open (test/support/reliability-harness.ts).
 */
import { APICallError, InvalidResponseDataError } from '@ai-sdk/provider';
import { generateText } from 'ai';
import { describe, expect, it } from 'vitest';
import { chunk } from '../support/builders';
import { sseHeaders } from '../support/fault-server';
import { checkEventSequence } from '../support/invariants';
import { rejection } from '../support/rejections';
import {
  callTimeout,
  deadline,
  expectErrorAfterOutput,
  expectThrown,
  finish,
  prompt,
  reply,
  streamedText,
  useReliabilityHarness,
} from '../support/reliability-harness';
import { readStream } from '../support/stream-parts';

const harness = useReliabilityHarness();
const { server, model, run } = harness;

describe('malformed JSON in an SSE line', () => {
  it(
    'before any output → InvalidResponseDataError thrown, not retried',
    async () => {
      const result = await run(reply(['{"id":"chatcmpl-rel","choices":[{"delta":{"content":"He']), {
        maxRetries: 2,
      });
      const error = expectThrown(result);
      expect(InvalidResponseDataError.isInstance(error)).toBe(true);
      expect((error as Error).message).toMatch(/not valid JSON/);
      // Not retryable: the AI SDK asked once, although it could have retried twice.
      expect(server.requests).toHaveLength(1);
    },
    deadline,
  );

  it(
    'after output → InvalidResponseDataError part, finish error, text kept',
    async () => {
      const result = await run(reply([chunk({ delta: { content: 'Fine so far' } }), '{not json']));
      const response = expectErrorAfterOutput(result);
      expect(InvalidResponseDataError.isInstance(result.errors[0])).toBe(true);
      expect(streamedText(result)).toBe('Fine so far');
      expect(response.output_text).toBe('Fine so far');
      expect(response.output[0]).toMatchObject({ type: 'message', status: 'incomplete' });
    },
    deadline,
  );
});

describe('a chunk that is not an object', () => {
  for (const [name, payload] of [
    ['a number', '42'],
    ['a string', '"hello"'],
    ['an array', '[{"choices":[]}]'],
    ['null', 'null'],
  ] as const) {
    it(
      `${name} before any output → a typed error thrown, not retryable`,
      async () => {
        const result = await run(reply([payload]), { maxRetries: 2 });
        const error = expectThrown(result);
        expect(APICallError.isInstance(error) || InvalidResponseDataError.isInstance(error)).toBe(
          true,
        );
        expect((error as Error).message).toMatch(/Expected a chat completion chunk object/);
        expect((error as { isRetryable?: boolean }).isRetryable ?? false).toBe(false);
        expect(server.requests).toHaveLength(1);
      },
      deadline,
    );
  }

  // BUG (report): src/ai-sdk/call-errors.ts says the upstream sending "something that is not a
  // chunk" gives InvalidResponseDataError (as malformed JSON does), but a JSON value that is not
  // an object goes through the converter's `invalid_chunk` error event and is thrown as a plain
  // APICallError (no status). The `null` case also says "got object".
  it(
    'a number before any output → InvalidResponseDataError, as the error module documents',
    async () => {
      const result = await run(reply(['42']));
      expect(InvalidResponseDataError.isInstance(expectThrown(result))).toBe(true);
    },
    deadline,
  );

  it(
    'null after output → error part, finish error, text kept',
    async () => {
      const result = await run(
        reply([chunk({ delta: { content: 'A' } }), 'null', chunk({ delta: { content: 'B' } })]),
      );
      const response = expectErrorAfterOutput(result);
      expect(
        APICallError.isInstance(result.errors[0]) ||
          InvalidResponseDataError.isInstance(result.errors[0]),
      ).toBe(true);
      // Nothing after the bad chunk is taken: the stream failed there.
      expect(response.output_text).toBe('A');
    },
    deadline,
  );
});

describe('chunks without a usable choice are skipped', () => {
  const cases: Array<[string, unknown]> = [
    ['no choices', { id: 'chatcmpl-rel', object: 'chat.completion.chunk' }],
    ['choices: null', { id: 'chatcmpl-rel', choices: null }],
    ['choices: []', { id: 'chatcmpl-rel', choices: [] }],
    ['delta: null', { id: 'chatcmpl-rel', choices: [{ index: 0, delta: null }] }],
    ['delta a string', { id: 'chatcmpl-rel', choices: [{ index: 0, delta: 'oops' }] }],
    ['choices a string', { id: 'chatcmpl-rel', choices: 'oops' }],
    ['a choice that is a number', { id: 'chatcmpl-rel', choices: [7] }],
  ];
  for (const [name, odd] of cases) {
    it(
      `${name} → ignored; the text around it streams and completes`,
      async () => {
        const result = await run(
          reply([
            odd,
            chunk({ delta: { role: 'assistant', content: 'Hello' } }),
            odd,
            chunk({ delta: { content: ' world' } }),
            finish('stop', { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 }),
          ]),
        );
        expect(result.errors).toEqual([]);
        expect(result.finish?.finishReason).toBe('stop');
        expect(result.finish?.totalUsage.inputTokens).toBe(3);
        expect(streamedText(result)).toBe('Hello world');
        expect(result.response?.status).toBe('completed');
        expect(result.response?.output_text).toBe('Hello world');
        expect(checkEventSequence(result.events)).toEqual(result.response);
      },
      deadline,
    );
  }

  // BUG (report): `choices: [null]` makes the openai client's own chunk normalization throw a
  // TypeError (node_modules/openai/src/lib/chat-completions/streaming.ts, `choice.finish_reason`
  // of null). toCallError (src/ai-sdk/call-errors.ts) takes every TypeError for a lost
  // connection, so bad data becomes a *retryable* APICallError ("Cannot read properties of null
  // (reading 'finish_reason')") and the AI SDK sends the same request again, to the same result.
  it(
    'a choice that is null → skipped, or at least a non-retryable error (not a lost connection)',
    async () => {
      server.next(
        reply([{ id: 'chatcmpl-rel', choices: [null] }, chunk({ delta: { content: 'Hello' } })]),
      );
      // doStream itself, so that the AI SDK's retries (2 s apart) do not slow the file down.
      const errors: unknown[] = [];
      try {
        const { stream } = await model().doStream({
          prompt,
          abortSignal: AbortSignal.timeout(callTimeout),
        });
        for (const part of await readStream(stream)) {
          if (part.type === 'error') errors.push(part.error);
        }
      } catch (error) {
        errors.push(error);
      }
      for (const error of errors) {
        expect((error as { isRetryable?: boolean }).isRetryable ?? false).toBe(false);
      }
    },
    deadline,
  );
});

describe('an error payload in the stream', () => {
  it(
    'before any output → APICallError thrown with the status it names',
    async () => {
      const result = await run(
        reply([{ error: { message: 'Rate limit reached', type: 'rate_limit', code: 429 } }]),
      );
      const error = expectThrown(result) as APICallError;
      expect(APICallError.isInstance(error)).toBe(true);
      expect(error.message).toBe('Rate limit reached');
      expect(error.statusCode).toBe(429);
      expect(error.isRetryable).toBe(true);
    },
    deadline,
  );

  it(
    'after some output → error part, finish error, output kept',
    async () => {
      const result = await run(
        reply([
          chunk({ delta: { role: 'assistant', content: 'Partial ' } }),
          chunk({ delta: { content: 'answer' } }),
          chunk({ error: { message: 'Provider returned error', code: 400 } }),
          chunk({ delta: { content: ' never seen' } }),
        ]),
      );
      const response = expectErrorAfterOutput(result);
      const error = result.errors[0] as APICallError;
      expect(error.message).toBe('Provider returned error');
      expect(error.isRetryable).toBe(false);
      expect(streamedText(result)).toBe('Partial answer');
      expect(response.output_text).toBe('Partial answer');
      expect(response.error?.message).toBe('Provider returned error');
    },
    deadline,
  );
});

describe('a 200 response that is not a chunk stream', () => {
  // BUG (report): a 200 whose body is not SSE (an HTML page from a proxy or captive portal)
  // yields no chunk at all, and the call finishes as a successful, empty answer
  // (finishReason 'stop', Response 'completed', output_text ''): the failure is lost.
  it(
    'an HTML body for a streaming request → an error, not an empty success',
    async () => {
      const result = await run((_req, res) => {
        res
          .writeHead(200, { 'content-type': 'text/html' })
          .end('<html><body><h1>Gateway login</h1></body></html>');
      });
      expect(result.errors).toHaveLength(1);
      expect(result.finish?.finishReason).not.toBe('stop');
    },
    deadline,
  );

  // BUG (report): same for an empty 200 body (no chunk, no [DONE]).
  it(
    'an empty 200 body → an error, not an empty success',
    async () => {
      const result = await run((_req, res) => {
        res.writeHead(200, sseHeaders).end();
      });
      expect(result.errors).toHaveLength(1);
      expect(result.finish?.finishReason).not.toBe('stop');
    },
    deadline,
  );

  // BUG (report): generateText (doGenerate) takes a 200 HTML body as a completion: the openai
  // client returns the text, and an empty 'stop' result comes back.
  it(
    'generateText: an HTML 200 body → a thrown error, not an empty success',
    async () => {
      server.next((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html' }).end('<html>Gateway login</html>');
      });
      await expect(
        generateText({
          model: model(),
          prompt: 'Hi',
          maxRetries: 0,
          abortSignal: AbortSignal.timeout(callTimeout),
        }),
      ).rejects.toSatisfy(
        (error) => APICallError.isInstance(error) || InvalidResponseDataError.isInstance(error),
      );
    },
    deadline,
  );

  // BUG (report): README "Errors": errors before any output are thrown as APICallError. A 200
  // JSON body that is only an error payload (`{"error": {...}}`) is not thrown by doGenerate:
  // generateText returns finishReason 'error' with no text, so its retries never act on it.
  it(
    'generateText: a 200 JSON error payload → a thrown APICallError',
    async () => {
      server.next((_req, res) => {
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ error: { message: 'Overloaded', code: 503 } }));
      });
      await expect(
        generateText({
          model: model(),
          prompt: 'Hi',
          maxRetries: 0,
          abortSignal: AbortSignal.timeout(callTimeout),
        }),
      ).rejects.toSatisfy((error) => APICallError.isInstance(error));
    },
    deadline,
  );

  it(
    'generateText: a 200 body that is not valid JSON → InvalidResponseDataError thrown',
    async () => {
      server.next((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"choices": [');
      });
      const error = await rejection(
        generateText({
          model: model(),
          prompt: 'Hi',
          maxRetries: 0,
          abortSignal: AbortSignal.timeout(callTimeout),
        }),
      );
      expect(InvalidResponseDataError.isInstance(error)).toBe(true);
    },
    deadline,
  );
});

// Must stay last: vitest runs the tests of a file in order.
describe('after every fault', () => {
  it(
    'no unhandled rejection, no uncaught exception, no socket, server or timer left behind',
    () => harness.expectNothingLeftBehind(),
    deadline,
  );
});
