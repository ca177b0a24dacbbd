import type { LanguageModelV4StreamPart } from '@ai-sdk/provider';
import type { ResponseStreamEvent } from 'openai/resources/responses/responses';
import { describe, expect, it } from 'vitest';
import { chunk } from '../../test/support/builders';
import { chatStreamFixtures, readChatStreamLines } from '../../test/support/fixtures';
import { readStream } from '../../test/support/stream-parts';
import { type ChunkStreamFacts, convertChunkStream } from '../core/to-responses-events';
import { ChatChunkStream } from '../upstream/read-chat-stream';
import { CallSignal } from './call-signal';
import { type PartStreamOptions, toPartStream } from './to-part-stream';
import { StreamPartsMapper } from './to-stream-parts';

const encoder = new TextEncoder();

/** The fixture's SSE body, in reads of `readSize` bytes. */
function body(lines: string[], readSize: number): ReadableStream<Uint8Array> {
  const bytes = encoder.encode(
    `${lines.map((line) => `data: ${line}\n\n`).join('')}data: [DONE]\n\n`,
  );
  return new ReadableStream({
    start(controller) {
      for (let at = 0; at < bytes.length; at += readSize) {
        controller.enqueue(bytes.subarray(at, at + readSize));
      }
      controller.close();
    },
  });
}

function ids() {
  let counter = 0;
  return {
    generateId: (prefix: string) => `${prefix}_${++counter}`,
    currentDate: () => new Date(1_700_000_000_000),
  };
}

function mapperOptions(facts: ChunkStreamFacts) {
  return { metadataKey: 'bridge', includeRawChunks: true, facts, toError: () => 'error' };
}

function partStream(
  events: AsyncGenerator<ResponseStreamEvent, void, undefined>,
  facts: ChunkStreamFacts,
  overrides: Partial<PartStreamOptions> = {},
): ReadableStream<LanguageModelV4StreamPart> {
  return toPartStream({
    head: [],
    events,
    warnings: [],
    signal: undefined,
    call: new CallSignal(undefined),
    abortReason: (signal) => (signal?.aborted ? signal.reason : undefined),
    onEvent: undefined,
    onResponse: undefined,
    mapper: mapperOptions(facts),
    ...overrides,
  });
}

/** The parts of each event mapped one at a time, the way the stream must still make them. */
async function partsOneByOne(lines: string[]): Promise<LanguageModelV4StreamPart[]> {
  const { events, facts } = convertChunkStream(new ChatChunkStream(body(lines, 1 << 30)), ids());
  const mapper = new StreamPartsMapper(mapperOptions(facts));
  const parts: LanguageModelV4StreamPart[] = [{ type: 'stream-start', warnings: [] }];
  for await (const event of events) mapper.map(event, (part) => parts.push(part));
  return parts;
}

describe('toPartStream', () => {
  it.each(chatStreamFixtures)(
    'makes the same parts from whole reads as event by event: %s',
    async (name) => {
      const lines = readChatStreamLines(name);
      const expected = await partsOneByOne(lines);
      for (const readSize of [1 << 30, 256]) {
        const { events, facts } = convertChunkStream(
          new ChatChunkStream(body(lines, readSize)),
          ids(),
        );
        expect(await readStream(partStream(events, facts))).toEqual(expected);
      }
    },
  );

  it('hands out every part of a read while the next read is still to come', async () => {
    let upstream!: ReadableStreamDefaultController<Uint8Array>;
    const source = new ReadableStream<Uint8Array>({
      start(controller) {
        upstream = controller;
      },
    });
    const send = (...deltas: string[]) =>
      upstream.enqueue(
        encoder.encode(
          deltas
            .map((content) => `data: ${JSON.stringify(chunk({ delta: { content } }))}\n\n`)
            .join(''),
        ),
      );
    const { events, facts } = convertChunkStream(new ChatChunkStream(source), ids());
    const reader = partStream(events, facts, {
      mapper: { ...mapperOptions(facts), includeRawChunks: false },
    }).getReader();
    send('A', 'B', 'C');
    const deltas: string[] = [];
    while (deltas.length < 3) {
      const { value } = await reader.read();
      if (value?.type === 'text-delta') deltas.push(value.delta);
    }
    expect(deltas).toEqual(['A', 'B', 'C']);
    send('D');
    let next = await reader.read();
    while (next.value?.type !== 'text-delta') next = await reader.read();
    expect(next.value).toMatchObject({ delta: 'D' });
    upstream.close();
    await reader.cancel();
  });

  it('stops at the event during which the call was aborted, with its reason', async () => {
    const controller = new AbortController();
    const reason = new Error('stopped');
    const lines = ['A', 'B', 'C', 'D'].map((content) =>
      JSON.stringify(chunk({ delta: { content } })),
    );
    const { events, facts } = convertChunkStream(new ChatChunkStream(body(lines, 1 << 30)), ids());
    const seen: string[] = [];
    const stream = partStream(events, facts, {
      signal: controller.signal,
      onEvent: (event) => {
        if (event.type !== 'response.output_text.delta') return;
        seen.push(event.delta);
        if (event.delta === 'B') controller.abort(reason);
      },
    });
    await expect(readStream(stream)).rejects.toBe(reason);
    expect(seen).toEqual(['A', 'B']);
  });
});
