/**
 * Errors of a call, as the AI SDK expects them: `APICallError` with `isRetryable` set from the
 * status (408, 409, 429, 5xx and lost connections are retried by the AI SDK), the response
 * headers (so `Retry-After` is honoured) and the body; `InvalidResponseDataError` when the
 * upstream sent something that is not a chunk. No error carries a secret: every message, body
 * and header is scrubbed of them.
 */
import { APICallError, InvalidResponseDataError } from '@ai-sdk/provider';
import { type ChunkError, isRecord } from '../core/read-chunk';
import { headersToRecord, leaks, messageLimit, redact } from '../upstream/redact';
import { shorten } from '../upstream/shorten';
import {
  isRetryableStatus,
  statusOfChunkError,
  toUpstreamFailure,
  type UpstreamFailure,
} from '../upstream/upstream-failure';
import { toNotFoundMessage } from './to-not-found-message';

export interface CallContext {
  /** The URL called, query included (scrubbed of the secrets before it is reported). */
  url: string;
  requestBodyValues: unknown;
  /** Values that must never appear in an error (the API key, credential headers). */
  secrets: readonly string[];
}

/**
 * The most of an error body an APICallError keeps (`responseBody`); past it, the body is cut and
 * says how much was left out. Its message is at most `messageLimit` (2,000) characters.
 */
export const responseBodyLimit = 64 * 1024;

/** Any error of a request or its stream → the typed error the AI SDK handles. */
export function toApiCallError(
  error: unknown,
  context: CallContext,
): APICallError | InvalidResponseDataError {
  if (APICallError.isInstance(error) || InvalidResponseDataError.isInstance(error)) return error;
  const { secrets } = context;
  const failure = toUpstreamFailure(error, secrets);
  if (failure.kind === 'invalid-data') {
    return new InvalidResponseDataError({
      data: undefined,
      message: shorten(
        redact(`The upstream sent a chunk that is not valid JSON: ${failure.message}`, secrets),
        messageLimit,
      ),
    });
  }
  const { status, payload, headers } = failure;
  const source = error instanceof Error ? error : undefined;
  const sourceStatus = (source as { status?: unknown } | undefined)?.status;
  const responseBody =
    failure.body !== undefined
      ? failure.body
      : payload === undefined
        ? typeof sourceStatus === 'number'
          ? stripStatus(source?.message ?? '', sourceStatus)
          : undefined
        : JSON.stringify(sourceStatus === undefined ? payload : { error: payload });
  // The original error repeats what the upstream said; if that holds a secret, or is too long
  // to carry around, a scrubbed, shortened copy stands in for it.
  const payloadText = payload === undefined ? '' : JSON.stringify(payload);
  const headerText = headers !== undefined ? JSON.stringify(headersToRecord(headers)) : '';
  const leaked =
    leaks(source?.message ?? '', secrets) ||
    leaks(payloadText, secrets) ||
    leaks(headerText, secrets);
  const cause =
    source !== undefined && (leaked || source.message.length > messageLimit)
      ? scrubbedCopy(source, secrets)
      : error;
  const url = redact(context.url, secrets);
  return new APICallError({
    message: shorten(redact(callErrorMessage(failure, url), secrets), messageLimit),
    url,
    requestBodyValues: context.requestBodyValues,
    ...(status !== undefined ? { statusCode: status } : {}),
    ...(headers !== undefined ? { responseHeaders: headersToRecord(headers, secrets) } : {}),
    ...(responseBody !== undefined
      ? { responseBody: shorten(redact(responseBody, secrets), responseBodyLimit) }
      : {}),
    isRetryable:
      failure.kind === 'connection' || failure.kind === 'timeout' || isRetryableStatus(status),
    cause,
    ...(payload !== undefined
      ? { data: leaked ? JSON.parse(redact(payloadText, secrets)) : payload }
      : {}),
  });
}

/**
 * What a user meets first, said plainly: a refused connection names its cause, as
 * @ai-sdk/openai-compatible does ("Cannot connect to API: connect ECONNREFUSED 127.0.0.1:59999"),
 * and a 404 that is not the API's own error names the URL called and the base URL to try.
 */
function callErrorMessage(failure: UpstreamFailure, url: string): string {
  const { reason } = failure;
  if (failure.kind === 'connection' && reason !== undefined) {
    // The `openai` client's own message when no answer came, in every copy of it.
    return failure.message === 'Connection error.'
      ? `Cannot connect to API: ${reason}`
      : `${failure.message}: ${reason}`;
  }
  const payload = failure.payload;
  const apiMessage = isRecord(payload) && typeof payload.message === 'string' && payload.message;
  if (failure.status === 404 && !apiMessage) return toNotFoundMessage(url, failure.body);
  return failure.message;
}

/** An error like `error` (name, code, status), its message scrubbed and shortened, no cause. */
function scrubbedCopy(error: Error, secrets: readonly string[]): Error {
  const { code, status } = error as { code?: unknown; status?: unknown };
  const copy = new Error(shorten(redact(error.message, secrets), messageLimit));
  copy.name = error.name;
  return Object.assign(copy, { code, status });
}

/**
 * The error a stream reported (an error payload the upstream sent in it): an `APICallError`
 * with the status the payload names, retryable when that status is, or
 * `InvalidResponseDataError` for chunks that were not chunks.
 */
export function chunkErrorToApiCallError(
  error: ChunkError,
  context: CallContext,
): APICallError | InvalidResponseDataError {
  const { secrets } = context;
  if (error.code === 'invalid_chunk') {
    return new InvalidResponseDataError({
      data: undefined,
      message: shorten(redact(error.message, secrets), messageLimit),
    });
  }
  const status = statusOfChunkError(error);
  const payload = error.payload ?? { code: error.code, message: error.message, param: error.param };
  return new APICallError({
    message: shorten(redact(error.message, secrets), messageLimit),
    url: redact(context.url, secrets),
    requestBodyValues: context.requestBodyValues,
    ...(status !== undefined ? { statusCode: status } : {}),
    responseBody: shorten(redact(JSON.stringify({ error: payload }), secrets), responseBodyLimit),
    isRetryable: isRetryableStatus(status),
    data: payload,
  });
}

/** The openai client prefixes the body it could not parse with the status. */
function stripStatus(message: string, status: number): string {
  const prefix = `${status} `;
  if (message === `${status} status code (no body)`) return '';
  return message.startsWith(prefix) ? message.slice(prefix.length) : message;
}
