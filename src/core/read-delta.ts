/**
 * The one table of dialects: every provider extends the OpenAI delta in its own way, and this
 * reader turns one delta into plain, typed pieces, in the order the provider meant them. It
 * knows nothing of the Responses events built from them.
 *
 * | delta field                                   | piece                          |
 * |-----------------------------------------------|--------------------------------|
 * | `reasoning_content` (DeepSeek, Qwen, xAI, …)   | `summary`                      |
 * | `reasoning` (Groq, Ollama, OpenRouter)         | `reasoning`, format `reasoning` |
 * | `thinking_blocks` (Anthropic through LiteLLM)  | `thinking`, one per block      |
 * | `reasoning_details` (OpenRouter, Snowflake)    | `detail`, one per entry        |
 * | `content` as blocks (Mistral magistral)        | `text` and `reasoning`         |
 * | `content`, `refusal`, `annotations`            | `text`, `refusal`, `annotation` |
 */
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { UrlCitation } from './message-item';
import { isRecord, nonEmptyString } from './read-chunk';
import type { ReasoningDetail, ThinkingBlock } from './reasoning-envelope';

/** One piece of a delta, in the order it should appear in the output. */
export type DeltaPiece =
  /** `reasoning_content`: a reasoning summary. */
  | { kind: 'summary'; text: string }
  /** Reasoning text of no particular block: `reasoning`, Mistral thinking. */
  | { kind: 'reasoning'; text: string; format: 'reasoning' | undefined }
  /** A fragment of an Anthropic thinking block, or a whole redacted block. */
  | { kind: 'thinking'; block: ThinkingBlock }
  /**
   * A fragment of an OpenRouter reasoning detail (text, summary, signature or encrypted data).
   * `showSummary` is false when `reasoning_content` already carries the same summary.
   */
  | { kind: 'detail'; detail: ReasoningDetail; showSummary: boolean }
  | { kind: 'text'; text: string }
  | { kind: 'refusal'; text: string }
  | { kind: 'annotation'; annotation: UrlCitation };

type Delta = ChatCompletionChunk.Choice.Delta & Record<string, unknown>;

/**
 * The pieces of one delta. Providers repeat the same reasoning in several fields, and only one
 * is read: OpenRouter sends it in both `reasoning` and `reasoning_details`, LiteLLM in both
 * `reasoning_content` and `thinking_blocks`, vLLM in both `reasoning_content` and `reasoning`.
 * The signed form wins, since it is the one that must go back.
 */
export function readDeltaPieces(delta: ChatCompletionChunk.Choice.Delta): DeltaPiece[] {
  const pieces: DeltaPiece[] = [];
  const extra = delta as Delta;

  const summary = nonEmptyString(extra.reasoning_content);
  const thinkingFound = readThinkingBlocks(extra.thinking_blocks, pieces);
  const detailsFound =
    !thinkingFound && readReasoningDetails(extra.reasoning_details, pieces, summary === undefined);
  if (summary !== undefined && !thinkingFound) pieces.push({ kind: 'summary', text: summary });
  const reasoning = nonEmptyString(extra.reasoning);
  if (reasoning !== undefined && !thinkingFound && !detailsFound && reasoning !== summary) {
    pieces.push({ kind: 'reasoning', text: reasoning, format: 'reasoning' });
  }

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

/**
 * Anthropic `thinking_blocks` as LiteLLM streams them: `{type: "thinking", thinking, signature}`
 * fragments of the current block (its signature comes last), and whole
 * `{type: "redacted_thinking", data}` blocks. Whether any carried something.
 */
function readThinkingBlocks(blocks: unknown, pieces: DeltaPiece[]): boolean {
  if (!Array.isArray(blocks)) return false;
  let found = false;
  for (const block of blocks) {
    if (!isRecord(block)) continue;
    if (block.type === 'redacted_thinking') {
      const data = nonEmptyString(block.data);
      if (data !== undefined) {
        pieces.push({ kind: 'thinking', block: { type: 'redacted_thinking', data } });
        found = true;
      }
      continue;
    }
    const thinking = typeof block.thinking === 'string' ? block.thinking : '';
    const signature = nonEmptyString(block.signature);
    if (thinking === '' && signature === undefined) continue;
    pieces.push({
      kind: 'thinking',
      block: { type: 'thinking', thinking, ...(signature !== undefined ? { signature } : {}) },
    });
    found = true;
  }
  return found;
}

/**
 * OpenRouter (and Snowflake) `reasoning_details`: `reasoning.text` entries with text and/or a
 * signature, `reasoning.summary`, and `reasoning.encrypted` with opaque `data`, each with the
 * `index` of the entry it continues (fixtures openrouter-claude-sonnet-4.5-reasoning-details,
 * openrouter-o3-encrypted-reasoning). Whether any carried text.
 */
function readReasoningDetails(
  details: unknown,
  pieces: DeltaPiece[],
  showSummary: boolean,
): boolean {
  if (!Array.isArray(details)) return false;
  let textFound = false;
  for (const detail of details) {
    if (!isRecord(detail) || typeof detail.type !== 'string') continue;
    const text = nonEmptyString(detail.text);
    const summary = nonEmptyString(detail.summary);
    const signature = nonEmptyString(detail.signature);
    const data = nonEmptyString(detail.data);
    if (
      text === undefined &&
      summary === undefined &&
      signature === undefined &&
      data === undefined
    ) {
      continue;
    }
    if (text !== undefined) textFound = true;
    pieces.push({
      kind: 'detail',
      detail: {
        type: detail.type,
        ...(text !== undefined ? { text } : {}),
        ...(summary !== undefined ? { summary } : {}),
        ...(signature !== undefined ? { signature } : {}),
        ...(data !== undefined ? { data } : {}),
        ...(typeof detail.id === 'string' && detail.id !== '' ? { id: detail.id } : {}),
        ...(typeof detail.format === 'string' && detail.format !== ''
          ? { format: detail.format }
          : {}),
        ...(typeof detail.index === 'number' ? { index: detail.index } : {}),
      },
      showSummary,
    });
  }
  return textFound;
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
        if (thinking.length > 0)
          pieces.push({ kind: 'reasoning', text: thinking, format: undefined });
      } else if (Array.isArray(thinking)) {
        for (const inner of thinking) {
          const text = isRecord(inner) ? nonEmptyString(inner.text) : undefined;
          if (text !== undefined) pieces.push({ kind: 'reasoning', text, format: undefined });
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
