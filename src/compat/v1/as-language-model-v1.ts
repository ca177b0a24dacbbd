/**
 * `responses-bridge/v1`: the provider for ai 4 (LanguageModelV1). V1 is a different API, so this
 * is a full translation over the V4 model: `text-delta` with `textDelta`, `reasoning` plus
 * `reasoning-signature` / `redacted-reasoning`, `tool-call-delta` and `tool-call` with `args`,
 * usage as `{promptTokens, completionTokens}`, warnings and `rawCall` returned from `doStream`.
 * The logic (request, conversion, errors) is the V4 model's.
 */

import type {
  LanguageModelV1,
  LanguageModelV1CallOptions,
  LanguageModelV1FunctionToolCall,
  LanguageModelV1ProviderMetadata,
  LanguageModelV1Source,
  LanguageModelV1StreamPart,
} from '@ai-sdk/provider-v1';
import type { ReasoningMetadata, ToolCallMetadata } from '../../ai-sdk/part-metadata';
import type { ResponsesBridgeLanguageModel } from '../../ai-sdk/responses-bridge-language-model';
import { WrappedModel } from '../wrapped-model';
import type { MetadataMemory } from './metadata-memory';
import {
  type DoGenerateV1,
  type DoStreamV1,
  rawCall,
  StreamPartsToV1,
  toV1FinishReason,
  toV1Source,
  toV1ToolCall,
  toV1Usage,
  toV1Warning,
} from './to-v1-stream-parts';
import { toV4CallOptionsFromV1 } from './to-v4-call-options';

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

  /**
   * ai 4 asks this of each URL instead of reading `supportedUrls`: a URL the `supportedUrls`
   * setting matches (of any media type) is sent as it is, any other is downloaded.
   */
  supportsUrl(url: URL): boolean {
    const supported = this.model.supportedUrls;
    // A promise cannot answer a synchronous question: the AI SDK then downloads the URL.
    if (typeof (supported as PromiseLike<unknown>).then === 'function') return false;
    const text = url.toString();
    return Object.values(supported as Record<string, RegExp[]>).some((patterns) =>
      patterns.some((pattern) => pattern.test(text)),
    );
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
