/**
 * `responses-bridge/v2`: the provider for ai 5 (LanguageModelV2). The parts are the same as V4's
 * except for `stream-start` (V2 warnings), and `finish` (a flat usage and a finish reason string);
 * everything else passes through untouched.
 */
import type {
  LanguageModelV4StreamPart,
  LanguageModelV4Usage,
  SharedV4Warning,
} from '@ai-sdk/provider';
import type {
  EmbeddingModelV2,
  LanguageModelV2,
  LanguageModelV2CallOptions,
  LanguageModelV2CallWarning,
  LanguageModelV2Content,
  LanguageModelV2StreamPart,
  LanguageModelV2Usage,
  ProviderV2,
  SharedV2ProviderMetadata,
} from '@ai-sdk/provider-v2';
import { providerFunction } from '../../ai-sdk/provider-function';
import { createProviderV4 } from '../../ai-sdk/responses-bridge-provider';
import type {
  ResponsesBridgeModelId,
  ResponsesBridgeSettings,
} from '../../ai-sdk/responses-bridge-settings';
import { toLegacyWarning } from '../legacy-warnings';
import { toV4CallOptions } from '../to-v4-call-options';
import { WrappedEmbeddingModel, WrappedModel, withDefinedHeaders } from '../wrapped-model';

type DoGenerateV2 = Awaited<ReturnType<LanguageModelV2['doGenerate']>>;
type DoStreamV2 = Awaited<ReturnType<LanguageModelV2['doStream']>>;
type DoEmbedV2 = EmbeddingModelV2<string>['doEmbed'];

const settingNames = new Set([
  'maxOutputTokens',
  'temperature',
  'stopSequences',
  'topP',
  'topK',
  'presencePenalty',
  'frequencyPenalty',
  'responseFormat',
  'seed',
  'tools',
  'toolChoice',
]);

export function toV2Warning(warning: SharedV4Warning): LanguageModelV2CallWarning {
  return toLegacyWarning<keyof LanguageModelV2CallOptions & string>(warning, settingNames);
}

export function toV2Usage(usage: LanguageModelV4Usage): LanguageModelV2Usage {
  const { inputTokens, outputTokens } = usage;
  return {
    inputTokens: inputTokens.total,
    outputTokens: outputTokens.total,
    totalTokens:
      inputTokens.total === undefined && outputTokens.total === undefined
        ? undefined
        : (inputTokens.total ?? 0) + (outputTokens.total ?? 0),
    reasoningTokens: outputTokens.reasoning,
    cachedInputTokens: inputTokens.cacheRead,
  };
}

function toV2Part(part: LanguageModelV4StreamPart): LanguageModelV2StreamPart {
  switch (part.type) {
    case 'stream-start':
      return { type: 'stream-start', warnings: part.warnings.map(toV2Warning) };
    case 'finish':
      return {
        type: 'finish',
        usage: toV2Usage(part.usage),
        finishReason:
          part.finishReason.unified === 'interrupted' ? 'other' : part.finishReason.unified,
        ...(part.providerMetadata !== undefined
          ? { providerMetadata: part.providerMetadata as SharedV2ProviderMetadata }
          : {}),
      };
    default:
      // text, reasoning, tool input, tool call, source, response metadata, raw and error
      // parts have the same shape in V2.
      return part as LanguageModelV2StreamPart;
  }
}

export class ResponsesBridgeLanguageModelV2 extends WrappedModel implements LanguageModelV2 {
  readonly specificationVersion = 'v2';

  async doGenerate(options: LanguageModelV2CallOptions): Promise<DoGenerateV2> {
    const result = await this.model.doGenerate(toV4CallOptions(options));
    return {
      content: result.content as LanguageModelV2Content[],
      finishReason:
        result.finishReason.unified === 'interrupted' ? 'other' : result.finishReason.unified,
      usage: toV2Usage(result.usage),
      ...(result.providerMetadata !== undefined
        ? { providerMetadata: result.providerMetadata as SharedV2ProviderMetadata }
        : {}),
      ...(result.request !== undefined ? { request: result.request } : {}),
      ...(result.response !== undefined ? { response: result.response } : {}),
      warnings: result.warnings.map(toV2Warning),
    };
  }

  async doStream(options: LanguageModelV2CallOptions): Promise<DoStreamV2> {
    const { stream, ...rest } = await this.model.doStream(toV4CallOptions(options));
    return {
      ...rest,
      stream: stream.pipeThrough(
        new TransformStream<LanguageModelV4StreamPart, LanguageModelV2StreamPart>({
          transform(part, controller) {
            controller.enqueue(toV2Part(part));
          },
        }),
      ),
    };
  }
}

export class ResponsesBridgeEmbeddingModelV2
  extends WrappedEmbeddingModel
  implements EmbeddingModelV2<string>
{
  readonly specificationVersion = 'v2';

  async doEmbed(options: Parameters<DoEmbedV2>[0]): Promise<Awaited<ReturnType<DoEmbedV2>>> {
    // V2 results have no warnings; the V4 model reports none for embeddings.
    const {
      warnings: _warnings,
      providerMetadata,
      ...result
    } = await this.model.doEmbed(withDefinedHeaders(options));
    return {
      ...result,
      ...(providerMetadata !== undefined
        ? { providerMetadata: providerMetadata as SharedV2ProviderMetadata }
        : {}),
    };
  }
}

export interface ResponsesBridgeProviderV2 extends ProviderV2 {
  (modelId: ResponsesBridgeModelId): ResponsesBridgeLanguageModelV2;
  languageModel(modelId: ResponsesBridgeModelId): ResponsesBridgeLanguageModelV2;
  chat(modelId: ResponsesBridgeModelId): ResponsesBridgeLanguageModelV2;
  chatModel(modelId: ResponsesBridgeModelId): ResponsesBridgeLanguageModelV2;
  /** An embedding model over the same endpoint's `/embeddings`. */
  textEmbeddingModel(modelId: string): ResponsesBridgeEmbeddingModelV2;
  /** Same as `textEmbeddingModel`, the name of later AI SDK majors. */
  embeddingModel(modelId: string): ResponsesBridgeEmbeddingModelV2;
}

export function createResponsesBridge(
  settings: ResponsesBridgeSettings = {},
): ResponsesBridgeProviderV2 {
  const v4 = createProviderV4(settings);
  return providerFunction<
    ResponsesBridgeLanguageModelV2,
    ResponsesBridgeEmbeddingModelV2,
    ResponsesBridgeProviderV2
  >(
    (modelId) => new ResponsesBridgeLanguageModelV2(v4.languageModel(modelId)),
    (modelId) => new ResponsesBridgeEmbeddingModelV2(v4.embeddingModel(modelId)),
    'v2',
  );
}

export const responsesBridge: ResponsesBridgeProviderV2 = createResponsesBridge();

export type {
  Response,
  ResponseFunctionToolCall,
  ResponseInputItem,
  ResponseOutputItem,
  ResponseOutputMessage,
  ResponseReasoningItem,
  ResponseStreamEvent,
  ResponseUsage,
} from 'openai/resources/responses/responses';
export {
  type ResponsesBridgeMetadata,
  responsesBridgeMetadata,
} from '../../ai-sdk/responses-bridge-metadata';
export type { ResponsesBridgeModelId, ResponsesBridgeSettings };
