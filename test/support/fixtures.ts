/** The recorded provider payloads in test/fixtures (copied from shared/fixtures; see its README). */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { ChatCompletion, ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { ResponseStreamEvent } from 'openai/resources/responses/responses';

export const fixturesDir = join(import.meta.dirname, '..', 'fixtures');

function list(folder: string, ext: string): string[] {
  return readdirSync(join(fixturesDir, folder))
    .filter((file) => file.endsWith(ext))
    .map((file) => basename(file, ext))
    .sort();
}

export const chatStreamFixtures = list('chat-streams', '.jsonl');
export const chatCompletionFixtures = list('chat-completions', '.json');
export const responsesStreamFixtures = list('responses-streams', '.jsonl');

/** The raw `data:` payloads of a recorded chat stream, one per line, exactly as sent. */
export function readChatStreamLines(name: string): string[] {
  return readFileSync(join(fixturesDir, 'chat-streams', `${name}.jsonl`), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
}

export function readChatStream(name: string): ChatCompletionChunk[] {
  return readChatStreamLines(name).map((line) => JSON.parse(line) as ChatCompletionChunk);
}

export function readChatCompletion(name: string): ChatCompletion {
  return JSON.parse(
    readFileSync(join(fixturesDir, 'chat-completions', `${name}.json`), 'utf8'),
  ) as ChatCompletion;
}

export function readResponsesStream(name: string): ResponseStreamEvent[] {
  return readFileSync(join(fixturesDir, 'responses-streams', `${name}.jsonl`), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as ResponseStreamEvent);
}

/** Deterministic ids: `msg_0001`, `rs_0002`, … in order of creation. */
export function sequentialIds(): (prefix: string) => string {
  let counter = 0;
  return (prefix) => `${prefix}_${String(++counter).padStart(4, '0')}`;
}

/** Collects an async iterable into an array. */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}
