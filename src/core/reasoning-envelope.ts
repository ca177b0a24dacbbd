/**
 * The reasoning envelope: what a reasoning item must carry, beyond its text, to go back to the
 * provider it came from in that provider's dialect. It travels in the item's `encrypted_content`,
 * so any Responses client that keeps standard fields sends it back: every thinking block with
 * its signature and every redacted block, in order (Anthropic refuses a tool turn whose blocks
 * were altered), OpenRouter's reasoning details, the field the reasoning arrived in, and the
 * Gemini thought signatures of the calls that follow.
 *
 * The core writes it in the clear; `serve` seals it (see `sealReasoningEnvelope`) before a
 * client sees it, and refuses one that does not authenticate.
 */
import { isRecord } from './read-chunk';

/** The field a provider streams its reasoning in, and the one it is sent back in. */
export type ReasoningFormat =
  /** DeepSeek, Qwen, xAI, Z.ai, vLLM: `reasoning_content`. The default. */
  | 'reasoning_content'
  /** Groq, Ollama, OpenRouter: `reasoning`. */
  | 'reasoning'
  /** Anthropic through LiteLLM: `thinking_blocks`. */
  | 'thinking_blocks'
  /** OpenRouter, Snowflake: `reasoning_details`. */
  | 'reasoning_details';

export type ThinkingBlock =
  | { type: 'thinking'; thinking: string; signature?: string }
  | { type: 'redacted_thinking'; data: string };

/** One OpenRouter reasoning detail, with its streamed fragments joined. */
export interface ReasoningDetail {
  type: string;
  text?: string;
  summary?: string;
  signature?: string;
  data?: string;
  id?: string;
  format?: string;
  index?: number;
}

/** Where a tool call's Gemini thought signature goes back. */
export type ThoughtSignatureField =
  /** Gemini's own OpenAI endpoint: `extra_content.google.thought_signature`. */
  | 'extra_content'
  /** LiteLLM: `provider_specific_fields.thought_signature`. */
  | 'provider_specific_fields';

export interface ThoughtSignature {
  signature: string;
  field: ThoughtSignatureField;
}

export interface ReasoningEnvelope {
  format: ReasoningFormat;
  /** `thinking_blocks`: every block, in order. */
  blocks?: ThinkingBlock[];
  /** `reasoning_details`: every entry, in order. */
  details?: ReasoningDetail[];
  /** The reasoning text, when the envelope must not depend on the item's own text. */
  text?: string;
  /** Thought signatures of the calls that follow the reasoning, by call id. */
  thoughtSignatures?: Record<string, ThoughtSignature>;
}

const plainPrefix = 'responses-bridge:reasoning:v1:';

export function encodeReasoningEnvelope(envelope: ReasoningEnvelope): string {
  return `${plainPrefix}${JSON.stringify(envelope)}`;
}

/** The envelope an `encrypted_content` holds in the clear, or undefined for anything else. */
export function decodeReasoningEnvelope(value: unknown): ReasoningEnvelope | undefined {
  if (typeof value !== 'string' || !value.startsWith(plainPrefix)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(value.slice(plainPrefix.length));
  } catch {
    return undefined;
  }
  return readReasoningEnvelope(json);
}

export function isPlainReasoningEnvelope(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(plainPrefix);
}

const formats = new Set<string>([
  'reasoning_content',
  'reasoning',
  'thinking_blocks',
  'reasoning_details',
]);

/** The reasoning envelope in untrusted JSON, every field checked; unknown fields are dropped. */
export function readReasoningEnvelope(json: unknown): ReasoningEnvelope | undefined {
  if (!isRecord(json) || typeof json.format !== 'string' || !formats.has(json.format)) {
    return undefined;
  }
  const envelope: ReasoningEnvelope = { format: json.format as ReasoningFormat };
  if (Array.isArray(json.blocks)) envelope.blocks = json.blocks.flatMap(readBlock);
  if (Array.isArray(json.details)) envelope.details = json.details.flatMap(readDetail);
  if (typeof json.text === 'string') envelope.text = json.text;
  if (isRecord(json.thoughtSignatures)) {
    const signatures: Record<string, ThoughtSignature> = {};
    for (const [callId, value] of Object.entries(json.thoughtSignatures)) {
      if (
        isRecord(value) &&
        typeof value.signature === 'string' &&
        (value.field === 'extra_content' || value.field === 'provider_specific_fields')
      ) {
        signatures[callId] = { signature: value.signature, field: value.field };
      }
    }
    envelope.thoughtSignatures = signatures;
  }
  return envelope;
}

function readBlock(block: unknown): ThinkingBlock[] {
  if (!isRecord(block)) return [];
  if (block.type === 'redacted_thinking' && typeof block.data === 'string') {
    return [{ type: 'redacted_thinking', data: block.data }];
  }
  if (block.type === 'thinking' && typeof block.thinking === 'string') {
    return [
      {
        type: 'thinking',
        thinking: block.thinking,
        ...(typeof block.signature === 'string' ? { signature: block.signature } : {}),
      },
    ];
  }
  return [];
}

function readDetail(detail: unknown): ReasoningDetail[] {
  if (!isRecord(detail) || typeof detail.type !== 'string') return [];
  const result: ReasoningDetail = { type: detail.type };
  for (const key of ['text', 'summary', 'signature', 'data', 'id', 'format'] as const) {
    const value = detail[key];
    if (typeof value === 'string') result[key] = value;
  }
  if (typeof detail.index === 'number') result.index = detail.index;
  return [result];
}

/**
 * The whole of what a reasoning item must carry to go back upstream, whatever a client keeps of
 * it: its envelope (dialect, blocks, signatures) and its text.
 */
export function toSealableEnvelope(item: {
  summary?: ReadonlyArray<{ text: string }> | null;
  content?: ReadonlyArray<{ text: string }> | null;
  encrypted_content?: string | null;
}): ReasoningEnvelope {
  const envelope = decodeReasoningEnvelope(item.encrypted_content) ?? {
    format: 'reasoning_content',
  };
  if (
    envelope.blocks !== undefined ||
    envelope.details !== undefined ||
    envelope.text !== undefined
  ) {
    return envelope;
  }
  const content = (item.content ?? []).map((part) => part.text).join('\n\n');
  const text = content || (item.summary ?? []).map((part) => part.text).join('\n\n');
  return text === '' ? envelope : { ...envelope, text };
}
