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
 * Node-only (`ws`): not part of the main entry. A connection's turns are in
 * `websocket-connection.ts`, the messages it reads in `read-create-event.ts`.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { checkHost, checkOrigin } from './request-guard';
import { ResponsesHandlerError } from './responses-errors';
import type { HandlerInternals, ResponsesHandler } from './responses-handler';
import { WebSocketConnection } from './websocket-connection';

/** The limits of WebSocket mode, per message and per connection. */
export interface ResponsesWebSocketOptions {
  /** Largest message accepted, in bytes. Default: the handler's `maxBodyBytes` (10 MB). */
  maxPayloadBytes?: number;
  /** Messages a connection may have waiting behind the one being answered. Default: 16. */
  maxQueuedMessages?: number;
  /** How long a connection may stay open, as the real API limits it. Default: 60 minutes. */
  maxConnectionMs?: number;
}

/** WebSocket mode attached to a server, until it is closed. */
export interface ResponsesWebSocket {
  /** Closes every connection (code 1001) and stops accepting new ones. */
  close(): void;
}

// The handler's `serviceKey`, by its global name rather than imported: `responses-bridge/node`
// is built on its own, and importing the value would bundle a second copy of the handler.
const serviceKey = Symbol.for('responses-bridge.service');

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
      new WebSocketConnection(ws, req.headers.authorization ?? null, internals, options).start();
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
