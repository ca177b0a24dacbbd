import type { ResponsesBridgeEmbeddingModel } from '../ai-sdk/responses-bridge-embedding-model';
import type { ResponsesBridgeLanguageModel } from '../ai-sdk/responses-bridge-language-model';

/** An older-spec model over the V4 model: the identity is the V4 model's. */
export abstract class WrappedModel {
  protected readonly model: ResponsesBridgeLanguageModel;

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
}

/** An older-spec embedding model over the V4 one: the identity and limits are the V4 model's. */
export abstract class WrappedEmbeddingModel {
  protected readonly model: ResponsesBridgeEmbeddingModel;

  constructor(model: ResponsesBridgeEmbeddingModel) {
    this.model = model;
  }

  get provider(): string {
    return this.model.provider;
  }

  get modelId(): string {
    return this.model.modelId;
  }

  get maxEmbeddingsPerCall(): number {
    return this.model.maxEmbeddingsPerCall;
  }

  get supportsParallelCalls(): boolean {
    return this.model.supportsParallelCalls;
  }
}

/** Call options whose headers may hold `undefined` (V1, V2) with those headers left out. */
export function withDefinedHeaders<
  OPTIONS extends { headers?: Record<string, string | undefined> },
>(options: OPTIONS): Omit<OPTIONS, 'headers'> & { headers?: Record<string, string> } {
  const { headers, ...rest } = options;
  if (headers === undefined) return rest;
  const defined: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers))
    if (value !== undefined) defined[name] = value;
  return { ...rest, headers: defined };
}
