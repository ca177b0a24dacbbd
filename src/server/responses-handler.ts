/**
 * The Responses API over any Chat Completions backend, as a web-standard handler
 * (`(request: Request) => Promise<Response>`): Next.js route handlers, Bun, Deno, Cloudflare
 * Workers, or Node through the `responses-bridge serve` CLI. Only web APIs are used here.
 *
 * `POST {basePath}/responses` converts each request to a chat request, sends it through the
 * official `openai` client, and converts the answer back: a chunk stream to Responses events as
 * SSE (`stream: true`), or a completion to a Response. `GET {basePath}/models` passes through.
 */
import type OpenAI from 'openai';
import type { ResponseInputItem } from 'openai/resources/responses/responses';
import type { GenerateId } from '../core/generate-id';
import { isRecord } from '../core/read-chunk';
import { EnvelopeSealer } from '../core/reasoning-envelope';
import type { HostedToolPolicy } from '../core/to-chat-tools';
import { createUpstream, type Upstream, type UpstreamSettings } from '../upstream/create-upstream';
import { BodyBudget, type BodyLimits, readJsonBody } from './read-request-body';
import { openEnvelopes, ReasoningSealing } from './reasoning-seal';
import {
  checkContentType,
  checkHost,
  checkOrigin,
  corsHeaders,
  preflightResponse,
  type RequestGuardOptions,
} from './request-guard';
import {
  errorResponse,
  jsonResponse,
  ResponsesHandlerError,
  upstreamError,
} from './responses-errors';
import { convertResponsesRequest } from './responses-request';
import { toResponsesSSE } from './to-responses-sse';
import { type CallSettings, UpstreamCall } from './upstream-call';

export interface ResponsesHandlerOptions extends UpstreamSettings, RequestGuardOptions {
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
  /** The path the API is served under. Default: `/v1` (`/v1/responses`, `/v1/models`). */
  basePath?: string;
  /** Largest request body accepted, in bytes; larger ones get a 413. Default: 10 MB. */
  maxBodyBytes?: number;
  /** What all request bodies being read may hold together; past it, 503. Default: 100 MB. */
  maxBufferedBodyBytes?: number;
  /** How long a client may take to send its body; past it, 408. Default: 30 s. */
  bodyTimeoutMs?: number;
  /** Requests answered at once; more get a 429. Default: 2048. */
  maxConcurrentRequests?: number;
  /** Bytes of events one streamed answer may send; past it, the answer fails. Default: 64 MB. */
  maxOutputBytes?: number;
  /**
   * The key of the reasoning envelopes given to clients that ask for
   * `reasoning.encrypted_content` (any string; the same on every instance that serves the
   * same clients). Default: a random key per process, so envelopes do not survive a restart.
   */
  secret?: string;
  /**
   * Hosted tools (`web_search`, `file_search`, …) a chat backend cannot run: `drop` leaves them
   * out of the upstream request and names them in the Response
   * (`provider_specific_fields.dropped_tools`); `refuse` answers 400. A tool choice that forces
   * one is refused either way. Default: `drop`.
   */
  hostedTools?: HostedToolPolicy;
  /** Called once per request when its answer is over: for a log line (never with a secret). */
  onLog?: (entry: ResponsesHandlerLogEntry) => void;
}

export interface ResponsesHandlerLogEntry {
  method: string;
  path: string;
  status: number;
  /** The model asked for, when the request named one. */
  model: string | undefined;
  durationMs: number;
}

export type ResponsesHandler = (request: Request) => Promise<Response>;

export const handlerDefaults = {
  basePath: '/v1',
  maxBodyBytes: 10 * 1024 * 1024,
  maxBufferedBodyBytes: 100 * 1024 * 1024,
  bodyTimeoutMs: 30_000,
  maxConcurrentRequests: 2048,
  maxOutputBytes: 64 * 1024 * 1024,
  maxJsonDepth: 64,
} as const;

