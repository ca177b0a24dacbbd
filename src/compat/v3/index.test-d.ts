import type { LanguageModelV3, ProviderV3 } from '@ai-sdk/provider-v3';
import { describe, expectTypeOf, it } from 'vitest';
import {
  createResponsesBridge,
  type ResponsesBridgeLanguageModelV3,
  type ResponsesBridgeProviderV3,
  responsesBridge,
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
});
