/**
 * Reliability catalogue (issue 8), faults of the connection: a stream cut mid-event or
 * mid-tool-call, a reset before the status line or mid-stream, a retry mid-stream, HTTP errors,
 * aborts and a 50 MB stream with backpressure. The faults that need control of the socket are
 * served by test/support/fault-server.ts. Each test shows the documented outcome, what streamed
 * kept in the final Response and a deadline; at the end of the file nothing escaped or left open
 * (test/support/reliability-harness.ts).
 */
import { APICallError, InvalidResponseDataError } from '@ai-sdk/provider';
import { streamText } from 'ai';
import { describe, expect, it } from 'vitest';
import { chunk } from '../support/builders';
import { type FaultHandler, sseHeaders, sseLine, sseText, write } from '../support/fault-server';
import { collect } from '../support/fixtures';
import {
  callTimeout,
  cut,
  deadline,
  expectErrorAfterOutput,
  expectThrown,
  finish,
  reply,
  toolDelta,
  useReliabilityHarness,
} from '../support/reliability-harness';
import { asAPICallError, finalResponseIn, findPart } from '../support/stream-parts';

const harness = useReliabilityHarness();
const { server, model, run, consoleCalls } = harness;

describe('the stream cut', () => {
  it(
    'mid-event (half a line, then the body ends) after output → InvalidResponseDataError part, text kept',
    async () => {
      const result = await run(
        cut(
          [chunk({ delta: { content: 'Before the cut' } })],
          'data: {"id":"chatcmpl-rel","cho',
          'end',
        ),
      );
      const response = expectErrorAfterOutput(result);
      expect(InvalidResponseDataError.isInstance(result.errors[0])).toBe(true);
      expect(response.output_text).toBe('Before the cut');
    },
    deadline,
  );

  it(
    'mid-event (half a line, then the connection closes without the chunked terminator) → retryable APICallError part, text kept',
    async () => {
      const result = await run(
        cut(
          [chunk({ delta: { content: 'Before the cut' } })],
          'data: {"id":"chatcmpl-rel","cho',
          'fin',
        ),
      );
      const response = expectErrorAfterOutput(result);
      expect(APICallError.isInstance(result.errors[0])).toBe(true);
      expect((result.errors[0] as APICallError).isRetryable).toBe(true);
      expect(response.output_text).toBe('Before the cut');
    },
    deadline,
  );

  it(
    'mid-event before any output → InvalidResponseDataError thrown',
    async () => {
      const result = await run(cut([], 'data: {"id":"chatcmpl-rel","cho', 'end'));
      expect(InvalidResponseDataError.isInstance(expectThrown(result))).toBe(true);
    },
    deadline,
  );

  it(
    'mid-tool-call, the body ending cleanly (no finish reason, no [DONE]) → finish error, the call kept incomplete and not run',
    async () => {
      harness.resetExecutions();
      const result = await run(
        cut(
          [
            toolDelta({
              index: 0,
              id: 'call_1',
              type: 'function',
              name: 'lookup',
              arguments: '{"a":1}',
            }),
          ],
          '',
          'end',
        ),
        { withTools: true },
      );
      // Neither a finish reason nor [DONE]: the answer may be cut off, so it is not a success,
      // and a call whose arguments happen to parse is not run.
      expect(result.parts.some((part) => part.type === 'tool-call')).toBe(false);
      expect(harness.executions).toBe(0);
      expect(result.finish?.finishReason).toBe('error');
      expect(result.response?.status).toBe('failed');
      expect(result.response?.output[0]).toMatchObject({
        arguments: '{"a":1}',
        status: 'incomplete',
      });
    },
    deadline,
  );

  it(
    'mid-tool-call, a body delimited by the connection closing (no length, not chunked) → finish error, the call not run',
    async () => {
      harness.resetExecutions();
      const delta = toolDelta({
        index: 0,
        id: 'call_1',
        type: 'function',
        name: 'lookup',
        arguments: '{"a":2}',
      });
      const result = await run(
        (_req, res) => {
          // HTTP/1.0-style framing: the end of the connection is the end of the body, so the
          // body ends cleanly wherever the upstream stopped.
          const socket = res.socket!;
          res.detachSocket(socket);
          socket.end(
            `HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\nconnection: close\r\n\r\n${sseLine(delta)}`,
          );
        },
        { withTools: true },
      );
      expect(result.parts.some((part) => part.type === 'tool-call')).toBe(false);
      expect(harness.executions).toBe(0);
      expect(result.finish?.finishReason).toBe('error');
      expect(result.response?.status).toBe('failed');
      expect(result.response?.error?.code).toBe('server_error');
      expect(result.response?.output[0]).toMatchObject({
        arguments: '{"a":2}',
        status: 'incomplete',
      });
    },
    deadline,
  );

  it(
    'mid-tool-call by a reset → retryable error part, finish error, the call kept incomplete and not run',
    async () => {
      harness.resetExecutions();
      const result = await run(
        cut(
          [
            toolDelta({
              index: 0,
              id: 'call_1',
              type: 'function',
              name: 'lookup',
              arguments: '{"a":5}',
            }),
          ],
          '',
          'reset',
        ),
        { withTools: true },
      );
      const response = expectErrorAfterOutput(result);
      expect((result.errors[0] as APICallError).isRetryable).toBe(true);
      // Even with arguments that parse, a call cut by a failure is not executed.
      expect(harness.executions).toBe(0);
      expect(result.types).not.toContain('tool-result');
      expect(response.output[0]).toMatchObject({
        type: 'function_call',
        call_id: 'call_1',
        arguments: '{"a":5}',
        status: 'incomplete',
      });
    },
    deadline,
  );
});

