/**
 * LanguageModelV1 has no per-part metadata: the dialect and Gemini signature of a tool call are
 * remembered here between the turns of a tool loop, keyed by call id (and a reasoning part's
 * metadata by its signature, which is the envelope itself).
 */
import type { ReasoningMetadata, ToolCallMetadata } from '../../ai-sdk/part-metadata';
import type { V1MetadataMemory } from './to-v4-call-options';

/** Bounded: a long-running server must not grow without limit. */
const memoryLimit = 10_000;

export class MetadataMemory implements V1MetadataMemory {
  private readonly entries = new Map<string, ReasoningMetadata | ToolCallMetadata>();

  remember(key: string, metadata: ReasoningMetadata | ToolCallMetadata): void {
    this.entries.delete(key);
    this.entries.set(key, metadata);
    if (this.entries.size > memoryLimit) {
      this.entries.delete(this.entries.keys().next().value as string);
    }
  }

  reasoning(signature: string): ReasoningMetadata | undefined {
    return this.entries.get(`reasoning:${signature}`) as ReasoningMetadata | undefined;
  }

  toolCall(toolCallId: string): ToolCallMetadata | undefined {
    return this.entries.get(`tool-call:${toolCallId}`) as ToolCallMetadata | undefined;
  }

  rememberReasoning(metadata: ReasoningMetadata | undefined): void {
    if (metadata?.encryptedContent)
      this.remember(`reasoning:${metadata.encryptedContent}`, metadata);
  }

  rememberToolCall(toolCallId: string, metadata: ToolCallMetadata | undefined): void {
    if (metadata?.thoughtSignature) this.remember(`tool-call:${toolCallId}`, metadata);
  }
}
