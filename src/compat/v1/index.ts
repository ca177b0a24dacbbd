/**
 * `responses-bridge/v1`: the provider for ai 4 (LanguageModelV1), a full translation over the
 * V4 model (see as-language-model-v1.ts).
 */
import type { ProviderV1 } from '@ai-sdk/provider-v1';
import { providerFunction } from '../../ai-sdk/provider-function';
import { createResponsesBridge as createV4 } from '../../ai-sdk/responses-bridge-provider';
import type {
  ResponsesBridgeModelId,
  ResponsesBridgeSettings,
} from '../../ai-sdk/responses-bridge-settings';
import { ResponsesBridgeLanguageModelV1 } from './as-language-model-v1';
import { MetadataMemory } from './metadata-memory';

export { ResponsesBridgeLanguageModelV1 };

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
