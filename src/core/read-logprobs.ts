/**
 * Token log probabilities of a chunk (`choices[].logprobs.content`, when the request asked for
 * `logprobs`) → the Responses shape of `output_text.delta` and `output_text` parts.
 */
import type { ResponseOutputText } from 'openai/resources/responses/responses';
import { isRecord } from './read-chunk';

export type Logprob = ResponseOutputText.Logprob;

export function readLogprobs(logprobs: unknown): Logprob[] | undefined {
  if (!isRecord(logprobs) || !Array.isArray(logprobs.content)) return undefined;
  const result: Logprob[] = [];
  for (const entry of logprobs.content) {
    const logprob = readEntry(entry);
    if (logprob === undefined) continue;
    const top = isRecord(entry) && Array.isArray(entry.top_logprobs) ? entry.top_logprobs : [];
    result.push({
      ...logprob,
      top_logprobs: top.flatMap((candidate) => readEntry(candidate) ?? []),
    });
  }
  return result.length > 0 ? result : undefined;
}

function readEntry(entry: unknown): Omit<Logprob, 'top_logprobs'> | undefined {
  if (!isRecord(entry) || typeof entry.token !== 'string' || typeof entry.logprob !== 'number') {
    return undefined;
  }
  // Chat Completions sends `bytes: null` for tokens without a byte form; the spec wants a list.
  const bytes = Array.isArray(entry.bytes)
    ? entry.bytes.filter((byte): byte is number => typeof byte === 'number')
    : [];
  return { token: entry.token, logprob: entry.logprob, bytes };
}
