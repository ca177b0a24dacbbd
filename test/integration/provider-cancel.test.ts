/**
 * Cancel reaches the upstream (issue 14): the provider's stream is stopped by its consumer (the
 * AI SDK leaving, `stream.cancel()`) or by a throwing `onEvent`, while the upstream has stalled
 * after its first chunk and the caller gave no `abortSignal`. The stream settles at once and the
 * upstream request is closed, not left to run. No test here waits on a clock: each waits for what
 * must happen, within the vitest timeout.
 */
import { describe, expect, it } from 'vitest';
import { createResponsesBridge as createV1 } from '../../src/compat/v1/index';
import { createResponsesBridge as createV2 } from '../../src/compat/v2/index';
import { createResponsesBridge } from '../../src/index';
import { chunk } from '../support/builders';
import {
  type FaultHandler,
  sseHeaders,
  sseLine,
  useFaultServer,
  write,
} from '../support/fault-server';
import { rejection, watchEscapes } from '../support/rejections';

const server = useFaultServer();
const escaped = watchEscapes();

const prompt = [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'Hi' }] }];

/** One chunk of text, then silence until the client goes away. */
const stalled: FaultHandler = async (_req, res, context) => {
  res.writeHead(200, sseHeaders);
  await write(res, sseLine(chunk({ delta: { role: 'assistant', content: 'Hello' } })));
  await context.sleep(60_000);
  res.end();
};

function model(onEvent?: (event: { type: string }) => void) {
  return createResponsesBridge({
    baseURL: server.baseURL,
    apiKey: 'sk-cancel-0123456789',
    ...(onEvent !== undefined ? { onEvent } : {}),
  })('cancel-model');
}

/**
 * Reads up to the first text delta, starts a read that waits on the stalled upstream (reached
 * without I/O, so within one turn of the event loop), then cancels; resolves with that read.
 */
async function cancelAfterText(reader: ReadableStreamDefaultReader<{ type: string }>) {
  for (;;) {
    const { done, value } = await reader.read();
    expect(done).toBe(false);
    if (value?.type === 'text-delta') break;
  }
  const pending = reader.read();
  await new Promise((resolve) => setImmediate(resolve));
  await reader.cancel();
  return pending;
}

describe('cancelling the provider stream with no abortSignal', () => {
  it('stream.cancel() during a stalled upstream settles and closes the upstream request', async () => {
    server.next(stalled);
    const { stream } = await model().doStream({ prompt });
    const pending = await cancelAfterText(stream.getReader());
    expect(pending).toEqual({ done: true, value: undefined });
    await server.requests[0]!.closed;
  });

  it('through the v2 and v1 shims too', async () => {
    const shims = [
      async () => {
        const { stream } = await createV2({ baseURL: server.baseURL })('m').doStream({ prompt });
        return stream.getReader() as ReadableStreamDefaultReader<{ type: string }>;
      },
      async () => {
        const { stream } = await createV1({ baseURL: server.baseURL })('m').doStream({
          prompt,
          inputFormat: 'prompt',
          mode: { type: 'regular' },
        });
        return stream.getReader() as ReadableStreamDefaultReader<{ type: string }>;
      },
    ];
    for (const [index, open] of shims.entries()) {
      server.next(stalled);
      expect((await cancelAfterText(await open())).done).toBe(true);
      await server.requests[index]!.closed;
    }
  });
});

describe('a throwing onEvent', () => {
  it('errors the stream with what it threw and closes the upstream request at once', async () => {
    server.next(stalled);
    const thrown = new Error('onEvent failed');
    const { stream } = await model((event) => {
      if (event.type === 'response.output_text.delta') throw thrown;
    }).doStream({ prompt });
    const reader = stream.getReader();
    const error = await rejection(
      (async () => {
        for (;;) {
          const { done } = await reader.read();
          if (done) return;
        }
      })(),
    );
    expect(error).toBe(thrown);
    await server.requests[0]!.closed;
  });
});

describe('after every cancel', () => {
  it('nothing escaped', () => {
    expect(escaped).toEqual([]);
  });
});
