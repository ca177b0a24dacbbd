/**
 * Tool-call deltas in every dialect, read into one plain shape; the converter decides which call
 * each one continues. Function calls (`tool_calls[].function`), custom tool calls
 * (`tool_calls[].custom`, freeform input) and the legacy `function_call` delta all read the same.
 */
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { isRecord, nonEmptyString } from './read-chunk';
import type { ThoughtSignature } from './reasoning-envelope';

export interface ToolCallDelta {
  /** `custom` for a custom tool's freeform input, else `function`. */
  kind: 'function' | 'custom';
  index: number | undefined;
  /** Absent or empty when the provider leaves it out of continuation chunks. */
  id: string | undefined;
  name: string | undefined;
  /** A fragment of the arguments (a function) or of the input (a custom tool). */
  arguments: string | undefined;
  thoughtSignature: ThoughtSignature | undefined;
}

/** Index of the legacy `function_call`: there is at most one, and it has no index of its own. */
export const legacyFunctionCallIndex = -1;

export function readToolCallDeltas(delta: ChatCompletionChunk.Choice.Delta): ToolCallDelta[] {
  const result: ToolCallDelta[] = [];
  const toolCalls: unknown = delta.tool_calls;
  if (Array.isArray(toolCalls)) {
    for (const toolCall of toolCalls) {
      if (isRecord(toolCall)) result.push(readToolCall(toolCall));
    }
  }
  // OpenAI's deprecated `function_call` (and `finish_reason: "function_call"`), still sent by
  // older servers and models.
  const legacy: unknown = (delta as { function_call?: unknown }).function_call;
  if (isRecord(legacy)) {
    result.push({
      kind: 'function',
      index: legacyFunctionCallIndex,
      id: undefined,
      name: nonEmptyString(legacy.name),
      arguments: typeof legacy.arguments === 'string' ? legacy.arguments : undefined,
      thoughtSignature: undefined,
    });
  }
  return result;
}

function readToolCall(toolCall: Record<string, unknown>): ToolCallDelta {
  const custom = isRecord(toolCall.custom) ? toolCall.custom : undefined;
  const fn = isRecord(toolCall.function) ? toolCall.function : undefined;
  const body = custom ?? fn;
  const fragment = custom !== undefined ? custom.input : fn?.arguments;
  return {
    kind: custom !== undefined || toolCall.type === 'custom' ? 'custom' : 'function',
    // Mistral leaves out `index` (fixture mistral-small-tool-call).
    index: typeof toolCall.index === 'number' ? toolCall.index : undefined,
    // Alibaba repeats `id: ""` and GLM `name: ""` on continuation chunks.
    id: nonEmptyString(toolCall.id),
    name: nonEmptyString(body?.name),
    arguments: typeof fragment === 'string' ? fragment : undefined,
    thoughtSignature: readThoughtSignature(toolCall),
  };
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
