import type { EmbeddingModelV2, LanguageModelV2, ProviderV2 } from '@ai-sdk/provider-v2';
import type { ProviderMetadata } from 'ai-v5';
import type { Response } from 'openai/resources/responses/responses';
import { describe, expectTypeOf, it } from 'vitest';
import {
  createResponsesBridge,
  type ResponsesBridgeEmbeddingModelV2,
  type ResponsesBridgeLanguageModelV2,
  type ResponsesBridgeProviderV2,
  responsesBridge,
  responsesBridgeMetadata,
} from './index';

describe('responses-bridge/v2 createResponsesBridge', () => {
  it('returns a ProviderV2 whose models are LanguageModelV2 on specification v2', () => {
    const provider = createResponsesBridge({ baseURL: 'http://localhost:11434/v1' });
    expectTypeOf(provider).toEqualTypeOf<ResponsesBridgeProviderV2>();
    expectTypeOf(provider).toExtend<ProviderV2>();
    expectTypeOf(provider.languageModel('m')).toEqualTypeOf<ResponsesBridgeLanguageModelV2>();
    expectTypeOf<
      ReturnType<typeof provider.languageModel>['specificationVersion']
    >().toEqualTypeOf<'v2'>();
    expectTypeOf(provider('m')).toExtend<LanguageModelV2>();
  });

  it('is also the default provider, responsesBridge', () => {
    expectTypeOf(responsesBridge).toEqualTypeOf<ResponsesBridgeProviderV2>();
  });

  it('makes EmbeddingModelV2<string> embedding models', () => {
    const provider = createResponsesBridge();
    expectTypeOf(provider.embeddingModel('e')).toEqualTypeOf<ResponsesBridgeEmbeddingModelV2>();
    expectTypeOf(provider.embeddingModel('e')).toExtend<EmbeddingModelV2<string>>();
    expectTypeOf(provider.textEmbeddingModel('e')).toExtend<EmbeddingModelV2<string>>();
  });

  it('responsesBridgeMetadata takes ai 5’s providerMetadata and types the Response', () => {
    const metadata = responsesBridgeMetadata({} as ProviderMetadata | undefined);
    expectTypeOf<NonNullable<typeof metadata>['response']>().toEqualTypeOf<Response>();
  });
});
