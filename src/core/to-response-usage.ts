import type { CompletionUsage } from 'openai/resources/completions';
import type { ResponseUsage } from 'openai/resources/responses/responses';

/** Usage as providers send it: the OpenAI fields plus the extras some of them add. */
export type ChatUsage = CompletionUsage & {
  /** DeepSeek reports cache hits here as well as (or instead of) `prompt_tokens_details`. */
  prompt_cache_hit_tokens?: number | null;
};

/**
 * Chat Completions usage → Responses usage. In the Responses API `output_tokens` includes the
 * reasoning tokens and `input_tokens + output_tokens = total_tokens`; some providers count
 * differently, and this restores that invariant.
 */
export function toResponseUsage(usage: ChatUsage): ResponseUsage {
  const inputTokens = usage.prompt_tokens ?? 0;
  const completionTokens = usage.completion_tokens ?? 0;
  const reportedTotal = usage.total_tokens ?? inputTokens + completionTokens;
  const reportedReasoning = usage.completion_tokens_details?.reasoning_tokens ?? 0;
  const cachedTokens =
    usage.prompt_tokens_details?.cached_tokens ?? usage.prompt_cache_hit_tokens ?? 0;

  let outputTokens = completionTokens;
  let reasoningTokens = reportedReasoning;
  const unaccounted = reportedTotal - inputTokens - completionTokens;
  if (reportedReasoning > 0 && unaccounted === reportedReasoning) {
    // xAI counts reasoning outside completion_tokens: total = prompt + completion + reasoning
    // (fixture xai-grok-3-mini-reasoning-tool-call).
    outputTokens = completionTokens + reportedReasoning;
  } else if (
    reportedReasoning === 0 &&
    unaccounted > 0 &&
    usage.completion_tokens_details == null
  ) {
    // Gemini's OpenAI endpoint leaves thinking tokens out of completion_tokens and does not
    // itemize them; they are the rest of total_tokens
    // (fixture gemini-2.5-pro-tool-call-thought-signature).
    outputTokens = completionTokens + unaccounted;
    reasoningTokens = unaccounted;
  }

  return {
    input_tokens: inputTokens,
    input_tokens_details: {
      cached_tokens: cachedTokens,
      cache_write_tokens: usage.prompt_tokens_details?.cache_write_tokens ?? 0,
    },
    output_tokens: outputTokens,
    output_tokens_details: { reasoning_tokens: reasoningTokens },
    total_tokens: Math.max(reportedTotal, inputTokens + outputTokens),
  };
}
