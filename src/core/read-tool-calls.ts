/**
 * Tool-call deltas in every dialect, read into one plain shape; the converter decides which call
 * each one continues.
 */
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { isRecord, nonEmptyString } from './read-chunk';
import type { ThoughtSignature } from './reasoning-envelope';

export interface ToolCallDelta {
  index: number | undefined;
  /** Absent or empty when the provider leaves it out of continuation chunks. */
  id: string | undefined;
  name: string | undefined;
  arguments: string | undefined;
  thoughtSignature: ThoughtSignature | undefined;
}

export function readToolCallDeltas(delta: ChatCompletionChunk.Choice.Delta): ToolCallDelta[] {
  const toolCalls: unknown = delta.tool_calls;
  if (!Array.isArray(toolCalls)) return [];
  const result: ToolCallDelta[] = [];
  for (const toolCall of toolCalls) {
    if (!isRecord(toolCall)) continue;
    const fn = isRecord(toolCall.function) ? toolCall.function : undefined;
    result.push({
      // Mistral leaves out `index` (fixture mistral-small-tool-call).
      index: typeof toolCall.index === 'number' ? toolCall.index : undefined,
      // Alibaba repeats `id: ""` and GLM `name: ""` on continuation chunks.
      id: nonEmptyString(toolCall.id),
      name: nonEmptyString(fn?.name),
      arguments: typeof fn?.arguments === 'string' ? fn.arguments : undefined,
      thoughtSignature: readThoughtSignature(toolCall),
    });
  }
  return result;
}

/**
 * Gemini thought signatures, and the field they came in, which is where they go back:
 * `extra_content.google.thought_signature` (Gemini's OpenAI endpoint) or
 * `provider_specific_fields.thought_signature` (LiteLLM).
 */
export function readThoughtSignature(
  source: Record<string, unknown>,
): ThoughtSignature | undefined {
  const fields = source.provider_specific_fields;
  if (isRecord(fields)) {
    const signature = nonEmptyString(fields.thought_signature);
    if (signature !== undefined) return { signature, field: 'provider_specific_fields' };
  }
  const extra = source.extra_content;
  if (isRecord(extra) && isRecord(extra.google)) {
    const signature = nonEmptyString(extra.google.thought_signature);
    if (signature !== undefined) return { signature, field: 'extra_content' };
  }
  return undefined;
}
