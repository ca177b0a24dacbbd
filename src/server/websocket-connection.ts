/**
 * A WebSocket mode connection: `response.create` messages queued and answered in order, through
 * the handler's service and its limit of requests in flight, each turn logged through `onLog`.
 */
import type { WebSocket } from 'ws';
import { invalidMessage, readCreateEvent } from './read-create-event';
import { type ResponsesErrorBody, ResponsesHandlerError } from './responses-errors';
import type { HandlerInternals } from './responses-handler';
import type { ConnectionCache } from './stored-state';

/** The limits of one connection (see `ResponsesWebSocketOptions`). */
export interface ConnectionLimits {
  maxQueuedMessages?: number;
  maxConnectionMs?: number;
}

/** Past this many bytes waiting to be sent, a response waits for the socket to drain. */
const highWaterMark = 1024 * 1024;

/**
 * One socket: its messages answered one after another, each with its events or the spec's error
 * event, its latest response cached for `store: false` continuations.
 */
export class WebSocketConnection {
  private readonly cache: ConnectionCache = { latest: undefined };
  private readonly queue: string[] = [];
  private readonly closed = new AbortController();
  private busy = false;

  constructor(
    private readonly ws: WebSocket,
    private readonly authorization: string | null,
    private readonly internals: HandlerInternals,
    private readonly options: ConnectionLimits,
  ) {}

  /** Starts answering the socket's messages, and the limit of the connection's time. */
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
