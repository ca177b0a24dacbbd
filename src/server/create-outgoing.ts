/**
 * What each event of a created response goes through on its way to the client: its reasoning
 * sealed as `include` asks, and at the terminal event the response stored first.
 */
import type {
  ResponseStreamEvent,
  Response as ResponsesResponse,
} from 'openai/resources/responses/responses';
import type { ReasoningSealing } from './reasoning-seal';
import type { ResponsesHandlerError } from './responses-errors';
import { toServiceError } from './to-service-error';
import type { Outgoing } from './upstream-call';

const terminalTypes = new Set(['response.completed', 'response.incomplete', 'response.failed']);

/**
 * The outgoing step of a streamed response: events sealed by `sealing`; the terminal event sent
 * once `finish` has stored its response, or as `response.failed` when storing failed.
 */
export function createOutgoing(
  sealing: ReasoningSealing,
  finish: (response: ResponsesResponse) => Promise<void>,
): Outgoing {
  return async (event) => {
    if (!terminalTypes.has(event.type)) return sealing.event(event);
    const { response } = event as ResponseStreamEvent & { response: ResponsesResponse };
    try {
      await finish(response);
    } catch (error) {
      return sealing.event(notStored(event, response, toServiceError(error)));
    }
    return sealing.event(event);
  };
}

/**
 * A response the client asked to store that could not be: it ends failed, with the store's
 * error, though all its output was streamed — a continuation of it would not be found.
 */
function notStored(
  event: ResponseStreamEvent,
  response: ResponsesResponse,
  error: ResponsesHandlerError,
): ResponseStreamEvent {
  return {
    type: 'response.failed',
    sequence_number: (event as { sequence_number: number }).sequence_number,
    response: {
      ...response,
      status: 'failed',
      error: { code: (error.body.code ?? 'server_error') as never, message: error.message },
    },
  };
}
