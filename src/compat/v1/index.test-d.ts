import type { EmbeddingModelV1, LanguageModelV1, ProviderV1 } from '@ai-sdk/provider-v1';
import type { ProviderMetadata } from 'ai-v4';
import type { Response } from 'openai/resources/responses/responses';
import { describe, expectTypeOf, it } from 'vitest';
import {
  createResponsesBridge,
  type ResponsesBridgeEmbeddingModelV1,
  type ResponsesBridgeLanguageModelV1,
  type ResponsesBridgeProviderV1,
  responsesBridge,
  responsesBridgeMetadata,
} from './index';

describe('responses-bridge/v1 createResponsesBridge', () => {
  it('returns a ProviderV1 whose models are LanguageModelV1 on specification v1', () => {
    const provider = createResponsesBridge({ baseURL: 'http://localhost:11434/v1' });
    expectTypeOf(provider).toEqualTypeOf<ResponsesBridgeProviderV1>();
    expectTypeOf(provider).toExtend<ProviderV1>();
    expectTypeOf(provider.languageModel('m')).toEqualTypeOf<ResponsesBridgeLanguageModelV1>();
    expectTypeOf<
      ReturnType<typeof provider.languageModel>['specificationVersion']
    >().toEqualTypeOf<'v1'>();
    expectTypeOf(provider('m')).toExtend<LanguageModelV1>();
  });

  it('is also the default provider, responsesBridge', () => {
    expectTypeOf(responsesBridge).toEqualTypeOf<ResponsesBridgeProviderV1>();
  });

  it('makes EmbeddingModelV1<string> embedding models', () => {
    const provider = createResponsesBridge();
    expectTypeOf(provider.embeddingModel('e')).toEqualTypeOf<ResponsesBridgeEmbeddingModelV1>();
    expectTypeOf(provider.embeddingModel('e')).toExtend<EmbeddingModelV1<string>>();
    expectTypeOf(provider.textEmbeddingModel('e')).toExtend<EmbeddingModelV1<string>>();
  });

  it('responsesBridgeMetadata takes ai 4’s providerMetadata and types the Response', () => {
    const metadata = responsesBridgeMetadata({} as ProviderMetadata | undefined);
    expectTypeOf<NonNullable<typeof metadata>['response']>().toEqualTypeOf<Response>();
  });
});
