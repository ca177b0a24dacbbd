import { ResponsesHandlerError } from './responses-errors';

/**
 * Any error of the service as the API's error: a `ResponsesHandlerError` as it is, a store that
 * is down as a 503 with `retry-after`, anything else as a 500.
 */
export function toServiceError(error: unknown): ResponsesHandlerError {
  if (error instanceof ResponsesHandlerError) return error;
  if (error instanceof Error && error.name === 'StoreUnavailableError') {
    return new ResponsesHandlerError(
      503,
      {
        message: `The response store is unavailable: ${error.message}`,
        type: 'server_error',
        param: null,
        code: 'store_unavailable',
      },
      { 'retry-after': '1' },
    );
  }
  // A bug of ours, not the client's or the upstream's: still an answer in the API's shape.
  return new ResponsesHandlerError(500, {
    message: `The server had an error while processing the request: ${error instanceof Error ? error.message : String(error)}`,
    type: 'server_error',
    param: null,
    code: null,
  });
}
