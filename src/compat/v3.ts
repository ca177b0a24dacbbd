/**
 * `responses-bridge/v3`: the provider for ai 6 (LanguageModelV3). V3 and V4 differ only in how
 * prompts carry file data; the stream parts and results this provider produces are the same in
 * both, so they pass through untouched.
 */
import { NoSuchModelError, type SharedV4Warning } from '@ai-sdk/provider';
import type {
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3GenerateResult,
  LanguageModelV3StreamResult,
  ProviderV3,
  SharedV3Warning,
} from '@ai-sdk/provider-v3';
import type { ResponsesBridgeLanguageModel } from '../ai-sdk/responses-bridge-language-model';
import type {
  ResponsesBridgeModelId,
  ResponsesBridgeSettings,
} from '../ai-sdk/responses-bridge-options';
import { createResponsesBridge as createV4 } from '../ai-sdk/responses-bridge-provider';
import { toV4CallOptions } from './to-v4-call-options';

export class ResponsesBridgeLanguageModelV3 implements LanguageModelV3 {
  readonly specificationVersion = 'v3';
  private readonly model: ResponsesBridgeLanguageModel;

  constructor(model: ResponsesBridgeLanguageModel) {
    this.model = model;
  }

  get provider(): string {
    return this.model.provider;
  }

  get modelId(): string {
    return this.model.modelId;
  }

  get supportedUrls() {
    return this.model.supportedUrls;
  }

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

function toV3Warning(warning: SharedV4Warning): SharedV3Warning {
  return warning.type === 'deprecated'
    ? { type: 'other', message: `${warning.setting} is deprecated: ${warning.message}` }
    : warning;
}

export interface ResponsesBridgeProviderV3 extends ProviderV3 {
  (modelId: ResponsesBridgeModelId): ResponsesBridgeLanguageModelV3;
  languageModel(modelId: ResponsesBridgeModelId): ResponsesBridgeLanguageModelV3;
  chat(modelId: ResponsesBridgeModelId): ResponsesBridgeLanguageModelV3;
}

export function createResponsesBridge(
  settings: ResponsesBridgeSettings = {},
): ResponsesBridgeProviderV3 {
  const v4 = createV4(settings);
  const createModel = (modelId: ResponsesBridgeModelId) =>
    new ResponsesBridgeLanguageModelV3(v4.languageModel(modelId));
  const provider = ((modelId: ResponsesBridgeModelId) =>
    createModel(modelId)) as ResponsesBridgeProviderV3;
  Object.assign(provider, {
    specificationVersion: 'v3' as const,
    languageModel: createModel,
    chat: createModel,
    embeddingModel: (modelId: string): never => {
      throw new NoSuchModelError({ modelId, modelType: 'embeddingModel' });
    },
    imageModel: (modelId: string): never => {
      throw new NoSuchModelError({ modelId, modelType: 'imageModel' });
    },
  });
  return provider;
}

export const responsesBridge: ResponsesBridgeProviderV3 = createResponsesBridge();

export type { ResponsesBridgeModelId, ResponsesBridgeSettings };
