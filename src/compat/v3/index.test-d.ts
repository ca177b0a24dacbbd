import type { EmbeddingModelV3, LanguageModelV3, ProviderV3 } from '@ai-sdk/provider-v3';
import type { ProviderMetadata } from 'ai-v6';
import type { Response } from 'openai/resources/responses/responses';
import { describe, expectTypeOf, it } from 'vitest';
import {
  createResponsesBridge,
  type ResponsesBridgeEmbeddingModelV3,
  type ResponsesBridgeLanguageModelV3,
  type ResponsesBridgeProviderV3,
  responsesBridge,
  responsesBridgeMetadata,
} from './index';

describe('responses-bridge/v3 createResponsesBridge', () => {
  it('returns a ProviderV3 whose models are LanguageModelV3 on specification v3', () => {
    const provider = createResponsesBridge({ baseURL: 'http://localhost:11434/v1' });
    expectTypeOf(provider).toEqualTypeOf<ResponsesBridgeProviderV3>();
    expectTypeOf(provider).toExtend<ProviderV3>();
    expectTypeOf(provider.languageModel('m')).toEqualTypeOf<ResponsesBridgeLanguageModelV3>();
    expectTypeOf<
      ReturnType<typeof provider.languageModel>['specificationVersion']
    >().toEqualTypeOf<'v3'>();
    expectTypeOf(provider('m')).toExtend<LanguageModelV3>();
  });

  it('is also the default provider, responsesBridge', () => {
    expectTypeOf(responsesBridge).toEqualTypeOf<ResponsesBridgeProviderV3>();
  });

  it('makes EmbeddingModelV3 embedding models', () => {
    const provider = createResponsesBridge();
    expectTypeOf(provider.embeddingModel('e')).toEqualTypeOf<ResponsesBridgeEmbeddingModelV3>();
    expectTypeOf(provider.embeddingModel('e')).toExtend<EmbeddingModelV3>();
    expectTypeOf(provider.textEmbeddingModel('e')).toExtend<EmbeddingModelV3>();
  });

  it('responsesBridgeMetadata takes ai 6’s providerMetadata and types the Response', () => {
    const metadata = responsesBridgeMetadata({} as ProviderMetadata | undefined);
    expectTypeOf<NonNullable<typeof metadata>['response']>().toEqualTypeOf<Response>();
  });
});
