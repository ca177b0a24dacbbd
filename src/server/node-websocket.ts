/**
 * WebSocket mode on `{basePath}/responses` (Open Responses 2026-04-24, `x-openresponses-websocket`),
 * for a Node `http.Server` serving a handler of `createResponsesHandler`. A client sends
 * `response.create` messages (a create body and `type`; `stream: true`, `stream_options` and
 * `background: false`, which Codex sends, are ignored, other values refused); the
 * server answers each with the same events as SSE, one response at a time, in order. Errors
 * before a response starts are the spec's `{"type":"error","status",…}` event.
 *
 * The upgrade obeys the HTTP path's rules (Host, Origin, the bearer forwarded upstream, the
 * limit of requests in flight). Each connection caches its latest response, so that a
 * `store: false` chain continues on the socket, as on the real API; a reconnect starts clean.
 * Node-only (`ws`): not part of the main entry.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { checkHost, checkOrigin } from './request-guard';
import { type ResponsesErrorBody, ResponsesHandlerError } from './responses-errors';
import type { HandlerInternals, ResponsesHandler } from './responses-handler';
import type { ConnectionCache } from './stored-state';

export interface ResponsesWebSocketOptions {
  /** Largest message accepted, in bytes. Default: the handler's `maxBodyBytes` (10 MB). */
  maxPayloadBytes?: number;
  /** Messages a connection may have waiting behind the one being answered. Default: 16. */
  maxQueuedMessages?: number;
  /** How long a connection may stay open, as the real API limits it. Default: 60 minutes. */
  maxConnectionMs?: number;
}

export interface ResponsesWebSocket {
  /** Closes every connection (code 1001) and stops accepting new ones. */
  close(): void;
}

const serviceKey = Symbol.for('responses-bridge.service');
/** Past this many bytes waiting to be sent, a response waits for the socket to drain. */
const highWaterMark = 1024 * 1024;

/** Serves WebSocket mode for `handler` on `server`'s upgrade requests. */
export function attachResponsesWebSocket(
  server: Server,
  handler: ResponsesHandler,
  options: ResponsesWebSocketOptions = {},
): ResponsesWebSocket {
  const internals = (handler as unknown as Record<symbol, HandlerInternals | undefined>)[
    serviceKey
  ];
  if (internals === undefined) {
    throw new TypeError('attachResponsesWebSocket needs a handler made by createResponsesHandler.');
  }
  const path = `${internals.basePath}/responses`;
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: options.maxPayloadBytes ?? internals.options.maxBodyBytes ?? 10 * 1024 * 1024,
    perMessageDeflate: false,
  });
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refusal = refuseUpgrade(req, path, internals);
    if (refusal !== undefined) {
      socket.end(refusal);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      new Connection(ws, req.headers.authorization ?? null, internals, options).start();
    });
  };
  server.on('upgrade', onUpgrade);
  return {
    close() {
      server.off('upgrade', onUpgrade);
      for (const ws of wss.clients) ws.close(1001, 'The server is shutting down.');
      wss.close();
    },
  };
}

/** The HTTP answer refusing an upgrade, or undefined to accept it. */
function refuseUpgrade(
  req: IncomingMessage,
  path: string,
  internals: HandlerInternals,
): string | undefined {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname.replace(/\/+$/, '') !== path) {
    return httpError(404, { message: `WebSocket mode is served on ${path} only.` });
  }
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
  }
  try {
    const request = new Request(url, { headers });
    checkHost(request, internals.options.allowedHosts);
    checkOrigin(request, internals.options.allowedOrigins);
  } catch (error) {
    if (error instanceof ResponsesHandlerError) return httpError(error.status, error.body);
    throw error;
  }
  return undefined;
}

function httpError(status: number, body: object): string {
  const text = JSON.stringify({ error: body });
  const reason = status === 404 ? 'Not Found' : status === 403 ? 'Forbidden' : 'Bad Request';
  return `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`;
}

/** One socket: its messages answered one after another, its latest response cached. */
class Connection {
  private readonly cache: ConnectionCache = { latest: undefined };
  private readonly queue: string[] = [];
  private readonly closed = new AbortController();
  private busy = false;

