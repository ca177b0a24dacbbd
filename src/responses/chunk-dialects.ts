/**
 * Reading the many dialects of a Chat Completions stream. Every provider extends the OpenAI
 * delta in its own way; these readers turn one delta into plain, typed pieces, in the order the
 * provider meant them, and know nothing of the Responses events built from them.
 */
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { ResponseOutputText } from 'openai/resources/responses/responses';
import type { ChatUsage } from './convert-usage';

export type UrlCitation = ResponseOutputText.URLCitation;

/** One piece of a delta, in the order it should appear in the output. */
export type DeltaPiece =
  /** `reasoning_content` (DeepSeek, Qwen, xAI, Z.ai, vLLM, LiteLLM): a reasoning summary. */
  | { kind: 'summary'; text: string }
  /** `reasoning`, `thinking_blocks`, `reasoning_details`, Mistral thinking: reasoning text. */
  | { kind: 'reasoning'; text: string }
  /** A thinking signature or encrypted reasoning: the reasoning item's `encrypted_content`. */
  | { kind: 'encrypted'; value: string }
  | { kind: 'text'; text: string }
  | { kind: 'refusal'; text: string }
  | { kind: 'annotation'; annotation: UrlCitation };

export interface ToolCallDelta {
  index: number | undefined;
  /** Absent or empty when the provider leaves it out of continuation chunks. */
  id: string | undefined;
  name: string | undefined;
  arguments: string | undefined;
  thoughtSignature: string | undefined;
}

export interface ChunkError {
  code: string | null;
  message: string;
  param: string | null;
}

type Delta = ChatCompletionChunk.Choice.Delta;

/** A plain JSON object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmptyString(value: unknown): string | undefined {
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

/**
 * The pieces of one delta. `reasoning_content` becomes the summary; reasoning text comes from the
 * first of `thinking_blocks`, `reasoning`, `reasoning_details` that carries any, because providers
 * repeat the same text in several of them (OpenRouter sends it in both `reasoning` and
 * `reasoning_details`; vLLM and LiteLLM may send `reasoning` as an alias of `reasoning_content`).
 */
export function readDeltaPieces(delta: Delta): DeltaPiece[] {
  const pieces: DeltaPiece[] = [];
  const extra = delta as Delta & Record<string, unknown>;

  const summary = nonEmptyString(extra.reasoning_content);
  if (summary !== undefined) pieces.push({ kind: 'summary', text: summary });

  let reasoningFound = readThinkingBlocks(extra.thinking_blocks, pieces);
  const reasoning = nonEmptyString(extra.reasoning);
  if (!reasoningFound && reasoning !== undefined && reasoning !== summary) {
    pieces.push({ kind: 'reasoning', text: reasoning });
    reasoningFound = true;
  }
  readReasoningDetails(
    extra.reasoning_details,
    pieces,
    reasoningFound || reasoning !== undefined,
    summary !== undefined,
  );

  const content: unknown = extra.content;
  if (typeof content === 'string') {
    if (content.length > 0) pieces.push({ kind: 'text', text: content });
  } else if (Array.isArray(content)) {
    readContentBlocks(content, pieces);
  }

  // Snowflake sends `refusal: ""` on every chunk (fixture snowflake-claude-sonnet-4-6-reasoning-details).
  const refusal = nonEmptyString(extra.refusal);
  if (refusal !== undefined) pieces.push({ kind: 'refusal', text: refusal });

  const annotations: unknown = extra.annotations;
  if (Array.isArray(annotations)) {
    for (const annotation of annotations) {
      const citation = readUrlCitation(annotation);
      if (citation !== undefined) pieces.push({ kind: 'annotation', annotation: citation });
    }
  }
  return pieces;
}

/** Anthropic `thinking_blocks` as LiteLLM streams them: `{type, thinking, signature}`. */
function readThinkingBlocks(blocks: unknown, pieces: DeltaPiece[]): boolean {
  if (!Array.isArray(blocks)) return false;
  let found = false;
  for (const block of blocks) {
    if (!isRecord(block)) continue;
    const thinking = nonEmptyString(block.thinking);
    if (thinking !== undefined) {
      pieces.push({ kind: 'reasoning', text: thinking });
      found = true;
    }
    // redacted_thinking blocks carry their opaque payload in `data`.
    const signature = nonEmptyString(block.signature) ?? nonEmptyString(block.data);
    if (signature !== undefined) pieces.push({ kind: 'encrypted', value: signature });
  }
  return found;
}

