/** V4 stream parts and results → their V1 forms. */
import type {
  LanguageModelV4FinishReason,
  LanguageModelV4StreamPart,
  LanguageModelV4Usage,
  SharedV4ProviderMetadata,
  SharedV4Warning,
} from '@ai-sdk/provider';
import type {
  LanguageModelV1,
  LanguageModelV1CallWarning,
  LanguageModelV1FinishReason,
  LanguageModelV1FunctionToolCall,
  LanguageModelV1ProviderMetadata,
  LanguageModelV1Source,
  LanguageModelV1StreamPart,
} from '@ai-sdk/provider-v1';
import type { ReasoningMetadata, ToolCallMetadata } from '../../ai-sdk/part-metadata';
import { toLegacyWarning } from '../legacy-warnings';
import type { MetadataMemory } from './metadata-memory';

export type DoGenerateV1 = Awaited<ReturnType<LanguageModelV1['doGenerate']>>;
export type DoStreamV1 = Awaited<ReturnType<LanguageModelV1['doStream']>>;

const settingNames = new Set([
  'maxTokens',
  'temperature',
  'stopSequences',
  'topP',
  'topK',
  'presencePenalty',
  'frequencyPenalty',
  'responseFormat',
  'seed',
]);

export function toV1Warning(warning: SharedV4Warning): LanguageModelV1CallWarning {
  return toLegacyWarning<'topK'>(warning, settingNames);
}

export function toV1FinishReason(reason: LanguageModelV4FinishReason): LanguageModelV1FinishReason {
  return reason.unified === 'interrupted' ? 'other' : reason.unified;
}

export function toV1Usage(usage: LanguageModelV4Usage) {
  // ai 4 reports unknown usage as NaN.
  return {
    promptTokens: usage.inputTokens.total ?? Number.NaN,
    completionTokens: usage.outputTokens.total ?? Number.NaN,
  };
}

/** V4 stream parts → V1 stream parts, remembering what the next turn will need. */
export class StreamPartsToV1 {
  private readonly toolNames = new Map<string, string>();
  private readonly reasoningWithText = new Set<string>();

  constructor(
    private readonly metadataKey: string,
    private readonly memory: MetadataMemory,
  ) {}

  map(part: LanguageModelV4StreamPart, enqueue: (part: LanguageModelV1StreamPart) => void): void {
    switch (part.type) {
      case 'response-metadata':
        enqueue({
          type: 'response-metadata',
          ...(part.id !== undefined ? { id: part.id } : {}),
          ...(part.timestamp !== undefined ? { timestamp: part.timestamp } : {}),
          ...(part.modelId !== undefined ? { modelId: part.modelId } : {}),
        });
        break;
      case 'text-delta':
        enqueue({ type: 'text-delta', textDelta: part.delta });
        break;
      case 'reasoning-delta':
        if (part.delta !== '') this.reasoningWithText.add(part.id);
        enqueue({ type: 'reasoning', textDelta: part.delta });
        break;
      case 'reasoning-end': {
        const metadata = part.providerMetadata?.[this.metadataKey] as ReasoningMetadata | undefined;
        this.memory.rememberReasoning(metadata);
        const encrypted = metadata?.encryptedContent;
        if (encrypted) {
          enqueue(
            this.reasoningWithText.has(part.id)
              ? { type: 'reasoning-signature', signature: encrypted }
              : { type: 'redacted-reasoning', data: encrypted },
          );
        }
        this.reasoningWithText.delete(part.id);
        break;
      }
      case 'tool-input-start':
        this.toolNames.set(part.id, part.toolName);
        break;
      case 'tool-input-delta':
        enqueue({
          type: 'tool-call-delta',
          toolCallType: 'function',
          toolCallId: part.id,
          toolName: this.toolNames.get(part.id) ?? '',
          argsTextDelta: part.delta,
        });
        break;
      case 'tool-call':
        this.memory.rememberToolCall(
          part.toolCallId,
          part.providerMetadata?.[this.metadataKey] as ToolCallMetadata | undefined,
        );
        enqueue({ type: 'tool-call', ...toV1ToolCall(part) });
        break;
      case 'source':
        if (part.sourceType === 'url') enqueue({ type: 'source', source: toV1Source(part) });
        break;
      case 'finish':
        enqueue({
          type: 'finish',
          finishReason: toV1FinishReason(part.finishReason),
          usage: toV1Usage(part.usage),
          ...(part.providerMetadata !== undefined
            ? { providerMetadata: part.providerMetadata as LanguageModelV1ProviderMetadata }
            : {}),
        });
        break;
      case 'error':
        enqueue({ type: 'error', error: part.error });
        break;
      default:
        // stream-start (its warnings are returned from doStream), text and reasoning starts and
        // ends, tool input ends and raw parts have no V1 form.
        break;
    }
  }
}

export function toV1ToolCall(part: {
  toolCallId: string;
  toolName: string;
  input: string;
}): LanguageModelV1FunctionToolCall {
  return {
    toolCallType: 'function',
    toolCallId: part.toolCallId,
    toolName: part.toolName,
    args: part.input,
  };
}

export function toV1Source(part: {
  id: string;
  url: string;
  title?: string;
  providerMetadata?: SharedV4ProviderMetadata;
}): LanguageModelV1Source {
  return {
    sourceType: 'url',
    id: part.id,
    url: part.url,
    ...(part.title !== undefined ? { title: part.title } : {}),
    ...(part.providerMetadata !== undefined
      ? { providerMetadata: part.providerMetadata as LanguageModelV1ProviderMetadata }
      : {}),
  };
}

export function rawCall(body: unknown): DoStreamV1['rawCall'] {
  const { messages, ...rawSettings } = (body ?? {}) as Record<string, unknown>;
  return { rawPrompt: messages, rawSettings };
}