  constructor(
    private readonly ws: WebSocket,
    private readonly authorization: string | null,
    private readonly internals: HandlerInternals,
    private readonly options: ResponsesWebSocketOptions,
  ) {}

  start(): void {
    const limit = setTimeout(
      () => {
        this.sendError(400, {
          type: 'invalid_request_error',
          code: 'websocket_connection_limit_reached',
          message: 'This connection has reached its time limit; open a new one to continue.',
          param: null,
        });
        this.ws.close(1000, 'connection time limit');
      },
      this.options.maxConnectionMs ?? 60 * 60 * 1000,
    );
    limit.unref?.();
    this.ws.on('message', (data, isBinary) => {
      if (isBinary) {
        this.sendError(400, invalidMessage('Send response.create events as text messages.'));
        return;
      }
      if (this.queue.length >= (this.options.maxQueuedMessages ?? 16)) {
        this.sendError(429, {
          type: 'rate_limit_error',
          code: 'too_many_queued_messages',
          message: 'Too many messages are waiting on this connection; wait for the responses.',
          param: null,
        });
        this.ws.close(1008, 'too many queued messages');
        return;
      }
      this.queue.push(data.toString());
      void this.drainQueue();
    });
    this.ws.on('close', () => {
      clearTimeout(limit);
      this.closed.abort(new Error('The client closed the connection.'));
    });
    // A socket error is followed by 'close'; without a listener it would crash the process.
    this.ws.on('error', () => {});
  }

  private async drainQueue(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      for (let message = this.queue.shift(); message !== undefined; message = this.queue.shift()) {
        if (this.closed.signal.aborted) return;
        await this.answer(message);
      }
    } finally {
      this.busy = false;
    }
  }

  private async answer(message: string): Promise<void> {
    const { service } = this.internals;
    const started = performance.now();
    let admitted = false;
    let status = 200;
    let model: string | undefined;
    try {
      const { generate, ...body } = readCreateEvent(message);
      if (generate !== undefined && typeof generate !== 'boolean') {
        throw new ResponsesHandlerError(400, {
          type: 'invalid_request_error',
          code: 'invalid_type',
          message: "Invalid type for 'generate': expected a boolean.",
          param: 'generate',
        });
      }
      this.internals.admit();
      admitted = true;
      const answer = await service.create(
        body,
        { authorization: this.authorization, signal: this.closed.signal },
        { stream: true, cache: this.cache, ...(generate === false ? { generate } : {}) },
      );
      model = answer.model;
      if (answer.type !== 'stream') return;
      const { events, abort, release } = answer.answer;
      let bytes = 0;
      try {
        for await (const event of events) {
          const text = JSON.stringify(event);
          bytes += text.length;
          if (bytes > this.internals.maxOutputBytes) {
            abort(new Error(`The response passed ${this.internals.maxOutputBytes} bytes.`));
          }
          await this.send(text);
        }
      } finally {
        release();
      }
    } catch (error) {
      const described = service.describe(error);
      status = described.status;
      this.sendError(described.status, described.body);
    } finally {
      if (admitted) this.internals.release();
      this.internals.options.onLog?.({
        method: 'WS',
        path: `${this.internals.basePath}/responses`,
        status,
        model,
        durationMs: performance.now() - started,
      });
    }
  }

  /** Sends a message; waits for the socket to drain when much is waiting. */
  private send(text: string): Promise<void> | void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    if (this.ws.bufferedAmount < highWaterMark) {
      this.ws.send(text);
      return;
    }
    return new Promise<void>((resolve) => this.ws.send(text, () => resolve()));
  }

  /** The spec's WebSocket error event: its `code` is always a string. */
  private sendError(status: number, error: ResponsesErrorBody): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    const code = error.code ?? (status >= 500 ? 'server_error' : error.type);
    // The real API's socket answers a continuation it cannot find with a 400, not HTTP's 404.
    const wsStatus = code === 'previous_response_not_found' ? 400 : status;
    this.ws.send(JSON.stringify({ type: 'error', status: wsStatus, error: { ...error, code } }));
  }
}

function invalidMessage(message: string, code = 'invalid_message'): ResponsesErrorBody {
  return { type: 'invalid_request_error', code, message, param: null };
}

/** The create body of a `response.create` message; anything else is a 400. */
function readCreateEvent(message: string): Record<string, unknown> {
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
