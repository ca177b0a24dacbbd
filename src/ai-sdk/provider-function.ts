import { NoSuchModelError } from '@ai-sdk/provider';

/**
 * The AI SDK's provider shape, for every spec version: a function that makes a language model,
 * with `languageModel` and `chat` doing the same, and the other model kinds refused with
 * `NoSuchModelError` (a Chat Completions endpoint has only chat models here).
 */
export function providerFunction<MODEL, PROVIDER>(
  createModel: (modelId: string) => MODEL,
  specificationVersion?: 'v2' | 'v3' | 'v4',
): PROVIDER {
  const refuse =
    (modelType: 'embeddingModel' | 'imageModel') =>
    (modelId: string): never => {
      throw new NoSuchModelError({ modelId, modelType });
    };
  const provider = (modelId: string) => createModel(modelId);
  return Object.assign(provider, {
    ...(specificationVersion !== undefined ? { specificationVersion } : {}),
    languageModel: createModel,
    chat: createModel,
    embeddingModel: refuse('embeddingModel'),
    textEmbeddingModel: refuse('embeddingModel'),
    imageModel: refuse('imageModel'),
  }) as PROVIDER;
}
