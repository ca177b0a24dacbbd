/**
 * The provider metadata this provider attaches to reasoning and tool-call parts, and reads back
 * from `providerOptions` when the AI SDK replays an earlier turn. It is the Responses item's own
 * replay data, carried as it is: the reasoning item's `encrypted_content` (the envelope with the
 * dialect, every thinking block and signature) and the function call's thought signature. What
 * the dialects mean is the core's business, not this layer's.
 */
import type { JSONObject, SharedV4ProviderMetadata } from '@ai-sdk/provider';
import type {
  Response,
  ResponseOutputText,
  ResponseReasoningItem,
} from 'openai/resources/responses/responses';
import type { ResponseFunctionToolCallWithSignature } from '../core/function-call-item';
import {
  decodeReasoningEnvelope,
  type ReasoningDetail,
  type ThinkingBlock,
  type ThoughtSignatureField,
} from '../core/reasoning-envelope';

export interface ReasoningMetadata {
  itemId?: string;
  /**
   * The reasoning item's `encrypted_content`: what it needs to go back in the dialect it came
   * in (Anthropic thinking blocks and their signatures, OpenRouter reasoning details, …). This
   * is what is read back; the fields below are views of it, for reading.
   */
  encryptedContent?: string;
  /** Anthropic's thinking blocks, in order, with their signatures and redacted data. */
  thinkingBlocks?: ThinkingBlock[];
  /** OpenRouter's reasoning details, in order. */
  reasoningDetails?: ReasoningDetail[];
}

export interface TextMetadata {
  itemId: string;
  /** The text is a refusal. */
  refusal?: true;
  /** The token log probabilities of the text, when the request asked for them. */
  logprobs?: ResponseOutputText.Logprob[];
}

export interface ToolCallMetadata {
  itemId?: string;
  /** Gemini's thought signature; Gemini 3 rejects a replayed call without it. */
  thoughtSignature?: string;
  /** Where the signature arrived, and where it is sent back. */
  thoughtSignatureField?: ThoughtSignatureField;
  /** The call is a custom tool's: its input is freeform text, given to the tool as a string. */
  customTool?: true;
}

export function reasoningMetadata(item: ResponseReasoningItem): ReasoningMetadata {
  const envelope = decodeReasoningEnvelope(item.encrypted_content);
  return {
    itemId: item.id,
    ...(item.encrypted_content ? { encryptedContent: item.encrypted_content } : {}),
    ...(envelope?.blocks !== undefined ? { thinkingBlocks: envelope.blocks } : {}),
    ...(envelope?.details !== undefined ? { reasoningDetails: envelope.details } : {}),
  };
}

export function toolCallMetadata(item: ResponseFunctionToolCallWithSignature): ToolCallMetadata {
  const fromGemini = item.extra_content?.google.thought_signature;
  const thoughtSignature = fromGemini ?? item.provider_specific_fields?.google.thought_signature;
  return {
    ...(item.id !== undefined ? { itemId: item.id } : {}),
    ...(thoughtSignature !== undefined
      ? {
          thoughtSignature,
          thoughtSignatureField:
            fromGemini !== undefined ? 'extra_content' : 'provider_specific_fields',
        }
      : {}),
  };
}

/** The text of a reasoning item the AI SDK shows: its summary, else its reasoning text. */
export function reasoningText(item: ResponseReasoningItem): string {
  if (item.summary.length > 0) return item.summary.map((part) => part.text).join('\n\n');
  return (item.content ?? []).map((part) => part.text).join('\n\n');
}

/** `providerMetadata` of the finish part and of `doGenerate`: the final Response and its id. */
export function responseMetadata(
  metadataKey: string,
  response: Response,
): SharedV4ProviderMetadata {
  return {
    [metadataKey]: { responseId: response.id, response: response as unknown as JSONObject },
  };
}

export function withKey(
  metadataKey: string,
  metadata: ReasoningMetadata | ToolCallMetadata | TextMetadata | Record<string, string | boolean>,
): SharedV4ProviderMetadata {
  return { [metadataKey]: metadata as JSONObject };
}
