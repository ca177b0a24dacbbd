import type { JSONObject, LanguageModelV4Usage } from '@ai-sdk/provider';
import type { ResponseUsage } from 'openai/resources/responses/responses';

/**
 * Responses usage → AI SDK usage. The converter has already reconciled the providers' ways of
 * counting (xAI's reasoning outside completion tokens, Gemini's unitemized thinking), so
 * `output_tokens` includes reasoning here and the text tokens are the rest. `raw` is the usage
 * the upstream sent, as sent.
 */
export function toUsage(
  usage: ResponseUsage | undefined,
  raw: Record<string, unknown> | undefined,
): LanguageModelV4Usage {
  if (usage == null) {
    return {
      inputTokens: {
        total: undefined,
        noCache: undefined,
        cacheRead: undefined,
        cacheWrite: undefined,
      },
      outputTokens: { total: undefined, text: undefined, reasoning: undefined },
      ...(raw !== undefined ? { raw: raw as JSONObject } : {}),
    };
  }
  const cacheRead = usage.input_tokens_details?.cached_tokens ?? 0;
  const cacheWrite = usage.input_tokens_details?.cache_write_tokens ?? 0;
  const reasoning = usage.output_tokens_details?.reasoning_tokens ?? 0;
  return {
    inputTokens: {
      total: usage.input_tokens,
      noCache: usage.input_tokens - cacheRead - cacheWrite,
      cacheRead,
      cacheWrite,
    },
    outputTokens: {
      total: usage.output_tokens,
      text: usage.output_tokens - reasoning,
      reasoning,
    },
    ...(raw !== undefined ? { raw: raw as JSONObject } : {}),
  };
}
