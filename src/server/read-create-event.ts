/**
 * The messages of WebSocket mode: a `response.create` event read into a create body, and the
 * errors of a message that is not one.
 */
import { type ResponsesErrorBody, ResponsesHandlerError } from './responses-errors';

/** The error body of a message WebSocket mode cannot take. */
export function invalidMessage(message: string, code = 'invalid_message'): ResponsesErrorBody {
  return { type: 'invalid_request_error', code, message, param: null };
}

/** The create body of a `response.create` message; anything else is a 400. */
export function readCreateEvent(message: string): Record<string, unknown> {
  let json: unknown;
  try {
    json = JSON.parse(message);
  } catch {
    throw new ResponsesHandlerError(
      400,
      invalidMessage('The message is not JSON: send a response.create event.', 'invalid_json'),
    );
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ResponsesHandlerError(400, invalidMessage('Send a response.create event object.'));
  }
  const { type, ...body } = json as Record<string, unknown>;
  if (type !== 'response.create') {
    throw new ResponsesHandlerError(
      400,
      invalidMessage(
        `Unsupported event type '${String(type).slice(0, 100)}': send response.create.`,
        'unknown_event_type',
      ),
    );
  }
  // The spec says a client sends none of the HTTP streaming fields; Codex sends `stream: true`
  // (and the real API takes it), so the values that agree with WebSocket mode are dropped and
  // only the ones that ask for something else are refused.
  const { stream, stream_options: _options, background, ...rest } = body;
  const refused =
    stream !== undefined && stream !== true
      ? 'stream'
      : background !== undefined && background !== false
        ? 'background'
        : 'stream_id' in rest
          ? 'stream_id'
          : undefined;
  if (refused !== undefined) {
    throw new ResponsesHandlerError(400, {
      type: 'invalid_request_error',
      code: 'unsupported_parameter',
      message:
        refused === 'stream_id'
          ? "'stream_id' is not supported: this server answers one response at a time per connection."
          : `'${refused}' cannot be ${JSON.stringify(refused === 'stream' ? stream : background).slice(0, 20)} in WebSocket mode: every response streams on the socket.`,
      param: refused,
    });
  }
  return rest;
}
