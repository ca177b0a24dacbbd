import type { CompletionUsage } from 'openai/resources/completions';
import type { ResponseUsage } from 'openai/resources/responses/responses';

/** Usage as providers send it: the OpenAI fields plus the extras some of them add. */
export type ChatUsage = CompletionUsage & {
  /** DeepSeek reports cache hits here as well as (or instead of) `prompt_tokens_details`. */
  prompt_cache_hit_tokens?: number | null;
};

/**
 * Chat Completions usage → Responses usage, normalised to the Responses API's invariants:
 * `output_tokens` includes the reasoning tokens, `reasoning_tokens ≤ output_tokens`,
 * `cached_tokens ≤ input_tokens` and `total_tokens = input_tokens + output_tokens`. Providers
 * count differently:
 * - xAI counts reasoning outside `completion_tokens` and inside `total_tokens`;
 * - Gemini leaves its thinking tokens out of `completion_tokens` without itemizing them;
 * - OpenRouter has sent `reasoning_tokens` above `completion_tokens` while `total_tokens` counts
 *   only `completion_tokens` (fixture openrouter-minimax-m2-in-stream-error): the total stands,
 *   and reasoning is capped at the output.
 * The usage as sent stays available to callers that want it (the AI SDK's `usage.raw`).
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
    // xAI: total = prompt + completion + reasoning (fixture xai-grok-3-mini-reasoning-tool-call).
    outputTokens = completionTokens + reportedReasoning;
  } else if (
    reportedReasoning === 0 &&
    unaccounted > 0 &&
    usage.completion_tokens_details == null
  ) {
    // Gemini: the rest of total_tokens is thinking
    // (fixture gemini-2.5-pro-tool-call-thought-signature).
    outputTokens = completionTokens + unaccounted;
    reasoningTokens = unaccounted;
  }
  reasoningTokens = Math.min(reasoningTokens, outputTokens);

  return {
    input_tokens: inputTokens,
    input_tokens_details: {
      cached_tokens: Math.min(cachedTokens, inputTokens),
      cache_write_tokens: usage.prompt_tokens_details?.cache_write_tokens ?? 0,
    },
    output_tokens: outputTokens,
    output_tokens_details: { reasoning_tokens: reasoningTokens },
    total_tokens: inputTokens + outputTokens,
  } as ResponseUsage;
}
