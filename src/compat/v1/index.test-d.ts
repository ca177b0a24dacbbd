import type { LanguageModelV1, ProviderV1 } from '@ai-sdk/provider-v1';
import { describe, expectTypeOf, it } from 'vitest';
import {
  createResponsesBridge,
  type ResponsesBridgeLanguageModelV1,
  type ResponsesBridgeProviderV1,
  responsesBridge,
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
});
