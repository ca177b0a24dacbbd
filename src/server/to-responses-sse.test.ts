import type {
  ResponseErrorEvent,
  ResponseStreamEvent,
  ResponseTextDeltaEvent,
} from 'openai/resources/responses/responses';
import { describe, expect, it } from 'vitest';
import { readStream } from '../../test/support/stream-parts';
import { toResponsesSSE } from './to-responses-sse';

const delta: ResponseTextDeltaEvent = {
  type: 'response.output_text.delta',
  sequence_number: 3,
  item_id: 'msg_1',
  output_index: 0,
  content_index: 0,
  delta: 'Hi',
  logprobs: [],
};

const failed: ResponseErrorEvent = {
  type: 'error',
  sequence_number: 4,
  code: 'server_error',
  message: 'The upstream stream failed.',
  param: null,
};

async function* events(...items: ResponseStreamEvent[]): AsyncGenerator<ResponseStreamEvent> {
  yield* items;
}

const decoder = new TextDecoder();

describe('toResponsesSSE', () => {
  it('frames each event as `event: <type>`, `data: <json>` and a blank line, byte for byte', async () => {
    const chunks = await readStream(toResponsesSSE(events(delta, failed)));
    expect(chunks.map((chunk) => decoder.decode(chunk))).toEqual([
      'event: response.output_text.delta\n' +
        'data: {"type":"response.output_text.delta","sequence_number":3,"item_id":"msg_1","output_index":0,"content_index":0,"delta":"Hi","logprobs":[]}\n' +
        '\n',
      'event: error\n' +
        'data: {"type":"error","sequence_number":4,"code":"server_error","message":"The upstream stream failed.","param":null}\n' +
        '\n',
    ]);
  });

  it('encodes text as UTF-8 and keeps a multi-line delta on one data line', async () => {
    const [chunk] = await readStream(toResponsesSSE(events({ ...delta, delta: 'Olá\n👋' })));
    const expected = new TextEncoder().encode(
      'event: response.output_text.delta\n' +
        'data: {"type":"response.output_text.delta","sequence_number":3,"item_id":"msg_1","output_index":0,"content_index":0,"delta":"Olá\\n👋","logprobs":[]}\n' +
        '\n',
    );
    expect(chunk).toEqual(expected);
    expect(chunk?.slice(-2)).toEqual(new Uint8Array([0x0a, 0x0a]));
  });

  it('sends nothing and closes for no events', async () => {
    expect(await readStream(toResponsesSSE(events()))).toEqual([]);
  });

  it('returns the event source when the reader cancels', async () => {
    let returned = false;
    async function* source(): AsyncGenerator<ResponseStreamEvent> {
      try {
        yield delta;
        yield failed;
      } finally {
        returned = true;
      }
    }
    const reader = toResponsesSSE(source()).getReader();
    await reader.read();
    await reader.cancel('client went away');
    expect(returned).toBe(true);
  });
});
