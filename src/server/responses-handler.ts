/**
 * The Responses API over any Chat Completions backend, as a web-standard handler
 * (`(request: Request) => Promise<Response>`): Next.js route handlers, Bun, Deno, Cloudflare
 * Workers, or Node through the `responses-bridge serve` CLI. Only web APIs are used here.
 *
 * `POST {basePath}/responses` converts each request to a chat request, sends it through the
 * official `openai` client, and converts the answer back: a chunk stream to Responses events as
 * SSE (`stream: true`), or a completion to a Response. Responses are stored as the real API
 * stores them (`GET`/`DELETE {basePath}/responses/{id}`, `…/input_items`, `previous_response_id`,
 * `item_reference`); `POST {basePath}/responses/compact` compacts a conversation;
 * `GET {basePath}/models` passes through.
 */
import type OpenAI from 'openai';
import type { GenerateId } from '../core/generate-id';
import type { HostedToolPolicy } from '../core/to-chat-tools';
import type { UpstreamSettings } from '../upstream/create-upstream';
import { BodyBudget, type BodyLimits, readJsonBody } from './read-request-body';
import {
  checkContentType,
  checkHost,
  checkOrigin,
  corsHeaders,
  preflightResponse,
  type RequestGuardOptions,
} from './request-guard';
import { errorResponse, jsonResponse, ResponsesHandlerError } from './responses-errors';
import { includeOf, ResponsesService } from './responses-service';
import type { ResponsesStore } from './store/responses-store';
import { toResponsesSSE } from './to-responses-sse';
import type { Caller } from './upstream-call';

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
  /**
   * Where responses made with `store: true` (the default, as in the real API) are kept:
   * `createMemoryStore()` (the default: bounded, with a TTL), `createRedisStore({ url })` for
   * several instances, or the SQLite store of `responses-bridge/node`.
   */
  store?: ResponsesStore;
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

/** Where a handler keeps its service, for the WebSocket transport of `responses-bridge/node`. */
export const serviceKey: unique symbol = Symbol.for('responses-bridge.service') as never;

/** The parts of a handler the Node transports share with it. */
export interface HandlerInternals {
  service: ResponsesService;
  basePath: string;
  options: ResponsesHandlerOptions;
  /** Counts a request in flight, or throws the 429 (the same limit as HTTP requests). */
  admit(): void;
  release(): void;
  maxOutputBytes: number;
}

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
  const limits: BodyLimits = {
    maxBodyBytes: options.maxBodyBytes ?? handlerDefaults.maxBodyBytes,
    budget: new BodyBudget(options.maxBufferedBodyBytes ?? handlerDefaults.maxBufferedBodyBytes),
    bodyTimeoutMs: options.bodyTimeoutMs ?? handlerDefaults.bodyTimeoutMs,
    maxJsonDepth: handlerDefaults.maxJsonDepth,
  };
  const maxConcurrent = options.maxConcurrentRequests ?? handlerDefaults.maxConcurrentRequests;
  const maxOutputBytes = options.maxOutputBytes ?? handlerDefaults.maxOutputBytes;
  const service = new ResponsesService(options);
  let inFlight = 0;

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
    const url = new URL(request.url);
    const { pathname } = url;
    const path = pathname.replace(/\/+$/, '');
    const caller: Caller = {
      authorization: request.headers.get('authorization'),
      // Not every runtime gives a request a signal (test doubles, some adapters).
      signal: request.signal as AbortSignal | undefined,
    };
    const json = (value: unknown) => jsonResponse(value, 200, corsHeaders(origin));
    if (path === `${basePath}/responses`) {
      allowMethods(request, pathname, ['POST']);
      checkContentType(request);
      const answer = await service.create(await readJsonBody(request, limits), caller);
      exchange.model = answer.model;
      if (answer.type === 'response') return json(answer.response);
      const { events, abort, release } = answer.answer;
      // The request stays in flight, and unlogged, until its stream is over.
      exchange.streaming = true;
      const body = toResponsesSSE(events, {
        maxBytes: maxOutputBytes,
        onLimit: abort,
        onCancel: abort,
        onEnd: () => {
          release();
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
    if (path === `${basePath}/responses/compact`) {
      allowMethods(request, pathname, ['POST']);
      checkContentType(request);
      return json(await service.compact(await readJsonBody(request, limits), caller));
    }
    const stored = storedPath(path, basePath);
    if (stored !== undefined) {
      if (stored.items) {
        allowMethods(request, pathname, ['GET']);
        return json(await service.inputItems(caller, stored.id, url.searchParams));
      }
      allowMethods(request, pathname, ['GET', 'DELETE']);
      if (request.method === 'DELETE') return json(await service.delete(caller, stored.id));
      if (url.searchParams.get('stream') === 'true') {
        throw new ResponsesHandlerError(400, {
          message:
            'Only background responses can be streamed again, and this server runs none: GET the response without stream.',
          type: 'invalid_request_error',
          param: 'stream',
          code: 'unsupported_parameter',
        });
      }
      return json(await service.retrieve(caller, stored.id, includeOf(url.searchParams)));
    }
    if (path === `${basePath}/models`) {
      allowMethods(request, pathname, ['GET']);
      const answer = await service.models(caller);
      return new Response(answer.body, {
        status: answer.status,
        headers: {
          'content-type': answer.headers.get('content-type') ?? 'application/json',
          ...corsHeaders(origin),
        },
      });
    }
    throw new ResponsesHandlerError(404, {
      message: `Invalid URL (${request.method} ${pathname}): this server answers ${basePath}/responses and ${basePath}/models.`,
      type: 'invalid_request_error',
      param: null,
      code: null,
    });
  };

  const admitOne = (): void => {
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
  };

  const admit = (exchange: Exchange): void => {
    const { request } = exchange;
    checkHost(request, options.allowedHosts);
    exchange.origin = checkOrigin(request, options.allowedOrigins);
    admitOne();
    exchange.admitted = true;
  };

  const handler: ResponsesHandler = async (request) => {
    const exchange = new Exchange(request, onEnd);
    let response: Response;
    try {
      admit(exchange);
      response =
        request.method === 'OPTIONS' && exchange.origin !== undefined
          ? preflightResponse(exchange.origin)
          : await route(exchange);
    } catch (error) {
      response = errorResponse(service.describe(error), corsHeaders(exchange.origin));
    }
    exchange.status = response.status;
    if (!exchange.streaming) exchange.end();
    return response;
  };
  const internals: HandlerInternals = {
    service,
    basePath,
    options,
    admit: admitOne,
    release: () => {
      inFlight--;
    },
    maxOutputBytes,
  };
  Object.defineProperty(handler, serviceKey, { value: internals });
  return handler;
}

/** `{basePath}/responses/{id}` or `…/{id}/input_items`, or undefined for any other path. */
function storedPath(path: string, basePath: string): { id: string; items: boolean } | undefined {
  const prefix = `${basePath}/responses/`;
  if (!path.startsWith(prefix)) return undefined;
  const parts = path.slice(prefix.length).split('/');
  const id = decodeURIComponent(parts[0] ?? '');
  if (id === '' || id === 'compact') return undefined;
  if (parts.length === 1) return { id, items: false };
  if (parts.length === 2 && parts[1] === 'input_items') return { id, items: true };
  return undefined;
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
