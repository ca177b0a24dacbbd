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
  return readEnvelope(json);
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

/** The envelope in untrusted JSON, with every field checked; unknown fields are dropped. */
function readEnvelope(json: unknown): ReasoningEnvelope | undefined {
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

const sealedPrefix = 'rbe1.';
const additionalData = new TextEncoder().encode('responses-bridge reasoning envelope v1');

/** An `encrypted_content` that this server did not seal, or sealed with another key. */
export class InvalidEnvelopeError extends Error {
  constructor(
    message = 'The encrypted_content was not made by this server, or its secret changed since.',
  ) {
    super(message);
    this.name = 'InvalidEnvelopeError';
  }
}

/**
 * Seals envelopes for clients and opens the ones they send back: AES-GCM (WebCrypto), so a
 * client can neither read nor alter what it carries. The key is derived from a secret (stable
 * across restarts and instances) or random for the process.
 */
export class EnvelopeSealer {
  private constructor(private readonly key: CryptoKey) {}

  static async create(secret?: string): Promise<EnvelopeSealer> {
    const material =
      secret !== undefined && secret !== ''
        ? await crypto.subtle.digest('SHA-256', new TextEncoder().encode(secret))
        : crypto.getRandomValues(new Uint8Array(32));
    const key = await crypto.subtle.importKey('raw', material, 'AES-GCM', false, [
      'encrypt',
      'decrypt',
    ]);
    return new EnvelopeSealer(key);
  }

  async seal(envelope: ReasoningEnvelope): Promise<string> {
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const plain = new TextEncoder().encode(JSON.stringify(envelope));
    const sealed = new Uint8Array(
      await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData }, this.key, plain),
    );
    const bytes = new Uint8Array(iv.length + sealed.length);
    bytes.set(iv, 0);
    bytes.set(sealed, iv.length);
    return `${sealedPrefix}${toBase64Url(bytes)}`;
  }

  /** The envelope a client sent back; anything that does not authenticate is refused. */
  async open(value: string): Promise<ReasoningEnvelope> {
    if (!value.startsWith(sealedPrefix)) throw new InvalidEnvelopeError();
    let bytes: Uint8Array;
    try {
      bytes = fromBase64Url(value.slice(sealedPrefix.length));
    } catch {
      throw new InvalidEnvelopeError();
    }
    if (bytes.length < 12 + 16) throw new InvalidEnvelopeError();
    let plain: ArrayBuffer;
    try {
      plain = await crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: bytes.slice(0, 12), additionalData },
        this.key,
        bytes.slice(12),
      );
    } catch {
      throw new InvalidEnvelopeError();
    }
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder().decode(plain));
    } catch {
      throw new InvalidEnvelopeError();
    }
    const envelope = readEnvelope(json);
    if (envelope === undefined) throw new InvalidEnvelopeError();
    return envelope;
  }
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

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