describe('a connection reset', () => {
  it(
    'before the status line → retryable APICallError thrown',
    async () => {
      const result = await run((req) => void req.socket.destroy());
      const error = expectThrown(result);
      expect(APICallError.isInstance(error)).toBe(true);
      expect((error as APICallError).isRetryable).toBe(true);
      expect((error as APICallError).statusCode).toBeUndefined();
      expect(server.requests).toHaveLength(1);
    },
    deadline,
  );

  it(
    'before the status line, then the AI SDK retries (once, 2 s later) and gets the text',
    async () => {
      server.next((req) => void req.socket.destroy());
      server.next(reply([chunk({ delta: { content: 'Second try' } }), finish('stop')]));
      const result = streamText({
        model: model(),
        prompt: 'Hi',
        maxRetries: 1,
        abortSignal: AbortSignal.timeout(callTimeout),
      });
      expect(await result.text).toBe('Second try');
      expect(server.requests).toHaveLength(2);
    },
    deadline,
  );

  it(
    'mid-stream → retryable APICallError part, finish error, text kept',
    async () => {
      const result = await run(cut([chunk({ delta: { content: 'Half an ' } })], '', 'reset'));
      const response = expectErrorAfterOutput(result);
      expect(APICallError.isInstance(result.errors[0])).toBe(true);
      expect((result.errors[0] as APICallError).isRetryable).toBe(true);
      expect(response.output_text).toBe('Half an ');
    },
    deadline,
  );
});

describe('a retryable error mid-stream with the AI SDK’s streamRetries', () => {
  it(
    'a reset mid-stream, streamRetries: 1 → the stream is asked again; text and Response are the retry’s',
    async () => {
      server.next(cut([chunk({ delta: { content: 'First try, ' } })], '', 'reset'));
      server.next(reply([chunk({ delta: { content: 'Second try.' } }), finish('stop')]));
      const result = streamText({
        model: model(),
        prompt: 'Hi',
        maxRetries: 0,
        streamRetries: 1,
        abortSignal: AbortSignal.timeout(callTimeout),
        onError: () => {},
      });
      const parts = await collect(result.fullStream);
      expect(server.requests).toHaveLength(2);
      expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: 'stop' });
      expect(await result.text).toBe('Second try.');
      const metadata = await result.providerMetadata;
      const response = finalResponseIn(metadata);
      expect(response.status).toBe('completed');
      expect(response.output_text).toBe('Second try.');
    },
    deadline,
  );
});

describe('HTTP errors through streamText', () => {
  it(
    'a 503 → only an error part (the APICallError, body and headers kept), no finish; result.text rejects',
    async () => {
      server.next((_req, res) => {
        res
          .writeHead(503, { 'content-type': 'text/html', 'retry-after': '3' })
          .end('<html>busy</html>');
      });
      const result = streamText({
        model: model(),
        prompt: 'Hi',
        maxRetries: 0,
        abortSignal: AbortSignal.timeout(callTimeout),
        onError: () => {},
      });
      const parts = await collect(result.fullStream);
      expect(parts.map((part) => part.type)).toEqual(['start', 'error']);
      const error = asAPICallError(findPart(parts, 'error').error);
      expect(APICallError.isInstance(error)).toBe(true);
      expect(error.statusCode).toBe(503);
      expect(error.isRetryable).toBe(true);
      expect(error.responseBody).toBe('<html>busy</html>');
      expect(error.responseHeaders?.['retry-after']).toBe('3');
      await expect(result.text).rejects.toMatchObject({ name: 'AI_NoOutputGeneratedError' });
    },
    deadline,
  );
});

