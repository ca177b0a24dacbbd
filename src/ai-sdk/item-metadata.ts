/**
 * The provider metadata this provider attaches to reasoning and tool-call parts, and reads back
 * from `providerOptions` when the AI SDK replays an earlier turn. Everything a provider needs to
 * continue a turn (signatures, encrypted reasoning, the dialect they came in) travels here.
 */
import type { JSONObject, SharedV4ProviderMetadata } from '@ai-sdk/provider';
import type { Response, ResponseReasoningItem } from 'openai/resources/responses/responses';
import type { ResponseFunctionToolCallWithSignature } from '../core/function-call-item';
import type { ReasoningFormat, ReplayDialect, ThoughtSignatureField } from './chunk-observer';

export interface ReasoningMetadata {
  itemId?: string;
  /** The field the reasoning arrived in, and the one it is sent back in. */
  reasoningFormat?: ReasoningFormat;
  /** OpenRouter's `format` of its reasoning details. */
  reasoningDetailsFormat?: string;
  /**
   * The reasoning item's `encrypted_content`: Anthropic's thinking signature (through LiteLLM or
   * OpenRouter), or OpenRouter's encrypted reasoning data.
   */
  encryptedContent?: string;
}

export interface ToolCallMetadata {
  itemId?: string;
  /** Gemini's thought signature; Gemini 3 rejects a replayed call without it. */
  thoughtSignature?: string;
  /** Where the signature arrived, and where it is sent back. */
  thoughtSignatureField?: ThoughtSignatureField;
}

export function reasoningMetadata(
  item: ResponseReasoningItem,
  dialect: ReplayDialect,
): ReasoningMetadata {
  return {
    itemId: item.id,
    ...(dialect.reasoningFormat !== undefined ? { reasoningFormat: dialect.reasoningFormat } : {}),
    ...(dialect.reasoningDetailsFormat !== undefined
      ? { reasoningDetailsFormat: dialect.reasoningDetailsFormat }
      : {}),
    ...(item.encrypted_content ? { encryptedContent: item.encrypted_content } : {}),
  };
}

export function toolCallMetadata(
  item: ResponseFunctionToolCallWithSignature,
  dialect: ReplayDialect,
): ToolCallMetadata {
  const thoughtSignature = item.provider_specific_fields?.google.thought_signature;
  return {
    ...(item.id !== undefined ? { itemId: item.id } : {}),
    ...(thoughtSignature !== undefined
      ? {
          thoughtSignature,
          thoughtSignatureField: dialect.thoughtSignatureField ?? 'extra_content',
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
  metadata: ReasoningMetadata | ToolCallMetadata | Record<string, string | boolean>,
): SharedV4ProviderMetadata {
  return { [metadataKey]: metadata as JSONObject };
}
