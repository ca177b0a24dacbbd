/**
 * What went wrong with an upstream call, read once from whatever was thrown (the `openai`
 * client's errors, fetch's, an in-stream error payload) into one plain description that the
 * provider turns into an `APICallError` and the server into an HTTP error answer.
 */
import { APIConnectionError, APIConnectionTimeoutError } from 'openai';
import { type ChunkError, isRecord } from '../core/read-chunk';
import { recordedErrorBody } from './error-bodies';
import { redirectLocation } from './fetch-without-redirects';
import { NotAStreamError } from './read-chat-stream';
import { messageLimit, redact } from './redact';
import { shorten } from './shorten';

export { messageLimit };

export interface UpstreamFailure {
  /**
   * `http`: the upstream answered with an error status (or sent an error payload that names
   * one); `connection`: no answer, or the connection dropped; `timeout`: no answer in time;
   * `invalid-data`: the upstream sent something that is not JSON; `other`: anything else.
   */
  kind: 'http' | 'connection' | 'timeout' | 'invalid-data' | 'other';
  status: number | undefined;
  /**
   * The upstream's message (its error payload's, else the error's), scrubbed of the secrets and
   * at most `messageLimit` characters; a redirect's names its location.
   */
  message: string;
  /** The response headers of an HTTP error. */
  headers: Headers | undefined;
  /** The error body exactly as received, when there was one. */
  body: string | undefined;
  /** The parsed error payload (`error` member of the body, or an in-stream error). */
  payload: unknown;
  /**
   * Why a connection failed, from the bottom of the cause chain (`connect ECONNREFUSED
   * 127.0.0.1:59999`, `getaddrinfo ENOTFOUND host`), scrubbed and shortened; only when it says
   * more than `message` (the `openai` client's is just "Connection error.").
   */
  reason?: string;
}

interface ErrorLike {
  status?: unknown;
  headers?: unknown;
  error?: unknown;
  message?: unknown;
  name?: unknown;
  cause?: unknown;
}

export function toUpstreamFailure(
  error: unknown,
  secrets: readonly string[] = [],
): UpstreamFailure {
  const failure = readFailure(error);
  // Scrubbed before it is cut, so that no part of a secret is left at the cut.
  const scrub = (text: string) => shorten(redact(text, secrets), messageLimit);
  const { reason, ...rest } = failure;
  return {
    ...rest,
    message: scrub(failure.message),
    ...(reason !== undefined ? { reason: scrub(reason) } : {}),
  };
}

/** The failure with its message whole, for callers that scrub and shorten it themselves. */
function readFailure(error: unknown): UpstreamFailure {
  const source: ErrorLike = isRecord(error) || error instanceof Error ? (error as ErrorLike) : {};
  const headers = source.headers instanceof Headers ? source.headers : undefined;
  const payload = source.error;
  const status = statusOf(source);
  const body = headers !== undefined ? recordedErrorBody(headers) : undefined;
  const message =
    status !== undefined && status >= 300 && status < 400
      ? redirectMessage(status, redirectLocation(status, headers))
      : messageOf(error, payload);
  const failure = { status, message, headers, body, payload };
  if (error instanceof SyntaxError || error instanceof NotAStreamError) {
    return { kind: 'invalid-data', ...failure };
  }
  if (status !== undefined) return { kind: 'http', ...failure };
  if (payload !== undefined) return { kind: 'other', ...failure };
  if (isTimeout(error)) return { kind: 'timeout', ...failure };
  if (isLostConnection(error)) {
    const reason = connectionReason(error);
    return {
      kind: 'connection',
      ...failure,
      ...(reason !== undefined && reason !== message ? { reason } : {}),
    };
  }
  return { kind: 'other', ...failure };
}

/**
 * The innermost message of a cause chain: undici wraps the socket's error ("connect ECONNREFUSED
 * 127.0.0.1:59999") in "fetch failed", and the `openai` client wraps that in "Connection error.".
 * Node's address selection reports each address tried in an AggregateError with no message.
 */
function connectionReason(error: unknown): string | undefined {
  let reason: string | undefined;
  let current: unknown = error;
  for (let depth = 0; depth < 8 && isRecord(current); depth++) {
    const { message, errors } = current as { message?: unknown; errors?: unknown };
    if (typeof message === 'string' && message !== '') reason = message;
    else if (Array.isArray(errors)) {
      const messages = errors
        .map((each) => (isRecord(each) ? (each as { message?: unknown }).message : undefined))
        .filter((each): each is string => typeof each === 'string' && each !== '');
      if (messages.length > 0) reason = [...new Set(messages)].join('; ');
    }
    current = current.cause;
  }
  return reason;
}

/**
 * The HTTP status an upstream error code stands for: a numeric code as a number or a string
 * (`"429"`, LiteLLM), or the names OpenAI, LiteLLM and others give them.
 */
export function statusOfErrorCode(code: unknown): number | undefined {
  if (typeof code === 'number') return code >= 100 && code < 600 ? code : undefined;
  if (typeof code !== 'string') return undefined;
  if (/^[1-5]\d\d$/.test(code)) return Number(code);
  return statusByName[code.toLowerCase().replace(/[^a-z]/g, '')];
}