describe('abort', () => {
  it(
    'during the headers (the server holds them; abort at 50 ms) → abort part, no error, the request closed',
    async () => {
      // The server would hold the headers far past the test's deadline: the call can only end,
      // and the request only close, because the abort reached them.
      const result = await run(
        async (_req, res, context) => {
          await context.sleep(10 * deadline);
          if (!context.closed)
            res.writeHead(200, sseHeaders).end(sseText([chunk({ delta: { content: 'x' } })]));
        },
        { abortSignal: AbortSignal.timeout(50) },
      );
      expect(result.types).toEqual(['start', 'abort']);
      expect(result.errors).toEqual([]);
      // The upstream request is cancelled, not left to run.
      await server.requests[0]!.closed;
    },
    deadline,
  );

  it(
    'after finish → nothing: no error, no abort part, no warning',
    async () => {
      const controller = new AbortController();
      const result = await run(
        reply([
          chunk({ delta: { content: 'Complete.' } }),
          finish('stop', { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 }),
        ]),
        { abortSignal: controller.signal },
      );
      controller.abort();
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(result.types.slice(-2)).toEqual(['finish-step', 'finish']);
      expect(result.types).not.toContain('abort');
      expect(result.errors).toEqual([]);
      expect(result.finish?.finishReason).toBe('stop');
      expect(result.response?.output_text).toBe('Complete.');
      expect(consoleCalls).toEqual([]);
    },
    deadline,
  );
});

describe('a 50 MB stream', () => {
  it('completes, with memory growth bounded and the whole text in the final Response', async () => {
    const pieceSize = 4096;
    const total = 50 * 1024 * 1024;
    const count = total / pieceSize;
    const filler = 'x'.repeat(pieceSize - 8);
    const handler: FaultHandler = async (_req, res) => {
      res.writeHead(200, sseHeaders);
      for (let i = 0; i < count; i++) {
        // Each piece starts with its number, so a lost or repeated piece changes the text.
        const text = `${String(i).padStart(8, '0')}${filler}`;
        if (!(await write(res, sseLine(chunk({ delta: { content: text } }))))) return;
      }
      await write(
        res,
        sseLine(
          finish('stop', { prompt_tokens: 1, completion_tokens: count, total_tokens: count + 1 }),
        ),
      );
      res.end('data: [DONE]\n\n');
    };
    server.next(handler);
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    const result = streamText({ model: model(), prompt: 'Hi', maxRetries: 0 });
    let length = 0;
    let deltas = 0;
    let checked = 0;
    for await (const part of result.fullStream) {
      if (part.type !== 'text-delta') continue;
      // Spot-check the order of the pieces as they arrive.
      if (part.text.length === pieceSize && deltas % 1000 === 0) {
        expect(part.text.slice(0, 8)).toBe(String(deltas).padStart(8, '0'));
        checked++;
      }
      length += part.text.length;
      if (++deltas % 256 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
    }
    const metadata = await result.providerMetadata;
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    const response = finalResponseIn(metadata);
    expect(length).toBe(total);
    expect(checked).toBeGreaterThan(10);
    expect(response.status).toBe('completed');
    expect(response.output_text.length).toBe(total);
    expect(response.output_text.slice(-pieceSize, -pieceSize + 8)).toBe(
      String(count - 1).padStart(8, '0'),
    );
    expect((await result.usage).outputTokens).toBe(count);
    // The text is held a few times (the Response, the AI SDK's text); a leak per chunk would
    // grow far past that.
    expect(peak - before).toBeLessThan(5 * total);
  }, 120_000); // Moving 50 MB takes seconds, many more on a loaded machine; only a hang should reach this.
});

// Must stay last: vitest runs the tests of a file in order.
describe('after every fault', () => {
  it(
    'no unhandled rejection, no uncaught exception, no socket, server or timer left behind',
    () => harness.expectNothingLeftBehind(),
    deadline,
  );
});
