/**
 * Reading the parts of a Chat Completions chunk that are not its delta: the choice to follow,
 * usage, citations and in-stream errors. Every field is untrusted; a reader returns `undefined`
 * for anything it does not recognise instead of throwing.
 */
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { ChatUsage } from './to-response-usage';

export interface ChunkError {
  /** The error type (`server_error`, `rate_limit_error`, or the upstream's own). */
  type?: string;
  code: string | null;
  message: string;
  param: string | null;
  /** The HTTP status the error stands for, when it names one. */
  status?: number;
  /** The upstream's error payload, as sent. */
  payload?: unknown;
}

/** A plain JSON object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/**
 * Which choice of a stream the converter follows: a Response has one output. Usually every
 * chunk has one choice with index 0. With `n > 1` each chunk carries one choice with its own
 * index (OpenAI interleaves them): the first is followed, the others are left out. Some servers
 * number the one choice of a stream differently: 1 throughout, or a new index per chunk (old
 * TGI, foundry-local: 1, 2, 3, …); that is still one choice and is followed whole.
 */
export class ChoiceSelector {
  private first: number | undefined;
  private last: number | undefined;
  /** Set once another choice has shown itself: from then on only the first index counts. */
  private several = false;
  /** Set once the followed choice finished: a fresh index after that is another choice. */
  finished = false;

  select(chunk: ChatCompletionChunk): ChatCompletionChunk.Choice | undefined {
    const choices: unknown = chunk.choices;
    if (!Array.isArray(choices) || choices.length === 0) return undefined;
    if (choices.length > 1) return this.selectAmong(choices);
    const choice = choices[0];
    if (!isRecord(choice)) return undefined;
    const index = typeof choice.index === 'number' ? choice.index : undefined;
    if (index === undefined || this.first === undefined) {
      this.first ??= index;
      this.last ??= index;
      return choice as unknown as ChatCompletionChunk.Choice;
    }
    if (this.several)
      return index === this.first ? (choice as unknown as ChatCompletionChunk.Choice) : undefined;
    // One index throughout (0, or 1 for some servers): one choice.
    if (index === this.first && this.last === this.first) {
      return choice as unknown as ChatCompletionChunk.Choice;
    }
    if (index > this.last! && !this.finished) {
      // A new, higher index while the followed choice is open: a server that numbers chunks,
      // or the role chunk that opens the next of several choices (it carries no content).
      this.last = index;
      return choice as unknown as ChatCompletionChunk.Choice;
    }
    // An index seen before (or a fresh one after the end): several choices are interleaved. A
    // server that numbers chunks never repeats one, so a repeat of the last index, too, is the
    // next choice going on (OpenAI n: 2 sends [0] [1] [1] [0] as freely as [0] [1] [0] [1]).
    this.several = true;
    return index === this.first ? (choice as unknown as ChatCompletionChunk.Choice) : undefined;
  }

  /** A chunk with several choices: the followed one, or the lowest index when none is yet. */
  private selectAmong(choices: unknown[]): ChatCompletionChunk.Choice | undefined {
    this.several = true;
    let chosen: Record<string, unknown> | undefined;
    let chosenIndex = Number.POSITIVE_INFINITY;
    for (const choice of choices) {
      if (!isRecord(choice)) continue;
      const index = typeof choice.index === 'number' ? choice.index : 0;
      if (this.first !== undefined) {
        if (index === this.first) return choice as unknown as ChatCompletionChunk.Choice;
      } else if (index < chosenIndex) {
        chosen = choice;
        chosenIndex = index;
      }
    }
    if (chosen === undefined) return undefined;
    this.first = chosenIndex;
    this.last = chosenIndex;
    return chosen as unknown as ChatCompletionChunk.Choice;
  }
}

/** The sources an answer cites: their URLs in order, and titles where the upstream gave them. */
export interface Citations {
  urls: string[];
  titles: Map<string, string>;
}

/**
 * Perplexity sends the sources of the answer as a top-level `citations` array of URLs, and in
 * newer versions `search_results` with their titles.
 */
export function readCitations(chunk: ChatCompletionChunk): Citations | undefined {
  const { citations, search_results: results } = chunk as ChatCompletionChunk & {
    citations?: unknown;
    search_results?: unknown;
  };
  if (!Array.isArray(citations)) return undefined;
  const titles = new Map<string, string>();
  if (Array.isArray(results)) {
    for (const result of results) {
      if (isRecord(result) && typeof result.url === 'string' && typeof result.title === 'string') {
        titles.set(result.url, result.title);
      }
    }
  }
  return {
    urls: citations.filter((url): url is string => typeof url === 'string' && url.length > 0),
    titles,
  };
}

export function readUsage(chunk: ChatCompletionChunk): ChatUsage | undefined {
  if (isRecord(chunk.usage)) return cleanUsage(chunk.usage);
  // Groq has also sent usage only inside `x_groq` (fixture groq-llama-3.3-tool-call has both).
  const groq: unknown = (chunk as ChatCompletionChunk & { x_groq?: unknown }).x_groq;
  if (isRecord(groq) && isRecord(groq.usage)) return cleanUsage(groq.usage);
  return undefined;
}

/** A token count: the spec's usage fields are integers, so a fraction or junk is no count. */
function count(value: unknown): number | undefined {
  return Number.isSafeInteger(value) && (value as number) >= 0 ? (value as number) : undefined;
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
      payload: error,
    };
  }
  const code = error.code ?? error.type;
  const status = [error.status_code, error.status, error.code].find(
    (value): value is number => typeof value === 'number' && value >= 100 && value < 600,
  );
  return {
    ...(typeof error.type === 'string' && error.type !== '' ? { type: error.type } : {}),
    code: code === undefined || code === null ? null : String(code),
    message: nonEmptyString(error.message) ?? 'The upstream provider sent an error in the stream.',
    param: typeof error.param === 'string' ? error.param : null,
    ...(status !== undefined ? { status } : {}),
    payload: error,
  };
}
