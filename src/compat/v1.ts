/**
 * `responses-bridge/v1`: the provider for ai 4 (LanguageModelV1). V1 is a different API, so this
 * is a full translation over the V4 model: `text-delta` with `textDelta`, `reasoning` plus
 * `reasoning-signature` / `redacted-reasoning`, `tool-call-delta` and `tool-call` with `args`,
 * usage as `{promptTokens, completionTokens}`, warnings and `rawCall` returned from `doStream`.
 * The logic (request, conversion, errors) is the V4 model's.
 */

import type {
  LanguageModelV4FinishReason,
  LanguageModelV4StreamPart,
  LanguageModelV4Usage,
  SharedV4ProviderMetadata,
  SharedV4Warning,
} from '@ai-sdk/provider';
import type {
  LanguageModelV1,
  LanguageModelV1CallOptions,
  LanguageModelV1CallWarning,
  LanguageModelV1FinishReason,
  LanguageModelV1FunctionToolCall,
  LanguageModelV1ProviderMetadata,
  LanguageModelV1Source,
  LanguageModelV1StreamPart,
  ProviderV1,
} from '@ai-sdk/provider-v1';
import type { ReasoningMetadata, ToolCallMetadata } from '../ai-sdk/part-metadata';
import { providerFunction } from '../ai-sdk/provider-function';
import type { ResponsesBridgeLanguageModel } from '../ai-sdk/responses-bridge-language-model';
import { createResponsesBridge as createV4 } from '../ai-sdk/responses-bridge-provider';
import type {
  ResponsesBridgeModelId,
  ResponsesBridgeSettings,
} from '../ai-sdk/responses-bridge-settings';
import { toLegacyWarning } from './legacy-warnings';
import { toV4CallOptionsFromV1, type V1MetadataMemory } from './v1-call-options';
import { WrappedModel } from './wrapped-model';

type DoGenerateV1 = Awaited<ReturnType<LanguageModelV1['doGenerate']>>;
type DoStreamV1 = Awaited<ReturnType<LanguageModelV1['doStream']>>;

/** Bounded: a long-running server must not grow without limit. */
const memoryLimit = 10_000;

