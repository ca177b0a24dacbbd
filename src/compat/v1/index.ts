/**
 * `responses-bridge/v1`: the provider for ai 4 (LanguageModelV1), a full translation over the
 * V4 model (see as-language-model-v1.ts).
 */
import type { EmbeddingModelV1, ProviderV1 } from '@ai-sdk/provider-v1';
import { providerFunction } from '../../ai-sdk/provider-function';
import { createProviderV4 } from '../../ai-sdk/responses-bridge-provider';
import type {
  ResponsesBridgeModelId,
  ResponsesBridgeSettings,
} from '../../ai-sdk/responses-bridge-settings';
import { WrappedEmbeddingModel, withDefinedHeaders } from '../wrapped-model';
import { ResponsesBridgeLanguageModelV1 } from './as-language-model-v1';
import { MetadataMemory } from './metadata-memory';

export { ResponsesBridgeLanguageModelV1 };

type DoEmbedV1 = EmbeddingModelV1<string>['doEmbed'];

export class ResponsesBridgeEmbeddingModelV1
  extends WrappedEmbeddingModel
  implements EmbeddingModelV1<string>
{
  readonly specificationVersion = 'v1';

  async doEmbed(options: Parameters<DoEmbedV1>[0]): Promise<Awaited<ReturnType<DoEmbedV1>>> {
    const { embeddings, usage, response } = await this.model.doEmbed(withDefinedHeaders(options));
    return {
      embeddings,
      ...(usage !== undefined ? { usage } : {}),
      ...(response?.headers !== undefined
        ? { rawResponse: { headers: response.headers as Record<string, string> } }
        : {}),
    };
  }
}

export interface ResponsesBridgeProviderV1 extends ProviderV1 {
  (modelId: ResponsesBridgeModelId): ResponsesBridgeLanguageModelV1;
  languageModel(modelId: ResponsesBridgeModelId): ResponsesBridgeLanguageModelV1;
  chat(modelId: ResponsesBridgeModelId): ResponsesBridgeLanguageModelV1;
  chatModel(modelId: ResponsesBridgeModelId): ResponsesBridgeLanguageModelV1;
  /** An embedding model over the same endpoint's `/embeddings`. */
  textEmbeddingModel(modelId: string): ResponsesBridgeEmbeddingModelV1;
  /** Same as `textEmbeddingModel`, the name of later AI SDK majors. */
  embeddingModel(modelId: string): ResponsesBridgeEmbeddingModelV1;
}

export function createResponsesBridge(
  settings: ResponsesBridgeSettings = {},
): ResponsesBridgeProviderV1 {
  const v4 = createProviderV4(settings);
  const metadataKey = settings.name ?? 'responsesBridge';
  const memory = new MetadataMemory();
  return providerFunction<
    ResponsesBridgeLanguageModelV1,
    ResponsesBridgeEmbeddingModelV1,
    ResponsesBridgeProviderV1
  >(
    (modelId) => new ResponsesBridgeLanguageModelV1(v4.languageModel(modelId), metadataKey, memory),
    (modelId) => new ResponsesBridgeEmbeddingModelV1(v4.embeddingModel(modelId)),
  );
}

export const responsesBridge: ResponsesBridgeProviderV1 = createResponsesBridge();

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
