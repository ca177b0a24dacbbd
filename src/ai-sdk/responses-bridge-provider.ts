import type { ProviderV4 } from '@ai-sdk/provider';
import { loadApiKey, loadOptionalSetting } from '@ai-sdk/provider-utils';
import { createUpstream, openaiBaseURL, type Upstream } from '../upstream/create-upstream';
import { warnOnOlderAi } from './older-ai-warning';
import { providerFunction } from './provider-function';
import { ResponsesBridgeEmbeddingModel } from './responses-bridge-embedding-model';
import { ResponsesBridgeLanguageModel } from './responses-bridge-language-model';
import type { ResponsesBridgeModelId, ResponsesBridgeSettings } from './responses-bridge-settings';
import type { UpstreamAccess } from './upstream-request';

export interface ResponsesBridgeProvider extends ProviderV4 {
  (modelId: ResponsesBridgeModelId): ResponsesBridgeLanguageModel;
  languageModel(modelId: ResponsesBridgeModelId): ResponsesBridgeLanguageModel;
  /** Same as `languageModel`: every model is a chat model. */
  chat(modelId: ResponsesBridgeModelId): ResponsesBridgeLanguageModel;
  /** Same as `languageModel`, the name @ai-sdk/openai-compatible gives it. */
  chatModel(modelId: ResponsesBridgeModelId): ResponsesBridgeLanguageModel;
  /** An embedding model over the same endpoint's `/embeddings`. */
  embeddingModel(modelId: string): ResponsesBridgeEmbeddingModel;
  /** @deprecated Use `embeddingModel`. */
  textEmbeddingModel(modelId: string): ResponsesBridgeEmbeddingModel;
}

/**
 * Creates a provider for any Chat Completions endpoint. Its models stream the Responses API view
 * of every call. The `openai` client is created on the first call, not here, so that a provider
 * can be created at module load without a key in the environment.
 */
export function createResponsesBridge(
  settings: ResponsesBridgeSettings = {},
): ResponsesBridgeProvider {
  return createProviderV4(settings, warnOnOlderAi);
}

/**
 * `createResponsesBridge` for the older-spec entries, which wrap its models: `onModel` runs
 * before each model is made (the main entry's check of the installed `ai`).
 */
export function createProviderV4(
  settings: ResponsesBridgeSettings,
  onModel: () => void = () => {},
): ResponsesBridgeProvider {
  const name = settings.name ?? 'responsesBridge';
  const access = upstreamAccess(settings);

  const createModel = (modelId: ResponsesBridgeModelId) => {
    onModel();
    return new ResponsesBridgeLanguageModel(modelId, {
      ...access,
      provider: `${name}.chat`,
      metadataKey: name,
      includeUsage: settings.includeUsage ?? true,
      supportsStructuredOutputs: settings.supportsStructuredOutputs ?? true,
      supportsMultiPartToolContent: settings.supportsMultiPartToolContent,
      transformRequestBody: settings.transformRequestBody,
      metadataExtractor: settings.metadataExtractor,
      supportedUrls: settings.supportedUrls,
      convertUsage: settings.convertUsage,
      generateId: settings.generateId,
      currentDate: settings.currentDate,
      onEvent: settings.onEvent,
      onResponse: settings.onResponse,
    });
  };
  const createEmbeddingModel = (modelId: string) => {
    onModel();
    return new ResponsesBridgeEmbeddingModel(modelId, {
      ...access,
      provider: `${name}.embedding`,
      metadataKey: name,
    });
  };

  return providerFunction<
    ResponsesBridgeLanguageModel,
    ResponsesBridgeEmbeddingModel,
    ResponsesBridgeProvider
  >(createModel, createEmbeddingModel, 'v4');
}

/**
 * The client, created on the first call of any of the provider's models and shared by them, and
 * the key of each call when `apiKey` is a function or a promise.
 */
function upstreamAccess(settings: ResponsesBridgeSettings): UpstreamAccess {
  let upstream: Upstream | undefined;
  const { apiKey } = settings;
  const hasAuthorization = Object.keys(settings.headers ?? {}).some(
    (header) => header.toLowerCase() === 'authorization',
  );
  const perCall = apiKey !== undefined && typeof apiKey !== 'string';

  // Read on the first call, not here, so that a provider can be created at module load without
  // its settings in the environment.
  const getUpstream = (): Upstream => {
    if (upstream !== undefined) return upstream;
    const { headers, queryParams } = settings;
    if (settings.client !== undefined) {
      upstream = createUpstream({ client: settings.client, headers, queryParams });
      return upstream;
    }
    const baseURL =
      loadOptionalSetting({
        settingValue: settings.baseURL,
        environmentVariableName: 'OPENAI_BASE_URL',
      }) || openaiBaseURL;
    // OPENAI_API_KEY belongs to OpenAI, or to the endpoint OPENAI_BASE_URL names: a baseURL given
    // in code (a third party, a local server) never gets it unasked. An empty key (a common way
    // to unset one) means none. A key given as a function or a promise is sent with each request.
    const isOpenAI = new URL(baseURL).hostname === 'api.openai.com';
    const envKeyApplies = isOpenAI || !settings.baseURL;
    const envKey = envKeyApplies
      ? loadOptionalSetting({ settingValue: undefined, environmentVariableName: 'OPENAI_API_KEY' })
      : undefined;
    let staticKey = perCall ? undefined : ((apiKey as string | undefined) ?? envKey) || undefined;
    // OpenAI itself needs a key; local servers (Ollama, vLLM, LM Studio) do not.
    if (!perCall && staticKey === undefined && isOpenAI) {
      staticKey = loadApiKey({
        apiKey: undefined,
        environmentVariableName: 'OPENAI_API_KEY',
        description: 'responses-bridge (OpenAI)',
      });
    }
    upstream = createUpstream({
      baseURL,
      apiKey: staticKey,
      headers,
      fetch: settings.fetch,
      queryParams,
    });
    return upstream;
  };

  return {
    upstream: getUpstream,
    // An Authorization header of the settings wins, as with @ai-sdk/openai-compatible.
    resolveApiKey:
      perCall && !hasAuthorization
        ? async () => {
            const value = typeof apiKey === 'function' ? apiKey() : apiKey;
            return (await value) || undefined;
          }
        : undefined,
  };
}

/**
 * The default provider: `OPENAI_BASE_URL` and `OPENAI_API_KEY` from the environment, read on the
 * first call.
 */
export const responsesBridge: ResponsesBridgeProvider = createResponsesBridge();
