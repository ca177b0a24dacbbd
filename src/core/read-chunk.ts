/**
 * Reading the parts of a Chat Completions chunk that are not its delta: the choice to follow,
 * usage, citations and in-stream errors. Every field is untrusted; a reader returns `undefined`
 * for anything it does not recognise instead of throwing.
 */
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { ChatUsage } from './to-response-usage';

export interface ChunkError {
  code: string | null;
  message: string;
  param: string | null;
}

/** A plain JSON object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** The choice this converter follows: index 0 (or the first one when none says its index). */
export function primaryChoice(chunk: ChatCompletionChunk): ChatCompletionChunk.Choice | undefined {
  const choices: unknown = chunk.choices;
  if (!Array.isArray(choices) || choices.length === 0) return undefined;
  if (choices.length === 1) {
    return isRecord(choices[0]) ? (choices[0] as unknown as ChatCompletionChunk.Choice) : undefined;
  }
  for (const choice of choices) {
    if (isRecord(choice) && (choice.index === 0 || choice.index === undefined)) {
      return choice as unknown as ChatCompletionChunk.Choice;
    }
  }
  return undefined;
}

/** Perplexity sends the sources of the answer as a top-level `citations` array of URLs. */
export function readCitations(chunk: ChatCompletionChunk): string[] | undefined {
  const citations: unknown = (chunk as ChatCompletionChunk & { citations?: unknown }).citations;
  if (!Array.isArray(citations)) return undefined;
  return citations.filter((url): url is string => typeof url === 'string' && url.length > 0);
}

export function readUsage(chunk: ChatCompletionChunk): ChatUsage | undefined {
  if (isRecord(chunk.usage)) return cleanUsage(chunk.usage);
  // Groq has also sent usage only inside `x_groq` (fixture groq-llama-3.3-tool-call has both).
  const groq: unknown = (chunk as ChatCompletionChunk & { x_groq?: unknown }).x_groq;
  if (isRecord(groq) && isRecord(groq.usage)) return cleanUsage(groq.usage);
  return undefined;
}

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** The usage fields the converter reads, as numbers: anything else counts as absent. */
function cleanUsage(usage: Record<string, unknown>): ChatUsage {
  const prompt = isRecord(usage.prompt_tokens_details) ? usage.prompt_tokens_details : undefined;
  const completion = isRecord(usage.completion_tokens_details)
    ? usage.completion_tokens_details
    : undefined;
  return {
    prompt_tokens: count(usage.prompt_tokens) ?? 0,
    completion_tokens: count(usage.completion_tokens) ?? 0,
    total_tokens: count(usage.total_tokens) as number,
    prompt_tokens_details: prompt
      ? {
          cached_tokens: count(prompt.cached_tokens),
          cache_write_tokens: count(prompt.cache_write_tokens),
        }
      : undefined,
    completion_tokens_details: completion
      ? { reasoning_tokens: count(completion.reasoning_tokens) }
      : undefined,
    prompt_cache_hit_tokens: count(usage.prompt_cache_hit_tokens),
  } as ChatUsage;
}

/**
 * An error sent inside the stream: Groq's bare `{"error": {...}}` payload
 * (fixture groq-gpt-oss-120b-in-stream-error) or OpenRouter's `error` beside normal choices
 * (fixture openrouter-minimax-m2-in-stream-error).
 */
export function readChunkError(chunk: unknown): ChunkError | undefined {
  if (!isRecord(chunk)) return undefined;
  const error = chunk.error;
  // `error: ""` or `false` is not an error: a stream that sent it on every chunk must not fail.
  if (error === undefined || error === null || error === '' || error === false) return undefined;
  if (!isRecord(error)) {
    return {
      code: null,
      message: nonEmptyString(error) ?? 'The upstream provider sent an error in the stream.',
      param: null,
    };
  }
  const code = error.code ?? error.type;
  return {
    code: code === undefined || code === null ? null : String(code),
    message: nonEmptyString(error.message) ?? 'The upstream provider sent an error in the stream.',
    param: typeof error.param === 'string' ? error.param : null,
  };
}
