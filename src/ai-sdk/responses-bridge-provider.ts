import type { ProviderV4 } from '@ai-sdk/provider';
import { loadApiKey, loadOptionalSetting, withoutTrailingSlash } from '@ai-sdk/provider-utils';
import OpenAI from 'openai';
import { keepErrorBodies } from './call-errors';
import { providerFunction } from './provider-function';
import { ResponsesBridgeLanguageModel } from './responses-bridge-language-model';
import type { ResponsesBridgeModelId, ResponsesBridgeSettings } from './responses-bridge-options';

export interface ResponsesBridgeProvider extends ProviderV4 {
  (modelId: ResponsesBridgeModelId): ResponsesBridgeLanguageModel;
  languageModel(modelId: ResponsesBridgeModelId): ResponsesBridgeLanguageModel;
  /** Same as `languageModel`: every model is a chat model. */
  chat(modelId: ResponsesBridgeModelId): ResponsesBridgeLanguageModel;
}

const openaiBaseURL = 'https://api.openai.com/v1';

/**
 * Creates a provider for any Chat Completions endpoint. Its models stream the Responses API view
 * of every call. The `openai` client is created on the first call, not here, so that a provider
 * can be created at module load without a key in the environment.
 */
export function createResponsesBridge(
  settings: ResponsesBridgeSettings = {},
): ResponsesBridgeProvider {
  const name = settings.name ?? 'responsesBridge';
  let client: OpenAI | undefined = settings.client;
  let apiKey: string | undefined;

  const getClient = (): OpenAI => {
    if (client !== undefined) return client;
    const baseURL =
      withoutTrailingSlash(
        loadOptionalSetting({
          settingValue: settings.baseURL,
          environmentVariableName: 'OPENAI_BASE_URL',
        }) || undefined,
      ) ?? openaiBaseURL;
    // An empty OPENAI_API_KEY (a common way to unset it) means no key.
    apiKey =
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
    client = new OpenAI({
      // Without a key the client refuses to start; send no Authorization header instead.
      apiKey: apiKey ?? 'no-key',
      baseURL,
      organization: null,
      project: null,
      defaultHeaders: {
        ...settings.headers,
        ...(apiKey === undefined ? { Authorization: null } : {}),
      },
      fetch: keepErrorBodies(settings.fetch),
      maxRetries: 0,
      // Server-side use is the norm; in a browser the caller decides what to expose.
      dangerouslyAllowBrowser: true,
    });
    return client;
  };

  const createModel = (modelId: ResponsesBridgeModelId) => {
    return new ResponsesBridgeLanguageModel(modelId, {
      provider: `${name}.chat`,
      metadataKey: name,
      client: getClient,
      secrets: () => {
        const secrets: string[] = [];
        if (apiKey !== undefined) secrets.push(apiKey);
        if (settings.apiKey !== undefined) secrets.push(settings.apiKey);
        if (settings.client?.apiKey) secrets.push(settings.client.apiKey);
        return secrets;
      },
      includeUsage: settings.includeUsage ?? true,
      generateId: settings.generateId,
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
