/**
 * `responses-bridge/v3`: the provider for ai 6 (LanguageModelV3). V3 and V4 differ only in how
 * prompts carry file data; the stream parts and results this provider produces are the same in
 * both, so they pass through untouched.
 */
import type { SharedV4Warning } from '@ai-sdk/provider';
import type {
  EmbeddingModelV3,
  EmbeddingModelV3CallOptions,
  EmbeddingModelV3Result,
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3GenerateResult,
  LanguageModelV3StreamResult,
  ProviderV3,
  SharedV3Warning,
} from '@ai-sdk/provider-v3';
import { providerFunction } from '../../ai-sdk/provider-function';
import { createProviderV4 } from '../../ai-sdk/responses-bridge-provider';
import type {
  ResponsesBridgeModelId,
  ResponsesBridgeSettings,
} from '../../ai-sdk/responses-bridge-settings';
import { toV4CallOptions } from '../to-v4-call-options';
import { WrappedEmbeddingModel, WrappedModel } from '../wrapped-model';

export class ResponsesBridgeLanguageModelV3 extends WrappedModel implements LanguageModelV3 {
  readonly specificationVersion = 'v3';

  async doGenerate(options: LanguageModelV3CallOptions): Promise<LanguageModelV3GenerateResult> {
    const result = await this.model.doGenerate(toV4CallOptions(options));
    return {
      ...result,
      warnings: result.warnings.map(toV3Warning),
    } as LanguageModelV3GenerateResult;
  }

  async doStream(options: LanguageModelV3CallOptions): Promise<LanguageModelV3StreamResult> {
    const result = await this.model.doStream(toV4CallOptions(options));
    // Every part this provider emits (no `ping`, custom or reasoning-file parts) is a V3 part;
    // only the warnings of `stream-start` need a look.
    return result as LanguageModelV3StreamResult;
  }
}

export class ResponsesBridgeEmbeddingModelV3
  extends WrappedEmbeddingModel
  implements EmbeddingModelV3
{
  readonly specificationVersion = 'v3';

  async doEmbed(options: EmbeddingModelV3CallOptions): Promise<EmbeddingModelV3Result> {
    const result = await this.model.doEmbed(options);
    return { ...result, warnings: result.warnings.map(toV3Warning) } as EmbeddingModelV3Result;
  }
}

function toV3Warning(warning: SharedV4Warning): SharedV3Warning {
  return warning.type === 'deprecated'
    ? { type: 'other', message: `${warning.setting} is deprecated: ${warning.message}` }
    : warning;
}

export interface ResponsesBridgeProviderV3 extends ProviderV3 {
  (modelId: ResponsesBridgeModelId): ResponsesBridgeLanguageModelV3;
  languageModel(modelId: ResponsesBridgeModelId): ResponsesBridgeLanguageModelV3;
  chat(modelId: ResponsesBridgeModelId): ResponsesBridgeLanguageModelV3;
  chatModel(modelId: ResponsesBridgeModelId): ResponsesBridgeLanguageModelV3;
  /** An embedding model over the same endpoint's `/embeddings`. */
  embeddingModel(modelId: string): ResponsesBridgeEmbeddingModelV3;
  /** @deprecated Use `embeddingModel`. */
  textEmbeddingModel(modelId: string): ResponsesBridgeEmbeddingModelV3;
}

export function createResponsesBridge(
  settings: ResponsesBridgeSettings = {},
): ResponsesBridgeProviderV3 {
  const v4 = createProviderV4(settings);
  return providerFunction<
    ResponsesBridgeLanguageModelV3,
    ResponsesBridgeEmbeddingModelV3,
    ResponsesBridgeProviderV3
  >(
    (modelId) => new ResponsesBridgeLanguageModelV3(v4.languageModel(modelId)),
    (modelId) => new ResponsesBridgeEmbeddingModelV3(v4.embeddingModel(modelId)),
    'v3',
  );
}

export const responsesBridge: ResponsesBridgeProviderV3 = createResponsesBridge();

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
