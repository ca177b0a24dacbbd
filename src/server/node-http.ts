/**
 * A web-standard handler behind `node:http`, for the CLI: each request becomes a `Request` whose
 * body streams in (so the handler's size limit holds without buffering) and whose signal aborts
 * when the client goes away; each `Response` body is written as it arrives, with backpressure.
 * Node-only: the handler itself stays web-standard.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

/** How long open answers get to finish once shutdown begins. */
const shutdownGraceMs = 5000;

/** How much of a refused request body is read and dropped before the connection is cut. */
const discardLimitBytes = 64 * 1024 * 1024;

export type WebHandler = (request: Request) => Promise<Response>;

export interface NodeServerOptions {
  /** How long a client may take to send its request headers. Default: 10 s. */
  headersTimeoutMs?: number;
  /** How long a client may take to send its whole request. Default: 60 s. */
  requestTimeoutMs?: number;
}

/** Methods a web `Request` can carry; others (TRACE, CONNECT, …) are refused before one is made. */
const methods = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

export interface NodeServer {
  server: Server;
  /**
   * Stops accepting connections, aborts every request in flight with `reason` (streams end with
   * `response.failed`, other requests get an error answer), and resolves once every answer is
   * out and every connection closed.
   */
  shutdown(reason: Error): Promise<void>;
}

export function createNodeServer(
  handler: WebHandler,
  onError: (error: unknown) => void,
  options: NodeServerOptions = {},
): NodeServer {
  const inFlight = new Map<AbortController, Promise<void>>();
  const headersTimeoutMs = options.headersTimeoutMs ?? 10_000;
  // Node looks for requests past their timeouts every 30 s by default, so a slow client would
  // be held up to 30 s past its limit: look as often as the limit needs, at most once a second.
  const connectionsCheckingInterval = Math.max(
    10,
    Math.min(1000, Math.floor(headersTimeoutMs / 4)),
  );
  const server = createServer({ connectionsCheckingInterval }, (req, res) => {
    if (!methods.has(req.method ?? '')) {
      refuseMethod(req, res);
      return;
    }
    const controller = new AbortController();
    const done = serve(handler, req, res, controller)
      .catch((error: unknown) => {
        onError(error);
        // Headers may already be out (the body failed mid-stream): then all we can do is cut it.
        if (res.headersSent) res.destroy();
        else res.writeHead(500, { 'content-type': 'text/plain' }).end('Internal server error');
      })
      .finally(() => inFlight.delete(controller));
    inFlight.set(controller, done);
  });
  // Node hands CONNECT to a 'connect' listener, or else drops the connection without a word.
  server.on('connect', (req: IncomingMessage, socket: Duplex) => {
    const body = methodNotAllowedBody(req.method);
    socket.end(
      `HTTP/1.1 405 Method Not Allowed\r\ncontent-type: application/json\r\nallow: ${allowed}\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });
  // A client that sends its request a byte at a time must not hold a connection for long.
  server.headersTimeout = headersTimeoutMs;
  server.requestTimeout = options.requestTimeoutMs ?? 60_000;

  return {
    server,
    async shutdown(reason) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const controller of inFlight.keys()) controller.abort(reason);
      // A client that stops reading would hold its answer open forever: cut it after a while.
      const force = setTimeout(() => server.closeAllConnections(), shutdownGraceMs);
      await Promise.all(inFlight.values());
      clearTimeout(force);
      // Every answer is out: what remains are idle keep-alive sockets.
      server.closeAllConnections();
      await closed;
    },
  };
}

async function serve(
  handler: WebHandler,
  req: IncomingMessage,
  res: ServerResponse,
  controller: AbortController,
): Promise<void> {
  // The client left before the whole answer was written: cancel the work behind it.
  res.on('close', () => {
    if (!res.writableFinished) controller.abort(new Error('The client closed the connection.'));
  });
  const headers = new Headers();
  // rawHeaders keeps repeated headers as separate pairs, which `req.headers` would merge.
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
  }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  const request = new Request(new URL(req.url ?? '/', 'http://localhost'), {
    method: req.method ?? 'GET',
    headers,
    signal: controller.signal,
    ...(hasBody ? { body: requestBody(req), duplex: 'half' } : {}),
  } as RequestInit);

  const response = await handler(request);
  const responseHeaders: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    responseHeaders[name] = value;
  });
  // An answer given before the body was read (413): read the rest and drop it. Closing at once
  // would reset the connection under a client still sending, which would then never see the
  // answer; past a bound, the client is cut off.
  if (!req.complete) {
    let discarded = 0;
    req.on('data', (chunk: Buffer) => {
      discarded += chunk.byteLength;
      if (discarded > discardLimitBytes) req.socket.destroy();
    });
    req.resume();
  }
  res.writeHead(response.status, responseHeaders);
  // Send the headers now: a streaming client waits for them before it reads any event.
  res.flushHeaders();
  if (response.body === null) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  res.on('close', () => {
    // Cancelling returns the handler's event source, which aborts the upstream request; a
    // stream that already ended rejects, and there is nothing left to stop.
    reader.cancel().catch(() => {});
  });
  for (;;) {
    // The client may be gone already ('close' has fired): nothing more to write.
    if (res.destroyed) {
      await reader.cancel();
      return;
    }
    const { done, value } = await reader.read();
    if (done) break;
    if (!res.write(value) && !res.destroyed) await drained(res);
  }
  res.end();
}

/** Resolves when the response can take more, or is gone; no listener outlives the wait. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise<void>((resolve) => {
    const settle = () => {
      res.off('drain', settle);
      res.off('close', settle);
      resolve();
    };
    res.on('drain', settle);
    res.on('close', settle);
  });
}

const allowed = 'GET, POST, OPTIONS';

function methodNotAllowedBody(method: string | undefined): string {
  return JSON.stringify({
    error: {
      message: `Invalid method (${String(method).slice(0, 20)}): this server answers ${allowed}.`,
      type: 'invalid_request_error',
      param: null,
      code: 'method_not_allowed',
    },
  });
}

function refuseMethod(req: IncomingMessage, res: ServerResponse): void {
  req.resume();
  res
    .writeHead(405, { 'content-type': 'application/json', allow: allowed })
    .end(methodNotAllowedBody(req.method));
}

/**
 * The request body as a web stream. Unlike `Readable.toWeb`, cancelling it (the handler refusing
 * a body that is too large) only stops reading: destroying the request would destroy the socket
 * before the 413 is sent.
 */
function requestBody(req: IncomingMessage): ReadableStream<Uint8Array> {
  let cancelled = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      req.on('data', (chunk: Buffer) => {
        if (cancelled) return;
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if ((controller.desiredSize ?? 1) <= 0) req.pause();
      });
      req.on('end', () => {
        if (!cancelled) controller.close();
      });
      req.on('error', (error) => {
        if (!cancelled) controller.error(error);
      });
    },
    pull() {
      req.resume();
    },
    cancel() {
      cancelled = true;
      req.pause();
    },
  });
}
