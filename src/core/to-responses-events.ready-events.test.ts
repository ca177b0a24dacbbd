import type { ResponseStreamEvent } from 'openai/resources/responses/responses';
import { describe, expect, it } from 'vitest';
import { chunk } from '../../test/support/builders';
import { collect, sequentialIds } from '../../test/support/fixtures';
import { convertChunkStream, takeReadyEvents, toResponsesEvents } from './to-responses-events';

const chunks = () => [
  chunk({ delta: { role: 'assistant', content: 'A' } }),
  chunk({ delta: { content: 'B' } }),
  chunk({ delta: {}, finish_reason: 'stop' }),
];

/** A source whose batches are what one read of a body would give. */
function batched(batches: ReturnType<typeof chunks>[]) {
  return {
    sawDone: true,
    async *batches() {
      for (const batch of batches) yield batch;
    },
  };
}

describe('takeReadyEvents', () => {
  it('takes the rest of a read’s events at once; the generator goes on after them', async () => {
    const [first, second, third] = chunks();
    const expected = await collect(toResponsesEvents(chunks(), { generateId: sequentialIds() }));
    const { events } = convertChunkStream(batched([[first!, second!], [third!]]), {
      generateId: sequentialIds(),
    });
    const reads: ResponseStreamEvent[][] = [];
    for (;;) {
      const next = await events.next();
      if (next.done) break;
      reads.push([next.value, ...takeReadyEvents(events)]);
    }
    expect(reads.map((read) => read.map((event) => event.type))).toEqual([
      [
        'response.created',
        'response.in_progress',
        'response.output_item.added',
        'response.content_part.added',
        'response.output_text.delta',
        'response.output_text.delta',
      ],
      ['response.output_text.done', 'response.content_part.done', 'response.output_item.done'],
      // The end of the stream is a step of its own.
      ['response.completed'],
    ]);
    const all = reads.flat();
    expect(all.map((event) => event.sequence_number)).toEqual(all.map((_, index) => index));
    expect(all.map((event) => event.type)).toEqual(expected.map((event) => event.type));
  });

  it('takes nothing twice, and nothing from another iterator', async () => {
    const { events } = convertChunkStream(chunks(), { generateId: sequentialIds() });
    await events.next();
    expect(takeReadyEvents(events).map((event) => event.type)).toEqual([
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
    ]);
    expect(takeReadyEvents(events)).toEqual([]);
    expect((await events.next()).value).toMatchObject({ type: 'response.output_text.delta' });
    async function* other() {
      yield* [] as ResponseStreamEvent[];
    }
    expect(takeReadyEvents(other())).toEqual([]);
  });
});
