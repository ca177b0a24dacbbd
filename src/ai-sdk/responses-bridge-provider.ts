import type { ProviderV4 } from '@ai-sdk/provider';
import { loadApiKey, loadOptionalSetting } from '@ai-sdk/provider-utils';
import { createUpstream, openaiBaseURL, type Upstream } from '../upstream/create-upstream';
import { providerFunction } from './provider-function';
import { ResponsesBridgeLanguageModel } from './responses-bridge-language-model';
import type { ResponsesBridgeModelId, ResponsesBridgeSettings } from './responses-bridge-settings';

export interface ResponsesBridgeProvider extends ProviderV4 {
  (modelId: ResponsesBridgeModelId): ResponsesBridgeLanguageModel;
  languageModel(modelId: ResponsesBridgeModelId): ResponsesBridgeLanguageModel;
  /** Same as `languageModel`: every model is a chat model. */
  chat(modelId: ResponsesBridgeModelId): ResponsesBridgeLanguageModel;
}

/**
 * Creates a provider for any Chat Completions endpoint. Its models stream the Responses API view
 * of every call. The `openai` client is created on the first call, not here, so that a provider
 * can be created at module load without a key in the environment.
 */
export function createResponsesBridge(
  settings: ResponsesBridgeSettings = {},
): ResponsesBridgeProvider {
  const name = settings.name ?? 'responsesBridge';
  let upstream: Upstream | undefined;

  // Read on the first call, not here, so that a provider can be created at module load without
  // its settings in the environment.
  const getUpstream = (): Upstream => {
    if (upstream !== undefined) return upstream;
    if (settings.client !== undefined) {
      upstream = createUpstream({ client: settings.client, headers: settings.headers });
      return upstream;
    }
    const baseURL =
      loadOptionalSetting({
        settingValue: settings.baseURL,
        environmentVariableName: 'OPENAI_BASE_URL',
      }) || openaiBaseURL;
    // An empty OPENAI_API_KEY (a common way to unset it) means no key.
    let apiKey =
      loadOptionalSetting({
        settingValue: settings.apiKey,
        environmentVariableName: 'OPENAI_API_KEY',
      }) || undefined;
    // OpenAI itself needs a key; local servers (Ollama, vLLM, LM Studio) do not.
    if (apiKey === undefined && new URL(baseURL).hostname === 'api.openai.com') {
      apiKey = loadApiKey({
        apiKey: undefined,
        environmentVariableName: 'OPENAI_API_KEY',
        description: 'responses-bridge (OpenAI)',
      });
    }
    upstream = createUpstream({
      baseURL,
      apiKey,
      headers: settings.headers,
      fetch: settings.fetch,
    });
    return upstream;
  };

  const createModel = (modelId: ResponsesBridgeModelId) => {
    return new ResponsesBridgeLanguageModel(modelId, {
      provider: `${name}.chat`,
      metadataKey: name,
      upstream: getUpstream,
      includeUsage: settings.includeUsage ?? true,
      generateId: settings.generateId,
      currentDate: settings.currentDate,
      onEvent: settings.onEvent,
      onResponse: settings.onResponse,
    });
  };

  return providerFunction<ResponsesBridgeLanguageModel, ResponsesBridgeProvider>(createModel, 'v4');
}

/**
 * The default provider: `OPENAI_BASE_URL` and `OPENAI_API_KEY` from the environment, read on the
 * first call.
 */
export const responsesBridge: ResponsesBridgeProvider = createResponsesBridge();
