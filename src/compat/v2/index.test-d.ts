import type { LanguageModelV2, ProviderV2 } from '@ai-sdk/provider-v2';
import { describe, expectTypeOf, it } from 'vitest';
import {
  createResponsesBridge,
  type ResponsesBridgeLanguageModelV2,
  type ResponsesBridgeProviderV2,
  responsesBridge,
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
});
