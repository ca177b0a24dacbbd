/**
 * Errors of the `/v1/responses` handler, in the shape the Responses API sends them
 * (`{"error":{"message","type","param","code"}}`), so that the official clients raise the same
 * typed errors (`BadRequestError`, `RateLimitError`, …) as against the real API. Upstream errors
 * keep the upstream's status and message, scrubbed of the API key.
 */

import type { z } from 'zod/v4';
import { isRecord } from '../core/read-chunk';
import { redact } from '../upstream/redact';
import { toUpstreamFailure } from '../upstream/upstream-failure';

export interface ResponsesErrorBody {
  message: string;
  type: string;
  param: string | null;
  code: string | null;
}

/** An error that becomes an HTTP response: its status, the error body and any extra headers. */
export class ResponsesHandlerError extends Error {
  readonly status: number;
  readonly body: ResponsesErrorBody;
  readonly headers: Record<string, string>;

  constructor(status: number, body: ResponsesErrorBody, headers: Record<string, string> = {}) {
    super(body.message);
    this.name = 'ResponsesHandlerError';
    this.status = status;
    this.body = body;
    this.headers = headers;
  }
}

/** A 400 `invalid_request_error`, the answer to anything wrong with the request itself. */
export function invalidRequest(
  message: string,
  param: string | null,
  code: string | null,
): ResponsesHandlerError {
  return new ResponsesHandlerError(400, { message, type: 'invalid_request_error', param, code });
}

/**
 * A request feature this server cannot honour: it forwards each request to a Chat Completions
 * backend and keeps nothing, so anything that needs stored state or OpenAI-hosted tools is
 * refused rather than quietly ignored.
 */
export function unsupported(
  message: string,
  param: string,
  code: 'unsupported_parameter' | 'unsupported_value',
): ResponsesHandlerError {
  return invalidRequest(message, param, code);
}

export function errorResponse(
  error: ResponsesHandlerError,
  headers: Record<string, string> = {},
): Response {
  return jsonResponse({ error: error.body }, error.status, { ...error.headers, ...headers });
}

/** `Response.json` without needing it: Node 18's early releases lack the static method. */
export function jsonResponse(
  value: unknown,
  status: number,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify(value), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

/** Headers of an upstream error worth passing on: when to retry. */
const forwardedErrorHeaders = ['retry-after', 'retry-after-ms'];

/**
 * Any error of the upstream call → the error response: an HTTP error keeps its status and the
 * upstream's message; a connection that failed is a 502, a timeout a 504.
 */
export function upstreamError(error: unknown, secrets: readonly string[]): ResponsesHandlerError {
  const failure = toUpstreamFailure(error, secrets);
  const { status } = failure;
  if (failure.kind === 'http' && status !== undefined && status >= 400 && status < 600) {
    // Scrubbed whole, before any of it is cut to a message.
    const raw = failure.body === undefined ? undefined : redact(failure.body, secrets);
    const body = upstreamErrorBody(raw, failure.payload, status);
    const extraHeaders: Record<string, string> = {};
    for (const name of forwardedErrorHeaders) {
      const value = failure.headers?.get(name);
      if (value) extraHeaders[name] = value;
    }
    return new ResponsesHandlerError(
      status,
      { ...body, message: redact(body.message, secrets) },
      extraHeaders,
    );
  }
  if (failure.kind === 'http' && status !== undefined && status >= 300 && status < 400) {
    return new ResponsesHandlerError(502, {
      message: failure.message,
      type: 'server_error',
      param: null,
      code: 'upstream_redirect',
    });
  }
  if (failure.kind === 'timeout') {
    return new ResponsesHandlerError(504, {
      message: 'The upstream Chat Completions server did not answer in time.',
      type: 'server_error',
      param: null,
      code: 'upstream_timeout',
    });
  }
  if (failure.kind === 'connection' || error instanceof TypeError) {
    return new ResponsesHandlerError(502, {
      // The cause (`connect ECONNREFUSED 127.0.0.1:11434`), scrubbed, says what to fix.
      message: `Could not reach the upstream Chat Completions server: ${failure.message}${
        failure.reason !== undefined ? ` (${failure.reason})` : ''
      }`,
      type: 'server_error',
      param: null,
      code: 'upstream_connection_error',
    });
  }
  // A 200 whose body is not JSON, or a client-side failure: the upstream did not answer usably.
  return new ResponsesHandlerError(502, {
    message: `The upstream Chat Completions server sent an unusable answer: ${failure.message}`,
    type: 'server_error',
    param: null,
    code: 'upstream_invalid_response',
  });
}

/**
 * The upstream's own error, in the Responses shape. OpenAI, Ollama, OpenRouter and LiteLLM send
 * `{"error":{…}}`; vLLM sends the fields at the top level with a numeric `code`; some servers
 * send `{"error":"…"}`, `{"detail":…}` or plain text.
 */
function upstreamErrorBody(
  raw: string | undefined,
  parsedError: unknown,
  status: number,
): ResponsesErrorBody {
  const fallbackType = status >= 500 ? 'server_error' : 'invalid_request_error';
  let json: unknown = parsedError;
  if (raw !== undefined) {
    try {
      json = JSON.parse(raw);
    } catch {
      json = undefined;
    }
  }
  const payload = isRecord(json) && json.error !== undefined ? json.error : json;
  if (isRecord(payload)) {
    const detail = payload.message ?? payload.detail ?? payload.error;
    return {
      message: messageText(detail) ?? messageText(raw) ?? `The upstream answered HTTP ${status}.`,
      type: typeof payload.type === 'string' && payload.type ? payload.type : fallbackType,
      param: typeof payload.param === 'string' ? payload.param : null,
      code:
        typeof payload.code === 'string'
          ? payload.code
          : typeof payload.code === 'number'
            ? String(payload.code)
            : null,
    };
  }
  return {
    message:
      messageText(payload) ??
      messageText(raw) ??
      `The upstream answered HTTP ${status} with no body.`,
    type: fallbackType,
    param: null,
    code: null,
  };
}

/** A message from whatever the upstream put there, bounded so a stray HTML page stays short. */
function messageText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const text = typeof value === 'string' ? value.trim() : JSON.stringify(value);
  if (text === '') return undefined;
  return text.length > 2000 ? `${text.slice(0, 2000)}…` : text;
}

export function missingParameter(param: string): ResponsesHandlerError {
  return invalidRequest(
    `Missing required parameter: '${param}'.`,
    param,
    'missing_required_parameter',
  );
}

/**
 * Validates untrusted request JSON against a schema; the first problem becomes a 400 that names
 * the parameter (`input[2].content[0].text`), as the Responses API reports it.
 */
export function parseWith<T>(schema: z.ZodType<T>, value: unknown, param: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  let path = param;
  for (const key of issue?.path ?? []) {
    path += typeof key === 'number' ? `[${key}]` : path === '' ? String(key) : `.${String(key)}`;
  }
  if (issue?.code === 'invalid_type' && valueAt(value, issue.path) === undefined) {
    throw missingParameter(path);
  }
  if (issue?.code === 'invalid_type') {
    throw invalidRequest(
      `Invalid type for '${path}': expected ${issue.expected}.`,
      path,
      'invalid_type',
    );
  }
  throw invalidRequest(
    `Invalid value for '${path}': ${issue?.message ?? 'not accepted'}.`,
    path,
    'invalid_value',
  );
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}
