/**
 * Errors of a call, as the AI SDK expects them: `APICallError` with `isRetryable` set from the
 * status (408, 409, 429, 5xx and lost connections are retried by the AI SDK), the response
 * headers (so `Retry-After` is honoured) and the body; `InvalidResponseDataError` when the
 * upstream sent something that is not a chunk. No error carries the API key: every message and
 * body is scrubbed of it.
 */
import { APICallError, InvalidResponseDataError } from '@ai-sdk/provider';
import type { ResponseErrorEvent } from 'openai/resources/responses/responses';
import { isRecord } from '../core/read-chunk';

export interface CallContext {
  url: string;
  requestBodyValues: unknown;
  /** Values that must never appear in an error (the API key). */
  secrets: readonly string[];
}

interface OpenAIErrorLike extends Error {
  status?: number | undefined;
  headers?: Headers | undefined;
  error?: unknown;
}

/** Error bodies exactly as received, keyed by the response headers the openai client keeps. */
const errorBodies = new WeakMap<Headers, string>();

/**
 * Wraps the fetch given to the `openai` client so that the body of an error response is kept as
 * received: the client parses it and keeps only the `error` member.
 */
export function keepErrorBodies(fetchFunction?: typeof fetch): typeof fetch {
  return async (input, init) => {
    const response = await (fetchFunction ?? globalThis.fetch)(input, init);
    if (response.ok) return response;
    const body = await response.text();
    const copy = new Response(body, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
    errorBodies.set(copy.headers, body);
    return copy;
  };
}

/** The error body an upstream sent with these response headers, as received. */
export function recordedErrorBody(headers: Headers): string | undefined {
  return errorBodies.get(headers);
}

export function redact(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length >= 4 && result.includes(secret))
      result = result.split(secret).join('[redacted]');
  }
  return result;
}

export function isRetryableStatus(status: number | undefined): boolean {
  return (
    status === 408 || status === 409 || status === 429 || (status !== undefined && status >= 500)
  );
}

/** The HTTP-like status an error carries: its own, or the one an in-stream error payload names. */
function statusOf(error: OpenAIErrorLike): number | undefined {
  if (typeof error.status === 'number') return error.status;
  const payload = error.error;
  if (!isRecord(payload)) return undefined;
  // Groq: `status_code: 400`; OpenRouter: `code: 502`.
  for (const value of [payload.status_code, payload.status, payload.code]) {
    if (typeof value === 'number' && value >= 100 && value < 600) return value;
  }
  return undefined;
}

/** Any error of a request or its stream → the typed error the AI SDK handles. */
export function toCallError(
  error: unknown,
  context: CallContext,
): APICallError | InvalidResponseDataError {
  if (APICallError.isInstance(error) || InvalidResponseDataError.isInstance(error)) return error;
  const { secrets } = context;
  if (error instanceof SyntaxError) {
    return new InvalidResponseDataError({
      data: undefined,
      message: redact(
        `The upstream sent a chunk that is not valid JSON: ${error.message}`,
        secrets,
      ),
    });
  }
  const source: OpenAIErrorLike =
    error instanceof Error ? error : new Error(typeof error === 'string' ? error : 'Unknown error');
  const status = statusOf(source);
  const payload = source.error;
  // A connection that failed or dropped: the openai client's APIConnectionError, or fetch's.
  // A TypeError is a lost connection only when fetch or the body read says so: the openai client
  // also throws TypeErrors for chunks it cannot read (`choices: [null]`), and retrying those
  // would send the same request for the same failure.
  const lostConnection =
    status === undefined &&
    payload === undefined &&
    (source.name.includes('Connection') ||
      source.constructor.name.includes('Connection') ||
      (source instanceof TypeError &&
        (source.cause !== undefined || /fetch failed|terminated|network/i.test(source.message))));
  const recordedBody = source.headers !== undefined ? errorBodies.get(source.headers) : undefined;
  const responseBody =
    recordedBody !== undefined
      ? recordedBody
      : payload === undefined
        ? typeof source.status === 'number'
          ? stripStatus(source.message, source.status)
          : undefined
        : JSON.stringify(source.status === undefined ? payload : { error: payload });
  // The original error repeats what the upstream said; if that holds the key, it stays behind.
  const payloadText = payload === undefined ? '' : JSON.stringify(payload);
  const headerText =
    source.headers !== undefined ? JSON.stringify(headersToRecord(source.headers)) : '';
  const leaks = secrets.some(
    (secret) =>
      source.message.includes(secret) ||
      payloadText.includes(secret) ||
      headerText.includes(secret),
  );
  return new APICallError({
    message: redact(messageOf(source, payload), secrets),
    url: context.url,
    requestBodyValues: context.requestBodyValues,
    ...(status !== undefined ? { statusCode: status } : {}),
    ...(source.headers !== undefined
      ? { responseHeaders: headersToRecord(source.headers, secrets) }
      : {}),
    ...(responseBody !== undefined ? { responseBody: redact(responseBody, secrets) } : {}),
    isRetryable: lostConnection || isRetryableStatus(status),
    ...(leaks ? {} : { cause: error }),
    ...(payload !== undefined
      ? { data: leaks ? JSON.parse(redact(payloadText, secrets)) : payload }
      : {}),
  });
}

/** The error an in-stream `error` event stands for, when the stream itself did not throw. */
export function eventToCallError(
  event: ResponseErrorEvent,
  context: CallContext,
): APICallError | InvalidResponseDataError {
  if (event.code === 'invalid_chunk') {
    return new InvalidResponseDataError({
      data: undefined,
      message: redact(event.message, context.secrets),
    });
  }
  const status = event.code !== null && /^\d{3}$/.test(event.code) ? Number(event.code) : undefined;
  return new APICallError({
    message: redact(event.message, context.secrets),
    url: context.url,
    requestBodyValues: context.requestBodyValues,
    ...(status !== undefined ? { statusCode: status } : {}),
    responseBody: redact(
      JSON.stringify({ error: { code: event.code, message: event.message } }),
      context.secrets,
    ),
    isRetryable: isRetryableStatus(status),
    data: { code: event.code, message: event.message, param: event.param },
  });
}

function messageOf(error: Error, payload: unknown): string {
  if (isRecord(payload) && typeof payload.message === 'string' && payload.message) {
    return payload.message;
  }
  return error.message || 'The request failed.';
}

/** The openai client prefixes the body it could not parse with the status. */
function stripStatus(message: string, status: number): string {
  const prefix = `${status} `;
  if (message === `${status} status code (no body)`) return '';
  return message.startsWith(prefix) ? message.slice(prefix.length) : message;
}

/** Response headers as a record, scrubbed of the secrets (an upstream may echo the key). */
export function headersToRecord(
  headers: Headers,
  secrets: readonly string[] = [],
): Record<string, string> {
  const record: Record<string, string> = {};
  headers.forEach((value, key) => {
    record[key] = redact(value, secrets);
  });
  return record;
}

/**
 * The error a failed chunk stream hands the converter: the same code and status, its message
 * scrubbed, so that the `error` and `response.failed` events never carry the key.
 */
export function redactedError(error: unknown, secrets: readonly string[]): unknown {
  if (!(error instanceof Error)) return typeof error === 'string' ? redact(error, secrets) : error;
  const message = redact(error.message, secrets);
  if (message === error.message) return error;
  const { code, status } = error as { code?: unknown; status?: unknown };
  return Object.assign(new Error(message), { code, status });
}