/** Creates the handler. The `openai` client is created on the first request, not here. */
export function createResponsesHandler(options: ResponsesHandlerOptions = {}): ResponsesHandler {
  const basePath = (options.basePath ?? handlerDefaults.basePath).replace(/\/+$/, '');
  const forwardAuthorization =
    options.forwardAuthorization ?? (options.apiKey === undefined && options.client === undefined);
  const limits: BodyLimits = {
    maxBodyBytes: options.maxBodyBytes ?? handlerDefaults.maxBodyBytes,
    budget: new BodyBudget(options.maxBufferedBodyBytes ?? handlerDefaults.maxBufferedBodyBytes),
    bodyTimeoutMs: options.bodyTimeoutMs ?? handlerDefaults.bodyTimeoutMs,
    maxJsonDepth: handlerDefaults.maxJsonDepth,
  };
  const maxConcurrent = options.maxConcurrentRequests ?? handlerDefaults.maxConcurrentRequests;
  const maxOutputBytes = options.maxOutputBytes ?? handlerDefaults.maxOutputBytes;
  let inFlight = 0;
  let upstream: Upstream | undefined;
  let sealer: Promise<EnvelopeSealer> | undefined;
  const settings = (): CallSettings => {
    upstream ??= createUpstream(options);
    return {
      client: upstream.client,
      secrets: upstream.secrets,
      forwardAuthorization,
      generateId: options.generateId,
      currentDate: options.currentDate,
    };
  };

  const onEnd = (exchange: Exchange) => {
    if (exchange.admitted) inFlight--;
    options.onLog?.({
      method: exchange.request.method,
      path: new URL(exchange.request.url).pathname,
      status: exchange.status,
      model: exchange.model,
      durationMs: exchange.durationMs,
    });
  };

  const route = async (exchange: Exchange): Promise<Response> => {
    const { request, origin } = exchange;
    const { pathname } = new URL(request.url);
    const path = pathname.replace(/\/+$/, '');
    if (path === `${basePath}/responses`) {
      allowMethods(request, pathname, ['POST']);
      checkContentType(request);
      const json = await readJsonBody(request, limits);
      sealer ??= EnvelopeSealer.create(options.secret);
      const envelopes = await sealer;
      if (isRecord(json) && Array.isArray(json.input)) {
        json.input = await openEnvelopes(json.input as ResponseInputItem[], envelopes);
      }
      const converted = convertResponsesRequest(json, { hostedTools: options.hostedTools });
      exchange.model = converted.body.model;
      const sealing = new ReasoningSealing(
        envelopes,
        converted.include.includes('reasoning.encrypted_content'),
      );
      const call = new UpstreamCall(request, settings());
      if (!converted.stream) {
        return jsonResponse(await call.generate(converted, sealing), 200, corsHeaders(origin));
      }
      const answer = await call.stream(converted, sealing);
      // The request stays in flight, and unlogged, until its stream is over.
      exchange.streaming = true;
      const body = toResponsesSSE(answer.events, {
        maxBytes: maxOutputBytes,
        onLimit: answer.abort,
        onCancel: answer.abort,
        onEnd: () => {
          answer.release();
          exchange.end();
        },
      });
      return new Response(body, {
        headers: {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-cache',
          ...corsHeaders(origin),
        },
      });
    }
    if (path === `${basePath}/models`) {
      allowMethods(request, pathname, ['GET']);
      return passModels(request, settings(), origin);
    }
    throw new ResponsesHandlerError(404, {
      message: `Invalid URL (${request.method} ${pathname}): this server answers POST ${basePath}/responses and GET ${basePath}/models.`,
      type: 'invalid_request_error',
      param: null,
      code: null,
    });
  };

  const admit = (exchange: Exchange): void => {
    const { request } = exchange;
    checkHost(request, options.allowedHosts);
    exchange.origin = checkOrigin(request, options.allowedOrigins);
    if (inFlight >= maxConcurrent) {
      throw new ResponsesHandlerError(
        429,
        {
          message: `This server is answering ${maxConcurrent} requests already; retry shortly.`,
          type: 'rate_limit_error',
          param: null,
          code: 'rate_limit_exceeded',
        },
        { 'retry-after': '1' },
      );
    }
    inFlight++;
    exchange.admitted = true;
  };

  return async (request) => {
    const exchange = new Exchange(request, onEnd);
    let response: Response;
    try {
      admit(exchange);
      response =
        request.method === 'OPTIONS' && exchange.origin !== undefined
          ? preflightResponse(exchange.origin)
          : await route(exchange);
    } catch (error) {
      response = errorResponse(toHandlerError(error), corsHeaders(exchange.origin));
    }
    exchange.status = response.status;
    if (!exchange.streaming) exchange.end();
    return response;
  };
}

/** One request and its answer, followed until the answer is over (a stream ends later). */
class Exchange {
  model: string | undefined;
  origin: string | undefined;
  status = 0;
  streaming = false;
  /** Counted among the requests in flight. */
  admitted = false;
  private readonly started = performance.now();
  private over = false;

  constructor(
    readonly request: Request,
    private readonly onEnd: (exchange: Exchange) => void,
  ) {}

  get durationMs(): number {
    return performance.now() - this.started;
  }

  end(): void {
    if (this.over) return;
    this.over = true;
    this.onEnd(this);
  }
}

function allowMethods(request: Request, pathname: string, methods: readonly string[]): void {
  if (methods.includes(request.method)) return;
  throw new ResponsesHandlerError(
    405,
    {
      message: `Invalid method for URL (${request.method} ${pathname}): use ${methods.join(' or ')}.`,
      type: 'invalid_request_error',
      param: null,
      code: 'method_not_allowed',
    },
    { allow: methods.join(', ') },
  );
}

/** `GET /models` of the upstream, as it answered. */
async function passModels(
  request: Request,
  settings: CallSettings,
  origin: string | undefined,
): Promise<Response> {
  const call = new UpstreamCall(request, settings);
  try {
    const answer = await call.get('/models');
    return new Response(answer.body, {
      status: answer.status,
      headers: {
        'content-type': answer.headers.get('content-type') ?? 'application/json',
        ...corsHeaders(origin),
      },
    });
  } catch (error) {
    throw error instanceof ResponsesHandlerError ? error : upstreamError(error, settings.secrets);
  }
}

function toHandlerError(error: unknown): ResponsesHandlerError {
  if (error instanceof ResponsesHandlerError) return error;
  // A bug of ours, not the client's or the upstream's: still an answer in the API's shape.
  return new ResponsesHandlerError(500, {
    message: `The server had an error while processing the request: ${error instanceof Error ? error.message : String(error)}`,
    type: 'server_error',
    param: null,
    code: null,
  });
}
