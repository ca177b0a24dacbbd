export type { GenerateId } from './responses/ids';
export type { ResponseFunctionToolCallWithSignature } from './responses/output-items';
export { toResponse } from './responses/to-response';
export { type ToResponsesEventsOptions, toResponsesEvents } from './responses/to-responses-events';
export { toResponsesSSE } from './server/to-responses-sse';
