import type { SharedV4ProviderMetadata } from '@ai-sdk/provider';

/**
 * Reads provider-specific fields of the raw upstream response into `providerMetadata`: the
 * interface of @ai-sdk/openai-compatible's `MetadataExtractor`, so that one written for it works
 * here unchanged.
 */
export interface ResponsesBridgeMetadataExtractor {
  /** From a whole, non-streamed chat completion (`doGenerate`); the body as received. */
  extractMetadata: (options: {
    parsedBody: unknown;
  }) => PromiseLike<SharedV4ProviderMetadata | undefined> | SharedV4ProviderMetadata | undefined;
  /** One per stream: given every chunk as received, then asked for the metadata at the end. */
  createStreamExtractor: () => {
    processChunk(parsedChunk: unknown): void;
    buildMetadata(): SharedV4ProviderMetadata | undefined;
  };
}

/**
 * The provider's metadata with the extractor's merged in, namespace by namespace; in this
 * provider's own namespace, `responseId` and `response` stay the Response's.
 */
export function mergeMetadata(
  own: SharedV4ProviderMetadata,
  extracted: SharedV4ProviderMetadata | undefined,
  metadataKey: string,
): SharedV4ProviderMetadata {
  if (extracted === undefined) return own;
  const merged: SharedV4ProviderMetadata = { ...own };
  for (const [key, value] of Object.entries(extracted)) {
    merged[key] = key === metadataKey ? { ...value, ...own[key] } : { ...own[key], ...value };
  }
  return merged;
}
