/**
 * What a compaction item (`POST /v1/responses/compact`) carries: the summary the upstream model
 * wrote of the turns it replaces. In the clear here, as the core reads it; the server seals it
 * for clients (`EnvelopeSealer`). Sent back as input, a compaction item becomes that summary.
 */
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { isRecord } from './read-chunk';

export interface CompactionEnvelope {
  summary: string;
}

const plainPrefix = 'responses-bridge:compaction:v1:';

export function encodeCompactionEnvelope(envelope: CompactionEnvelope): string {
  return `${plainPrefix}${JSON.stringify(envelope)}`;
}

/** The envelope an `encrypted_content` holds in the clear, or undefined for anything else. */
export function decodeCompactionEnvelope(value: unknown): CompactionEnvelope | undefined {
  if (typeof value !== 'string' || !value.startsWith(plainPrefix)) return undefined;
  try {
    return readCompactionEnvelope(JSON.parse(value.slice(plainPrefix.length)));
  } catch {
    return undefined;
  }
}

export function readCompactionEnvelope(json: unknown): CompactionEnvelope | undefined {
  return isRecord(json) && typeof json.summary === 'string' ? { summary: json.summary } : undefined;
}

/** The message a compaction item stands for upstream: the summary, said to be one. */
export function toCompactionMessage(envelope: CompactionEnvelope): ChatCompletionMessageParam {
  return {
    role: 'user',
    content: `${summaryPreamble}\n\n${envelope.summary}`,
  };
}

const summaryPreamble =
  'The earlier part of this conversation was compacted. This is the summary written of it, which stands for everything that came before:';

const summaryRequest = [
  'Write a summary of the conversation above for a model that will continue it with no other record of it.',
  "Keep the user's goals, instructions and constraints; decisions made and why; facts, names, numbers, file paths and code that were established; what the tools returned that still matters; and what remains to be done.",
  'Be complete but concise. Answer with the summary only.',
].join(' ');

/** The chat messages that ask the upstream model to summarize the conversation so far. */
export function toSummaryRequest(
  conversation: readonly ChatCompletionMessageParam[],
): ChatCompletionMessageParam[] {
  return [...conversation, { role: 'user', content: summaryRequest }];
}
