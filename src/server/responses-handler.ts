/**
 * `POST /v1/responses` over any Chat Completions backend, as a web-standard handler
 * (`(request: Request) => Promise<Response>`): Next.js route handlers, Bun, Deno, Cloudflare
 * Workers, or Node through the `responses-bridge serve` CLI. Only web APIs are used here.
 *
 * Each request is converted to a chat request, sent through the official `openai` client, and the
 * answer converted back: a chunk stream to Responses events as SSE (`stream: true`), or a
 * completion to a Response. Nothing is stored.
 */
import type OpenAI from 'openai';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { GenerateId } from '../core/generate-id';
import { toResponse } from '../core/to-response';
import { toResponsesEvents } from '../core/to-responses-events';
import { createUpstream, type Upstream, type UpstreamSettings } from '../upstream/create-upstream';
import { addSecret, headerSecrets, redact, redactedError } from '../upstream/redact';
import {
  errorResponse,
  invalidRequest,
  jsonResponse,
  ResponsesHandlerError,
  upstreamError,
} from './responses-errors';
import { type ConvertedRequest, convertResponsesRequest } from './responses-request';
import { toResponsesSSE } from './to-responses-sse';

export interface ResponsesHandlerOptions extends UpstreamSettings {
  /**
   * The upstream API key. When set, every upstream request uses it and the client's own
   * `Authorization` is not forwarded. Without it, no key is sent but the client's.
   */
  apiKey?: string;
  /** An `openai` client to use instead of the one created on the first request. */
  client?: OpenAI;
  /**
   * Send the client's `Authorization: Bearer …` upstream. Default: true when neither `apiKey`
   * nor `client` is given, so that each caller's own key reaches the backend.
   */
  forwardAuthorization?: boolean;
  /** Makes response and item ids (`resp_…`, `msg_…`, …). */
  generateId?: GenerateId;
  /** The clock of the Responses (`created_at`, `completed_at`); inject one for tests. */
  currentDate?: () => Date;
  /** Largest request body accepted, in bytes; larger ones get a 413. Default: 10 MB. */
  maxBodyBytes?: number;
}

export type ResponsesHandler = (request: Request) => Promise<Response>;

const defaultMaxBodyBytes = 10 * 1024 * 1024;

/** Creates the handler. The `openai` client is created on the first request, not here. */
export function createResponsesHandler(options: ResponsesHandlerOptions = {}): ResponsesHandler {
  const { apiKey, generateId } = options;
  const maxBodyBytes = options.maxBodyBytes ?? defaultMaxBodyBytes;
  const forwardAuthorization =
    options.forwardAuthorization ?? (apiKey === undefined && options.client === undefined);
  let upstream: Upstream | undefined;
  const getUpstream = (): Upstream => {
    upstream ??= createUpstream(options);
    return upstream;
  };

  return async (request) => {
    try {
      const { pathname } = new URL(request.url);
      if (!/\/responses\/?$/.test(pathname)) {
        throw new ResponsesHandlerError(404, {
          message: `Invalid URL (${request.method} ${pathname}): this server answers POST /v1/responses.`,
          type: 'invalid_request_error',
          param: null,
          code: null,
        });
      }
      if (request.method !== 'POST') {
        throw new ResponsesHandlerError(
          405,
          {
            message: `Invalid method for URL (${request.method} ${pathname}): use POST.`,
            type: 'invalid_request_error',
            param: null,
            code: 'method_not_allowed',
          },
          { allow: 'POST' },
        );
      }
      const converted = convertResponsesRequest(parseJson(await readBody(request, maxBodyBytes)));
      const { client, secrets } = getUpstream();
      const call = upstreamCall(request, client, {
        secrets,
        forwardAuthorization,
        generateId,
        currentDate: options.currentDate,
      });
      return converted.stream ? await call.stream(converted) : await call.generate(converted);
    } catch (error) {
      if (error instanceof ResponsesHandlerError) return errorResponse(error);
      // A bug of ours, not the client's or the upstream's: still an answer in the API's shape.
      return errorResponse(
        new ResponsesHandlerError(500, {
          message: `The server had an error while processing the request: ${error instanceof Error ? error.message : String(error)}`,
          type: 'server_error',
          param: null,
          code: null,
        }),
      );
    }
  };
}

interface CallSettings {
  /** Keys that must never reach the client, even when the upstream echoes them. */
  secrets: readonly string[];
  forwardAuthorization: boolean;
  generateId: GenerateId | undefined;
  currentDate: (() => Date) | undefined;
}

