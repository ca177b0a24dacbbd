/**
 * Golden event sequences: one checked-in file per recorded chat stream, written by
 * `npm run golden:update`, reviewed in the diff and regenerated only on purpose.
 */
import { join } from 'node:path';
import type { ResponseStreamEvent } from 'openai/resources/responses/responses';
import { toResponsesEvents } from '../../src';
import { collect, readChatStream, sequentialIds } from './fixtures';

export const goldenDir = join(import.meta.dirname, '..', 'golden');

export function goldenPath(fixture: string): string {
  return join(goldenDir, `${fixture}.events.jsonl`);
}

/**
 * Converts a fixture deterministically: sequential ids, and a fixed `created_at` for the
 * recordings that send `created: 0` (Azure, Snowflake), which would otherwise take the clock.
 */
export async function convertFixture(fixture: string): Promise<ResponseStreamEvent[]> {
  const chunks = readChatStream(fixture);
  const created = chunks.find((chunk) => chunk.created > 0)?.created;
  return collect(
    toResponsesEvents(chunks, {
      generateId: sequentialIds(),
      ...(chunks[0]?.created ? {} : { response: { created_at: created ?? 1700000000 } }),
    }),
  );
}

export function toGoldenText(events: ResponseStreamEvent[]): string {
  return `${events.map((event) => JSON.stringify(event)).join('\n')}\n`;
}