/**
 * OpenRouter (and Snowflake) `reasoning_details`: `reasoning.text` entries with text and/or a
 * signature, `reasoning.summary`, and `reasoning.encrypted` with opaque `data`
 * (fixtures openrouter-claude-sonnet-4.5-reasoning-details, openrouter-o3-encrypted-reasoning).
 */
function readReasoningDetails(
  details: unknown,
  pieces: DeltaPiece[],
  hasReasoningText: boolean,
  hasSummary: boolean,
): void {
  if (!Array.isArray(details)) return;
  for (const detail of details) {
    if (!isRecord(detail)) continue;
    switch (detail.type) {
      case 'reasoning.text': {
        const text = nonEmptyString(detail.text);
        if (text !== undefined && !hasReasoningText) pieces.push({ kind: 'reasoning', text });
        const signature = nonEmptyString(detail.signature);
        if (signature !== undefined) pieces.push({ kind: 'encrypted', value: signature });
        break;
      }
      case 'reasoning.summary': {
        const text = nonEmptyString(detail.summary);
        if (text !== undefined && !hasSummary) pieces.push({ kind: 'summary', text });
        break;
      }
      case 'reasoning.encrypted': {
        const data = nonEmptyString(detail.data);
        if (data !== undefined) pieces.push({ kind: 'encrypted', value: data });
        break;
      }
    }
  }
}

/**
 * Mistral's magistral models send `content` as an array of blocks:
 * `{type: "thinking", thinking: [{type: "text", text}]}` and `{type: "text", text}`
 * (fixture mistral-magistral-medium-thinking-content-array).
 */
function readContentBlocks(blocks: unknown[], pieces: DeltaPiece[]): void {
  for (const block of blocks) {
    if (!isRecord(block)) continue;
    if (block.type === 'text') {
      const text = nonEmptyString(block.text);
      if (text !== undefined) pieces.push({ kind: 'text', text });
    } else if (block.type === 'thinking') {
      const thinking: unknown = block.thinking;
      if (typeof thinking === 'string') {
        if (thinking.length > 0) pieces.push({ kind: 'reasoning', text: thinking });
      } else if (Array.isArray(thinking)) {
        for (const inner of thinking) {
          const text = isRecord(inner) ? nonEmptyString(inner.text) : undefined;
          if (text !== undefined) pieces.push({ kind: 'reasoning', text });
        }
      }
    }
  }
}

/** `{type: "url_citation", url_citation: {url, title, start_index, end_index}}` (OpenRouter). */
function readUrlCitation(annotation: unknown): UrlCitation | undefined {
  if (!isRecord(annotation) || annotation.type !== 'url_citation') return undefined;
  const body = isRecord(annotation.url_citation) ? annotation.url_citation : annotation;
  const url = nonEmptyString(body.url);
  if (url === undefined) return undefined;
  return {
    type: 'url_citation',
    url,
    title: typeof body.title === 'string' ? body.title : '',
    start_index: typeof body.start_index === 'number' ? body.start_index : 0,
    end_index: typeof body.end_index === 'number' ? body.end_index : 0,
  };
}

/** Perplexity sends the sources of the answer as a top-level `citations` array of URLs. */
export function readCitations(chunk: ChatCompletionChunk): string[] | undefined {
  const citations: unknown = (chunk as ChatCompletionChunk & { citations?: unknown }).citations;
  if (!Array.isArray(citations)) return undefined;
  return citations.filter((url): url is string => typeof url === 'string' && url.length > 0);
}

export function readToolCallDeltas(delta: Delta): ToolCallDelta[] {
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
 * Gemini thought signatures: `extra_content.google.thought_signature` (Gemini's OpenAI
 * endpoint) or `provider_specific_fields.thought_signature` (LiteLLM).
 */
export function readThoughtSignature(source: Record<string, unknown>): string | undefined {
  const fields = source.provider_specific_fields;
  if (isRecord(fields)) {
    const signature = nonEmptyString(fields.thought_signature);
    if (signature !== undefined) return signature;
  }
  const extra = source.extra_content;
  if (isRecord(extra) && isRecord(extra.google)) {
    return nonEmptyString(extra.google.thought_signature);
  }
  return undefined;
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
