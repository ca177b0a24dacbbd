import fc from 'fast-check';
import type { ResponseStreamEvent } from 'openai/resources/responses/responses';
import { describe, expect, it } from 'vitest';
import { longStringLength, sliceLength, toSSEFrame } from './to-sse-frame';

const encoder = new TextEncoder();

/** The frame as one JSON.stringify of the event would make it. */
function whole(event: ResponseStreamEvent): Uint8Array {
  return encoder.encode(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
}

function chunksOf(event: ResponseStreamEvent): Uint8Array[] {
  const frame = toSSEFrame(event);
  return frame instanceof Uint8Array ? [frame] : [...frame];
}

/** Whether the chunks, end to end, are the bytes of the whole frame (compared as Buffers: fast). */
function isWhole(chunks: Uint8Array[], event: ResponseStreamEvent): boolean {
  return Buffer.concat(chunks).equals(whole(event));
}

function textDone(text: string): ResponseStreamEvent {
  return {
    type: 'response.output_text.done',
    sequence_number: 7,
    item_id: 'msg_1',
    output_index: 0,
    content_index: 0,
    text,
    logprobs: [],
  };
}

function completed(text: string, refusal: string): ResponseStreamEvent {
  return {
    type: 'response.completed',
    sequence_number: 9,
    response: {
      id: 'resp_1',
      output: [
        {
          id: 'msg_1',
          type: 'message',
          status: 'completed',
          role: 'assistant',
          content: [
            { type: 'output_text', text, annotations: [], logprobs: [] },
            { type: 'refusal', refusal },
          ],
        },
      ],
      output_text: text,
      metadata: { note: 'a "quoted" \\ note' },
    },
  } as unknown as ResponseStreamEvent;
}

describe('toSSEFrame', () => {
  it('writes an event without long strings as one chunk, the JSON of the whole event', () => {
    const event = textDone('Olá\n👋 "hi"');
    const frame = toSSEFrame(event);
    expect(frame).toBeInstanceOf(Uint8Array);
    expect(frame).toEqual(whole(event));
  });

  it('writes a long text a slice at a time, byte for byte as the whole event', () => {
    const text = 'x'.repeat(3 * sliceLength + 17);
    const event = textDone(text);
    const chunks = chunksOf(event);
    expect(chunks.length).toBeGreaterThan(4);
    expect(Math.max(...chunks.map((chunk) => chunk.length))).toBeLessThanOrEqual(sliceLength);
    expect(isWhole(chunks, event)).toBe(true);
  });

  it('keeps every long string of a snapshot in its place, and the JSON around them', () => {
    const text = `${'Olá 👋 '.repeat(longStringLength / 4)}\u0000\t"\\`;
    const event = completed(text, `${'no'.repeat(longStringLength)}\u2028`);
    expect(isWhole(chunksOf(event), event)).toBe(true);
  });

  it('never cuts a surrogate pair, and escapes lone surrogates as the whole string would', () => {
    for (const at of [sliceLength - 2, sliceLength - 1, sliceLength, sliceLength + 1]) {
      const pair = `${'a'.repeat(at)}😀${'b'.repeat(sliceLength)}`;
      const lone = `${'a'.repeat(at)}\ud800${'b'.repeat(sliceLength)}\udc00`;
      for (const text of [pair, lone]) {
        const event = textDone(text);
        expect(isWhole(chunksOf(event), event)).toBe(true);
      }
    }
  });

  it('matches JSON.stringify for any text around the slice boundaries', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), fc.nat(40), (tail, cut) => {
        const text = `${'é'.repeat(sliceLength - cut)}${tail}${'z'.repeat(longStringLength)}`;
        const event = textDone(text);
        expect(isWhole(chunksOf(event), event)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('writes a long delta whole: a delta is one upstream chunk', () => {
    const event = {
      type: 'response.output_text.delta',
      sequence_number: 3,
      item_id: 'msg_1',
      output_index: 0,
      content_index: 0,
      delta: 'x'.repeat(2 * sliceLength),
      logprobs: [],
    } as ResponseStreamEvent;
    expect(toSSEFrame(event)).toEqual(whole(event));
  });
});