class MetadataMemory implements V1MetadataMemory {
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

function toV1Warning(warning: SharedV4Warning): LanguageModelV1CallWarning {
  return toLegacyWarning<'topK'>(warning, settingNames);
}

function toV1FinishReason(reason: LanguageModelV4FinishReason): LanguageModelV1FinishReason {
  return reason.unified === 'interrupted' ? 'other' : reason.unified;
}

function toV1Usage(usage: LanguageModelV4Usage) {
  // ai 4 reports unknown usage as NaN.
  return {
    promptTokens: usage.inputTokens.total ?? Number.NaN,
    completionTokens: usage.outputTokens.total ?? Number.NaN,
  };
}

/** V4 stream parts → V1 stream parts, remembering what the next turn will need. */
class StreamPartsToV1 {
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

function toV1ToolCall(part: {
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

function toV1Source(part: {
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

function rawCall(body: unknown): DoStreamV1['rawCall'] {
  const { messages, ...rawSettings } = (body ?? {}) as Record<string, unknown>;
  return { rawPrompt: messages, rawSettings };
}

export class ResponsesBridgeLanguageModelV1 extends WrappedModel implements LanguageModelV1 {
  readonly specificationVersion = 'v1';
  readonly defaultObjectGenerationMode = 'json';
  readonly supportsStructuredOutputs = true;
  readonly supportsImageUrls = false;
  private readonly metadataKey: string;
  private readonly memory: MetadataMemory;

  constructor(model: ResponsesBridgeLanguageModel, metadataKey: string, memory: MetadataMemory) {
    super(model);
    this.metadataKey = metadataKey;
    this.memory = memory;
  }

  async doGenerate(options: LanguageModelV1CallOptions): Promise<DoGenerateV1> {
    const result = await this.model.doGenerate(
      toV4CallOptionsFromV1(options, this.metadataKey, this.memory),
    );
    let text: string | undefined;
    const reasoning: Exclude<DoGenerateV1['reasoning'], string | undefined> = [];
    const toolCalls: LanguageModelV1FunctionToolCall[] = [];
    const sources: LanguageModelV1Source[] = [];
    for (const part of result.content) {
      switch (part.type) {
        case 'text':
          text = (text ?? '') + part.text;
          break;
        case 'reasoning': {
          const metadata = part.providerMetadata?.[this.metadataKey] as
            | ReasoningMetadata
            | undefined;
          this.memory.rememberReasoning(metadata);
          const encrypted = metadata?.encryptedContent;
          if (part.text === '' && encrypted) reasoning.push({ type: 'redacted', data: encrypted });
          else {
            reasoning.push({
              type: 'text',
              text: part.text,
              ...(encrypted ? { signature: encrypted } : {}),
            });
          }
          break;
        }
        case 'tool-call':
          this.memory.rememberToolCall(
            part.toolCallId,
            part.providerMetadata?.[this.metadataKey] as ToolCallMetadata | undefined,
          );
          toolCalls.push(toV1ToolCall(part));
          break;
        case 'source':
          if (part.sourceType === 'url') sources.push(toV1Source(part));
          break;
        default:
          break;
      }
    }
    const body = result.request?.body;
    return {
      ...(text !== undefined ? { text } : {}),
      ...(reasoning.length > 0 ? { reasoning } : {}),
      ...(toolCalls.length > 0 ? { toolCalls } : {}),
      ...(sources.length > 0 ? { sources } : {}),
      finishReason: toV1FinishReason(result.finishReason),
      usage: toV1Usage(result.usage),
      rawCall: rawCall(body),
      rawResponse: {
        ...(result.response?.headers !== undefined
          ? { headers: result.response.headers as Record<string, string> }
          : {}),
        ...(result.response?.body !== undefined ? { body: result.response.body } : {}),
      },
      request: { body: JSON.stringify(body) },
      response: {
        ...(result.response?.id !== undefined ? { id: result.response.id } : {}),
        ...(result.response?.timestamp !== undefined
          ? { timestamp: result.response.timestamp }
          : {}),
        ...(result.response?.modelId !== undefined ? { modelId: result.response.modelId } : {}),
      },
      warnings: result.warnings.map(toV1Warning),
      ...(result.providerMetadata !== undefined
        ? { providerMetadata: result.providerMetadata as LanguageModelV1ProviderMetadata }
        : {}),
    };
  }

  async doStream(options: LanguageModelV1CallOptions): Promise<DoStreamV1> {
    const result = await this.model.doStream(
      toV4CallOptionsFromV1(options, this.metadataKey, this.memory),
    );
    const reader = result.stream.getReader();
    // V1 returns the warnings from doStream: they are in the first part, already there.
    const first = await reader.read();
    const warnings = !first.done && first.value.type === 'stream-start' ? first.value.warnings : [];
    const pending = !first.done && first.value.type !== 'stream-start' ? [first.value] : [];
    const mapper = new StreamPartsToV1(this.metadataKey, this.memory);

    const stream = new ReadableStream<LanguageModelV1StreamPart>({
      async pull(controller) {
        let enqueued = 0;
        const enqueue = (part: LanguageModelV1StreamPart) => {
          enqueued++;
          controller.enqueue(part);
        };
        while (enqueued === 0) {
          const next =
            pending.length > 0
              ? { done: false as const, value: pending.shift()! }
              : await reader.read();
          if (next.done) {
            controller.close();
            return;
          }
          mapper.map(next.value, enqueue);
        }
      },
      cancel(reason) {
        return reader.cancel(reason);
      },
    });

    const body = result.request?.body;
    return {
      stream,
      rawCall: rawCall(body),
      ...(result.response?.headers !== undefined
        ? { rawResponse: { headers: result.response.headers as Record<string, string> } }
        : {}),
      request: { body: JSON.stringify(body) },
      warnings: warnings.map(toV1Warning),
    };
  }
}

export interface ResponsesBridgeProviderV1 extends ProviderV1 {
  (modelId: ResponsesBridgeModelId): ResponsesBridgeLanguageModelV1;
  languageModel(modelId: ResponsesBridgeModelId): ResponsesBridgeLanguageModelV1;
  chat(modelId: ResponsesBridgeModelId): ResponsesBridgeLanguageModelV1;
}

export function createResponsesBridge(
  settings: ResponsesBridgeSettings = {},
): ResponsesBridgeProviderV1 {
  const v4 = createV4(settings);
  const metadataKey = settings.name ?? 'responsesBridge';
  const memory = new MetadataMemory();
  const createModel = (modelId: ResponsesBridgeModelId) =>
    new ResponsesBridgeLanguageModelV1(v4.languageModel(modelId), metadataKey, memory);
  return providerFunction<ResponsesBridgeLanguageModelV1, ResponsesBridgeProviderV1>(createModel);
}

export const responsesBridge: ResponsesBridgeProviderV1 = createResponsesBridge();

export type { ResponsesBridgeModelId, ResponsesBridgeSettings };
