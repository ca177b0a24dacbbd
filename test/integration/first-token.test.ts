/**
 * Time to first token: nothing is buffered between the socket and the AI SDK. The upstream sends
 * one chunk with text and then nothing more (the connection stays open); the text part must come
 * out of `doStream` while the upstream is still silent, and the converter must hand out each
 * chunk's events before it asks for the next chunk.
 */
import { describe, expect, it } from 'vitest';
import { createResponsesBridge, toResponsesEvents } from '../../src/index';
import { chunk } from '../support/builders';

const encoder = new TextEncoder();

describe('time to first token', () => {
  it('the first text part leaves doStream before the upstream sends anything else', async () => {
    let upstream!: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        upstream = controller;
      },
    });
    const fetch: typeof globalThis.fetch = async () =>
      new Response(body, { headers: { 'content-type': 'text/event-stream' } });
    const model = createResponsesBridge({ baseURL: 'http://ttft.invalid/v1', apiKey: 'k', fetch })(
      'm',
    );

    upstream.enqueue(
      encoder.encode(
        `data: ${JSON.stringify(chunk({ delta: { role: 'assistant', content: 'Hel' } }))}\n\n`,
      ),
    );
    const { stream } = await model.doStream({
      prompt: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
    });
    const reader = stream.getReader();
    const seen: string[] = [];
    for (;;) {
      const { value } = await reader.read();
      seen.push(value!.type);
      if (value!.type === 'text-delta') {
        expect(value).toMatchObject({ delta: 'Hel' });
        break;
      }
    }
    expect(seen).toEqual(['stream-start', 'response-metadata', 'text-start', 'text-delta']);

    // Only now does the upstream go on; the second delta follows as promptly.
    upstream.enqueue(
      encoder.encode(`data: ${JSON.stringify(chunk({ delta: { content: 'lo' } }))}\n\n`),
    );
    expect((await reader.read()).value).toMatchObject({ type: 'text-delta', delta: 'lo' });
    upstream.close();
    await reader.cancel();
  });

  it('the converter yields a chunk’s events before it pulls the next chunk', async () => {
    const pulled: number[] = [];
    async function* chunks() {
      pulled.push(1);
      yield chunk({ delta: { role: 'assistant', content: 'A' } });
      pulled.push(2);
      yield chunk({ delta: { content: 'B' } });
    }
    const events = toResponsesEvents(chunks());
    const types: string[] = [];
    for await (const event of events) {
      types.push(event.type);
      if (event.type === 'response.output_text.delta') break;
    }
    expect(types.at(-1)).toBe('response.output_text.delta');
    expect(pulled).toEqual([1]);
  });
});
