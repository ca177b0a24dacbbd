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
 * Converts a fixture deterministically: sequential ids, and a clock fixed at the recording's
 * time (`completed_at`, and `created_at` of the recordings that send `created: 0`: Azure,
 * Snowflake).
 */
export async function convertFixture(fixture: string): Promise<ResponseStreamEvent[]> {
  const chunks = readChatStream(fixture);
  return collect(
    toResponsesEvents(chunks, { generateId: sequentialIds(), currentDate: recordingClock(chunks) }),
  );
}

/** A clock that always reads the time of the recording (its first non-zero `created`). */
export function recordingClock(chunks: readonly { created?: number }[]): () => Date {
  const created = chunks.find((chunk) => (chunk.created ?? 0) > 0)?.created ?? 1700000000;
  return () => new Date(created * 1000);
}

export function toGoldenText(events: ResponseStreamEvent[]): string {
  return `${events.map((event) => JSON.stringify(event)).join('\n')}\n`;
}
