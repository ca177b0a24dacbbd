/**
 * The `error` event of a stream that failed, from the error the upstream reported: nested as the
 * real API sends it (fixture responses-streams/error-insufficient-quota), and flat as the openai
 * types still describe it.
 */
import type { ChunkError } from './read-chunk';
import type { EventBody } from './stream-state';

/** The event body (without its sequence number) that reports `error` to the client. */
export function toErrorEvent(error: ChunkError): EventBody {
  return {
    type: 'error',
    error: {
      type: error.type ?? toErrorType(error.code),
      code: error.code,
      message: error.message,
      param: error.param,
    },
    code: error.code,
    message: error.message,
    param: error.param,
  } as EventBody;
}

/** The error type of an upstream error code, as the Responses API names them. */
function toErrorType(code: string | null): string {
  if (code === '429' || code?.startsWith('rate_limit')) return 'rate_limit_error';
  if (code !== null && /^4\d\d$/.test(code)) return 'invalid_request_error';
  return 'server_error';
}
