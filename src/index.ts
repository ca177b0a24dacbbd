export type {
  Response,
  ResponseFunctionToolCall,
  ResponseInputItem,
  ResponseOutputItem,
  ResponseOutputMessage,
  ResponseReasoningItem,
  ResponseStreamEvent,
  ResponseUsage,
} from 'openai/resources/responses/responses';
export type { ResponsesBridgeMetadataExtractor } from './ai-sdk/metadata-extractor';
export type { ReasoningMetadata, ToolCallMetadata } from './ai-sdk/part-metadata';
export { ResponsesBridgeEmbeddingModel } from './ai-sdk/responses-bridge-embedding-model';
export { ResponsesBridgeLanguageModel } from './ai-sdk/responses-bridge-language-model';
export {
  type ResponsesBridgeMetadata,
  responsesBridgeMetadata,
} from './ai-sdk/responses-bridge-metadata';
export {
  createResponsesBridge,
  type ResponsesBridgeProvider,
  responsesBridge,
} from './ai-sdk/responses-bridge-provider';
export type {
  ResponsesBridgeChatUsage,
  ResponsesBridgeEmbeddingOptions,
  ResponsesBridgeModelId,
  ResponsesBridgeProviderOptions,
  ResponsesBridgeResolvable,
  ResponsesBridgeSettings,
  ResponsesBridgeSupportedUrls,
} from './ai-sdk/responses-bridge-settings';
export type { ResponseFunctionToolCallWithSignature } from './core/function-call-item';
export type { GenerateId } from './core/generate-id';
export { toResponse } from './core/to-response';
export { type ToResponsesEventsOptions, toResponsesEvents } from './core/to-responses-events';
export {
  createResponsesHandler,
  type ResponsesHandler,
  type ResponsesHandlerOptions,
} from './server/responses-handler';
export { createMemoryStore, type MemoryStoreOptions } from './server/store/memory-store';
export {
  createRedisStore,
  type RedisStoreClient,
  type RedisStoreMulti,
  type RedisStoreOptions,
} from './server/store/redis-store';
export {
  type ResponsesStore,
  type StoredItem,
  type StoredResponse,
  StoreUnavailableError,
} from './server/store/responses-store';
export { toResponsesSSE } from './server/to-responses-sse';
