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
 * `GET {basePath}/models` passes through. Admission (Host, Origin, the limit of requests in
 * flight) and the log line are here; the routes are in `responses-router.ts`.
 */
import type OpenAI from 'openai';
import type { GenerateId } from '../core/generate-id';
import type { HostedToolPolicy } from '../core/to-chat-tools';
import type { UpstreamSettings } from '../upstream/create-upstream';
import { Exchange } from './exchange';
import { BodyBudget, type BodyLimits } from './read-request-body';
import {
  checkHost,
  checkOrigin,
  corsHeaders,
  preflightResponse,
  type RequestGuardOptions,
} from './request-guard';
import { errorResponse, ResponsesHandlerError } from './responses-errors';
import { createResponsesRouter } from './responses-router';
import { ResponsesService } from './responses-service';
import type { ResponsesStore } from './store/responses-store';

/** How `createResponsesHandler` reaches the upstream, what it accepts and where it stores. */
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

/** What `onLog` gets once per request or WebSocket turn: no secret, no body. */
export interface ResponsesHandlerLogEntry {
  method: string;
  path: string;
  status: number;
  /** The model asked for, when the request named one. */
  model: string | undefined;
  durationMs: number;
}

/** A web-standard handler: every answer, errors included, is a `Response` in the API's shape. */
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

/** What the handler uses where an option is not given. */
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

  const route = createResponsesRouter({ basePath, service, limits, maxOutputBytes });

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
