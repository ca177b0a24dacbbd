/**
 * Reading the many dialects of a Chat Completions stream. Every provider extends the OpenAI
 * delta in its own way; these readers turn one delta into plain, typed pieces, in the order the
 * provider meant them, and know nothing of the Responses events built from them.
 */
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { ResponseOutputText } from 'openai/resources/responses/responses';
import { isRecord, nonEmptyString } from './read-chunk';

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

type Delta = ChatCompletionChunk.Choice.Delta;

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
