export type { ReasoningMetadata, ToolCallMetadata } from './ai-sdk/item-metadata';
export { ResponsesBridgeLanguageModel } from './ai-sdk/responses-bridge-language-model';
export type {
  ResponsesBridgeModelId,
  ResponsesBridgeProviderOptions,
  ResponsesBridgeSettings,
} from './ai-sdk/responses-bridge-options';
export {
  createResponsesBridge,
  type ResponsesBridgeProvider,
  responsesBridge,
} from './ai-sdk/responses-bridge-provider';
export type { GenerateId } from './responses/ids';
export type { ResponseFunctionToolCallWithSignature } from './responses/output-items';
export { toResponse } from './responses/to-response';
export { type ToResponsesEventsOptions, toResponsesEvents } from './responses/to-responses-events';
export {
  createResponsesHandler,
  type ResponsesHandler,
  type ResponsesHandlerOptions,
} from './server/responses-handler';
export { toResponsesSSE } from './server/to-responses-sse';