/** One upstream call, cancelled when the client goes away (the request's signal). */
function upstreamCall(request: Request, client: OpenAI, settings: CallSettings) {
  const secrets = [...settings.secrets];
  const headers: Record<string, string> = {};
  const authorization = request.headers.get('authorization');
  if (
    settings.forwardAuthorization &&
    authorization !== null &&
    /^bearer\s+\S/i.test(authorization)
  ) {
    headers.Authorization = authorization;
    for (const secret of headerSecrets({ authorization })) addSecret(secrets, secret);
  }

  const controller = new AbortController();
  const onAbort = () => controller.abort(request.signal.reason);
  // Not every runtime gives a request a signal (test doubles, some adapters).
  const requestSignal: AbortSignal | undefined = request.signal;
  if (requestSignal?.aborted) controller.abort(requestSignal.reason);
  requestSignal?.addEventListener('abort', onAbort, { once: true });
  const done = () => requestSignal?.removeEventListener('abort', onAbort);
  const requestOptions = { signal: controller.signal, headers, maxRetries: 0 };
  const idOptions = {
    ...(settings.generateId !== undefined ? { generateId: settings.generateId } : {}),
    ...(settings.currentDate !== undefined ? { currentDate: settings.currentDate } : {}),
  };

  const failure = (error: unknown): ResponsesHandlerError => {
    done();
    if (controller.signal.aborted) return cancelled(controller.signal.reason);
    return upstreamError(error, secrets);
  };

  return {
    async generate(converted: ConvertedRequest): Promise<Response> {
      let completion: unknown;
      try {
        completion = await client.chat.completions.create(
          { ...converted.body, stream: false },
          requestOptions,
        );
      } catch (error) {
        throw failure(error);
      }
      done();
      if (typeof completion !== 'object' || completion === null) {
        throw upstreamError(new Error('the body is not a chat completion object'), secrets);
      }
      const response = toResponse(completion as Parameters<typeof toResponse>[0], {
        response: converted.response,
        ...idOptions,
      });
      // An error payload in a 200 body (OpenRouter does this): an error, not a Response.
      if (response.status === 'failed') {
        throw new ResponsesHandlerError(502, {
          message: redact(response.error?.message ?? 'The upstream failed.', secrets),
          type: 'server_error',
          param: null,
          code: response.error?.code ?? null,
        });
      }
      return jsonResponse(response, 200);
    },

    async stream(converted: ConvertedRequest): Promise<Response> {
      let chunks: AsyncIterable<ChatCompletionChunk>;
      try {
        chunks = await client.chat.completions.create(
          { ...converted.body, stream: true, stream_options: { include_usage: true } },
          requestOptions,
        );
      } catch (error) {
        throw failure(error);
      }
      const events = toResponsesEvents(failOnAbort(chunks, controller.signal, secrets), {
        response: converted.response,
        ...idOptions,
      });
      const reader = toResponsesSSE(events).getReader();
      const body = new ReadableStream<Uint8Array>({
        async pull(streamController) {
          const next = await reader.read();
          if (next.done) {
            done();
            streamController.close();
          } else {
            streamController.enqueue(next.value);
          }
        },
        async cancel(reason) {
          // Abort first: returning the events generator waits for a pending upstream read,
          // which a stalled upstream might never finish.
          controller.abort(reason);
          done();
          await reader.cancel(reason);
        },
      });
      return new Response(body, {
        headers: {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-cache',
        },
      });
    },
  };
}

async function readBody(request: Request, limit: number): Promise<string> {
  const tooLarge = () =>
    new ResponsesHandlerError(413, {
      message: `The request body is larger than this server accepts (${limit} bytes).`,
      type: 'invalid_request_error',
      param: null,
      code: 'request_too_large',
    });
  // Content-Length refuses early; the count below holds even when it is missing or wrong.
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > limit) throw tooLarge();
  if (request.body === null) return '';
  const reader = request.body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge();
    }
    parts.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.byteLength;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw invalidRequest('The request body is not valid UTF-8.', null, null);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw invalidRequest(
      `We could not parse the JSON body of your request (${error instanceof Error ? error.message : 'invalid JSON'}). The Responses API expects a JSON payload.`,
      null,
      null,
    );
  }
}

/** A request that ended before the upstream answered: the client left, or the server stops. */
function cancelled(reason: unknown): ResponsesHandlerError {
  return new ResponsesHandlerError(503, {
    message:
      reason instanceof Error && reason.message ? reason.message : 'The request was cancelled.',
    type: 'server_error',
    param: null,
    code: 'request_cancelled',
  });
}

/**
 * The `openai` stream ends quietly when its request is aborted; the Response must then fail,
 * not complete with whatever had streamed. What the stream throws reaches the converter with its
 * message scrubbed (upstream messages can echo the key: `Incorrect API key provided: sk-…`), so
 * the `error` and `response.failed` events carry no secret; nothing is done per event.
 */
async function* failOnAbort(
  chunks: AsyncIterable<ChatCompletionChunk>,
  signal: AbortSignal,
  secrets: readonly string[],
): AsyncGenerator<ChatCompletionChunk> {
  try {
    yield* chunks;
  } catch (error) {
    throw signal.aborted ? cancelled(signal.reason) : redactedError(error, secrets);
  }
  if (signal.aborted) throw cancelled(signal.reason);
}
