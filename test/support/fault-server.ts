/**
 * A raw `node:http` Chat Completions server on 127.0.0.1 for fault injection: each handler gets
 * the Node request and response themselves, so a test can delay the status line, send half an
 * SSE line, destroy the socket before or after the headers, or stream a body of any size with
 * backpressure. Every socket and every timer it starts is tracked and released by `close()`, so
 * tests can check that nothing is left behind.
 */
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { ChatRequestBody } from './chat-request';

export interface FaultContext {
  /** The parsed JSON request body (no model or message when it is not JSON). */
  body: ChatRequestBody;
  /** `setTimeout` whose timer is cleared when the response closes or the server closes. */
  later(fn: () => void, ms: number): void;
  /** Resolves after `ms`, or when the response closes, whichever comes first. */
  sleep(ms: number): Promise<void>;
  /** True once the client went away or the response ended. */
  readonly closed: boolean;
}

export type FaultHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  context: FaultContext,
) => void | Promise<void>;

export interface FaultRequest {
  headers: IncomingHttpHeaders;
  body: ChatRequestBody;
  /** Resolves when the response is closed, by either side. */
  closed: Promise<void>;
}

export interface FaultServer {
  /** `http://127.0.0.1:<port>/v1` */
  baseURL: string;
  requests: FaultRequest[];
  /** Queues handlers, one per request, in order. */
  next(...handlers: FaultHandler[]): void;
  /** The handler used when the queue is empty (default: a 500 JSON error). */
  fallback(handler: FaultHandler | undefined): void;
  reset(): void;
  close(): Promise<void>;
}

export function sseLine(payload: unknown): string {
  return `data: ${typeof payload === 'string' ? payload : JSON.stringify(payload)}\n\n`;
}

/** Payloads as SSE `data:` lines, then `[DONE]` unless `done` is false. */
export function sseText(payloads: unknown[], { done = true }: { done?: boolean } = {}): string {
  return payloads.map(sseLine).join('') + (done ? 'data: [DONE]\n\n' : '');
}

export const sseHeaders = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' };

/** Writes, waiting for the socket to drain when its buffer is full. */
export async function write(res: ServerResponse, data: string | Uint8Array): Promise<boolean> {
  if (res.destroyed) return false;
  if (res.write(data)) return true;
  return new Promise<boolean>((resolve) => {
    const done = (ok: boolean) => {
      res.off('drain', onDrain);
      res.off('close', onClose);
      resolve(ok);
    };
    const onDrain = () => done(true);
    const onClose = () => done(false);
    res.on('drain', onDrain);
    res.on('close', onClose);
  });
}

export async function startFaultServer(): Promise<FaultServer> {
  const queue: FaultHandler[] = [];
  let fallbackHandler: FaultHandler | undefined;
  const requests: FaultRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const server = createServer((req, res) => {
    void serve(req, res);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let body: ChatRequestBody = { model: '', messages: [] };
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      // Recorded as an empty request.
    }
    let closed = false;
    const own = new Set<NodeJS.Timeout>();
    const closedPromise = new Promise<void>((resolve) => {
      res.on('close', () => {
        closed = true;
        for (const timer of own) {
          clearTimeout(timer);
          timers.delete(timer);
        }
        own.clear();
        resolve();
      });
    });
    requests.push({ headers: req.headers, body, closed: closedPromise });
    const later = (fn: () => void, ms: number) => {
      const timer = setTimeout(() => {
        own.delete(timer);
        timers.delete(timer);
        fn();
      }, ms);
      own.add(timer);
      timers.add(timer);
    };
    const context: FaultContext = {
      body,
      later,
      sleep: (ms) =>
        closed
          ? Promise.resolve()
          : new Promise<void>((resolve) => {
              later(resolve, ms);
              void closedPromise.then(resolve);
            }),
      get closed() {
        return closed;
      },
    };
    const handler =
      queue.shift() ??
      fallbackHandler ??
      ((_req, response) => {
        response
          .writeHead(500, { 'content-type': 'application/json' })
          .end('{"error":{"message":"no reply scripted"}}');
      });
    try {
      await handler(req, res, context);
    } catch (error) {
      res.destroy(error instanceof Error ? error : undefined);
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    next: (...handlers) => queue.push(...handlers),
    fallback: (handler) => {
      fallbackHandler = handler;
    },
    reset: () => {
      queue.length = 0;
      requests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close((error) => (error ? reject(error) : resolve()));
        for (const socket of sockets) socket.destroy();
      }),
  };
}

/**
 * The fault server of a test file: started before its first test, reset before each test (the
 * queue and the recorded requests; a fallback stays) and closed after the last, unless a test
 * closed it already. Register it at the top of the file.
 */
export function useFaultServer(): FaultServer {
  let server: FaultServer | undefined;
  let closed = false;
  const started = (): FaultServer => {
    if (server === undefined) throw new Error('useFaultServer: the server starts in beforeAll.');
    return server;
  };
  beforeAll(async () => {
    server = await startFaultServer();
  });
  beforeEach(() => server?.reset());
  afterAll(async () => {
    if (!closed) await server?.close();
  });
  return {
    get baseURL() {
      return started().baseURL;
    },
    get requests() {
      return started().requests;
    },
    next: (...handlers) => started().next(...handlers),
    fallback: (handler) => started().fallback(handler),
    reset: () => started().reset(),
    close: async () => {
      closed = true;
      await started().close();
    },
  };
}