const statusByName: Record<string, number> = {
  ratelimitexceeded: 429,
  ratelimit: 429,
  ratelimiterror: 429,
  toomanyrequests: 429,
  insufficientquota: 429,
  servererror: 500,
  internalerror: 500,
  internalservererror: 500,
  apierror: 500,
  overloaded: 503,
  overloadederror: 503,
  serviceunavailable: 503,
  serviceunavailableerror: 503,
  timeout: 504,
  timeouterror: 504,
  badrequest: 400,
  badrequesterror: 400,
  invalidrequesterror: 400,
  contextlengthexceeded: 400,
  contextwindowexceedederror: 400,
  authenticationerror: 401,
  invalidapikey: 401,
  permissiondenied: 403,
  permissiondeniederror: 403,
  notfound: 404,
  notfounderror: 404,
};

/** The status of an error an upstream sent in its stream: named in it, or by its code. */
export function statusOfChunkError(error: ChunkError): number | undefined {
  return error.status ?? statusOfErrorCode(error.code) ?? statusOfErrorCode(error.type);
}

/**
 * A thrown upstream error as the error a stream reports: its code, status and message (whole:
 * `redactChunkError` scrubs and shortens it).
 */
export function toChunkError(error: unknown): ChunkError {
  const failure = readFailure(error);
  const payload = isRecord(failure.payload) ? failure.payload : undefined;
  const rawCode = payload?.code ?? payload?.type ?? (error as { code?: unknown } | null)?.code;
  const code =
    typeof rawCode === 'string' && rawCode !== ''
      ? rawCode
      : typeof rawCode === 'number'
        ? String(rawCode)
        : failure.status !== undefined
          ? String(failure.status)
          : null;
  const type = typeof payload?.type === 'string' && payload.type !== '' ? payload.type : undefined;
  return {
    ...(type !== undefined ? { type } : {}),
    code,
    message: failure.message,
    param: typeof payload?.param === 'string' ? payload.param : null,
    ...(failure.status !== undefined ? { status: failure.status } : {}),
    ...(failure.payload !== undefined ? { payload: failure.payload } : {}),
  };
}

export function isRetryableStatus(status: number | undefined): boolean {
  return (
    status === 408 || status === 409 || status === 429 || (status !== undefined && status >= 500)
  );
}

/** The HTTP-like status an error carries: its own, or the one an in-stream error payload names. */
function statusOf(error: ErrorLike): number | undefined {
  if (typeof error.status === 'number') return error.status;
  const payload = error.error;
  if (!isRecord(payload)) return undefined;
  // Groq: `status_code: 400`; OpenRouter: `code: 502`; LiteLLM: `code: "429"`.
  for (const value of [payload.status_code, payload.status, payload.code]) {
    if (typeof value === 'number' && value >= 100 && value < 600) return value;
  }
  return statusOfErrorCode(payload.code) ?? statusOfErrorCode(payload.type);
}

/**
 * The `openai` client's APIError, from any copy of the client, minified or not (where class
 * names are mangled and `name` is plain `Error`): the fields it always has.
 */
function hasApiErrorShape(error: Error): error is Error & ErrorLike {
  return 'status' in error && 'headers' in error && 'error' in error;
}

function isTimeout(error: unknown): boolean {
  if (error instanceof APIConnectionTimeoutError) return true;
  if (!(error instanceof Error)) return false;
  // AbortSignal.timeout's DOMException: a platform name, which no bundler renames.
  if (error.name === 'TimeoutError') return true;
  // APIConnectionTimeoutError of another copy: no status, no cause, its fixed message.
  return (
    hasApiErrorShape(error) &&
    error.status === undefined &&
    error.cause === undefined &&
    /timed out/i.test(error.message)
  );
}

/** Error codes of sockets and of undici that mean the connection failed or dropped. */
const connectionCodes =
  /^(?:ECONNREFUSED|ECONNRESET|ECONNABORTED|EPIPE|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|ENETDOWN|UND_ERR_\w+)$/;

/**
 * A connection that failed or dropped, recognised by what it is, never by a class name (bundlers
 * rename classes): the openai client's APIConnectionError, of this copy or by its shape (no
 * status, a cause); a socket error code anywhere in the cause chain; or fetch's TypeError. A
 * TypeError is a lost connection only when fetch or the body read says so: the openai client
 * also throws TypeErrors for chunks it cannot read (`choices: [null]`), and retrying those would
 * send the same request for the same failure.
 */
function isLostConnection(error: unknown): boolean {
  if (error instanceof APIConnectionError) return true;
  if (!(error instanceof Error)) return false;
  if (hasApiErrorShape(error) && error.status === undefined && error.cause !== undefined) {
    return true;
  }
  if (hasConnectionCode(error)) return true;
  return (
    error instanceof TypeError &&
    (error.cause !== undefined || /fetch failed|terminated|network/i.test(error.message))
  );
}

function hasConnectionCode(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && isRecord(current); depth++) {
    if (typeof current.code === 'string' && connectionCodes.test(current.code)) return true;
    current = current.cause;
  }
  return false;
}

function redirectMessage(status: number, location: string | undefined): string {
  const where =
    location === undefined
      ? 'a redirect without a Location header'
      : `a redirect to ${shorten(location, 500)}`;
  return `The upstream answered ${status}, ${where}, which is not followed (the request and its headers would go there too). Set the base URL to the address that answers.`;
}

function messageOf(error: unknown, payload: unknown): string {
  if (isRecord(payload) && typeof payload.message === 'string' && payload.message) {
    return payload.message;
  }
  if (error instanceof Error && error.message) return error.message;
  if (typeof error === 'string' && error) return error;
  return 'The request failed.';
}
