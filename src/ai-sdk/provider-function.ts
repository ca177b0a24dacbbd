import { NoSuchModelError } from '@ai-sdk/provider';

/**
 * The AI SDK's provider shape, for every spec version: a function that makes a language model,
 * with `languageModel`, `chat` and `chatModel` doing the same, `embeddingModel` and
 * `textEmbeddingModel` making embedding models, and image models refused with `NoSuchModelError`
 * (a Chat Completions endpoint has none here).
 */
export function providerFunction<MODEL, EMBEDDING_MODEL, PROVIDER>(
  createModel: (modelId: string) => MODEL,
  createEmbeddingModel: (modelId: string) => EMBEDDING_MODEL,
  specificationVersion?: 'v2' | 'v3' | 'v4',
): PROVIDER {
  const provider = (modelId: string) => createModel(modelId);
  return Object.assign(provider, {
    ...(specificationVersion !== undefined ? { specificationVersion } : {}),
    languageModel: createModel,
    chat: createModel,
    chatModel: createModel,
    embeddingModel: createEmbeddingModel,
    textEmbeddingModel: createEmbeddingModel,
    imageModel: (modelId: string): never => {
      throw new NoSuchModelError({ modelId, modelType: 'imageModel' });
    },
  }) as PROVIDER;
}
