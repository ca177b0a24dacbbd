/**
 * Reasoning items of an earlier turn → the fields of the assistant message that send them back,
 * in the dialect each arrived in (read from its envelope): `thinking_blocks` with every block
 * and signature in order, `reasoning_details` as OpenRouter sent them, `reasoning`, or
 * `reasoning_content` (DeepSeek requires it on tool-call turns, and it is the default for
 * reasoning of unknown origin, as in `@ai-sdk/openai-compatible`).
 */
import {
  decodeReasoningEnvelope,
  type ReasoningDetail,
  type ThinkingBlock,
  type ThoughtSignature,
} from './reasoning-envelope';

/** A reasoning input item, as a Responses client sends it back. */
export interface ReasoningInput {
  summary?: ReadonlyArray<{ text: string }> | null;
  content?: ReadonlyArray<{ text: string }> | null;
  encrypted_content?: string | null;
}

export interface ReplayedReasoning {
  /** Dialect fields of the assistant message. */
  fields: Record<string, unknown>;
  /** Gemini thought signatures the envelopes carried, by call id. */
  thoughtSignatures: Map<string, ThoughtSignature>;
}

export function toChatReasoning(items: readonly ReasoningInput[]): ReplayedReasoning {
  const blocks: ThinkingBlock[] = [];
  const details: ReasoningDetail[] = [];
  const reasoning: string[] = [];
  const reasoningContent: string[] = [];
  const thoughtSignatures = new Map<string, ThoughtSignature>();
  for (const item of items) {
    const envelope = decodeReasoningEnvelope(item.encrypted_content);
    for (const [callId, signature] of Object.entries(envelope?.thoughtSignatures ?? {})) {
      thoughtSignatures.set(callId, signature);
    }
    const text = envelope?.text ?? reasoningText(item);
    switch (envelope?.format) {
      case 'thinking_blocks':
        blocks.push(...(envelope.blocks ?? []));
        break;
      case 'reasoning_details':
        details.push(...(envelope.details ?? []));
        break;
      case 'reasoning':
        if (text) reasoning.push(text);
        break;
      default:
        if (text) reasoningContent.push(text);
        break;
    }
  }
  const fields: Record<string, unknown> = {};
  if (blocks.length > 0) fields.thinking_blocks = blocks;
  if (details.length > 0) fields.reasoning_details = details;
  if (reasoning.length > 0) fields.reasoning = reasoning.join('\n\n');
  if (reasoningContent.length > 0) fields.reasoning_content = reasoningContent.join('\n\n');
  return { fields, thoughtSignatures };
}

/** The text of a reasoning item: its reasoning text, else its summary. */
function reasoningText(item: ReasoningInput): string {
  const content = (item.content ?? []).map((part) => part.text).join('\n\n');
  return content || (item.summary ?? []).map((part) => part.text).join('\n\n');
}
