import type { LanguageModelV4FinishReason } from '@ai-sdk/provider';
import type { Response } from 'openai/resources/responses/responses';

const stopReasons = new Set(['stop', 'end_turn', 'stop_sequence', 'eos']);

/**
 * The AI SDK finish reason of a final Response. `raw` is the finish reason the upstream sent, as
 * sent. A completed response that called functions ends with `tool-calls` whatever the upstream
 * said (Ollama and some vLLM versions say `stop`); a refusal ends with `content-filter`, as in
 * `@ai-sdk/openai-compatible`; a stream that ended normally without any finish reason
 * (fixture snowflake-claude-sonnet-4-6-reasoning-details) ends with `stop`.
 */
export function toFinishReason(
  response: Response,
  raw: string | undefined,
): LanguageModelV4FinishReason {
  return { unified: unifiedFinishReason(response, raw), raw };
}

function unifiedFinishReason(
  response: Response,
  raw: string | undefined,
): LanguageModelV4FinishReason['unified'] {
  switch (response.status) {
    case 'failed':
      return 'error';
    case 'incomplete':
      switch (response.incomplete_details?.reason) {
        case 'max_output_tokens':
          return 'length';
        case 'content_filter':
          return 'content-filter';
        default:
          return 'other';
      }
    default: {
      let hasRefusal = false;
      for (const item of response.output) {
        if (item.type === 'function_call') return 'tool-calls';
        if (item.type === 'message' && item.content.some((part) => part.type === 'refusal')) {
          hasRefusal = true;
        }
      }
      if (hasRefusal) return 'content-filter';
      if (raw === undefined || stopReasons.has(raw)) return 'stop';
      if (raw === 'tool_calls' || raw === 'function_call') return 'tool-calls';
      return 'other';
    }
  }
}
