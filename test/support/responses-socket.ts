/**
 * A WebSocket-mode client as thin as the spec's description (`ws`): send `response.create`
 * events, read the server's events of one turn, up to its terminal event or its error event.
 * Every message is checked against the Open Responses spec as it arrives.
 */
import type { Response as ResponsesResponse } from 'openai/resources/responses/responses';
import { expect } from 'vitest';
import WebSocket from 'ws';
import { isRecord } from './json';
import { validateEvent, validateSchema } from './open-responses-schema';

export interface Turn {
  events: Array<Record<string, unknown>>;
  /** The terminal event's response, when the turn got that far. */
  response: ResponsesResponse | undefined;
  /** The error event, when the turn failed before a response. */
  error: { status: number; error: { code: string; message: string } } | undefined;
}

const terminal = new Set(['response.completed', 'response.incomplete', 'response.failed']);

export class ResponsesSocket {
  private readonly inbox: Array<Record<string, unknown>> = [];
  private waiter: (() => void) | undefined;
  closed: { code: number; reason: string } | undefined;

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const message = JSON.parse(data.toString()) as Record<string, unknown>;
      const problems =
        message.type === 'error'
          ? validateSchema('WebSocketErrorEvent', message)
          : validateEvent(message);
      expect.soft(problems, `${String(message.type)} sent on the socket`).toEqual([]);
      this.inbox.push(message);
      this.waiter?.();
    });
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      this.waiter?.();
    });
  }

  /** Opens `ws://…/v1/responses` with these headers (a bearer, an Origin, …). */
  static open(url: string, headers: Record<string, string> = {}): Promise<ResponsesSocket> {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/v1/responses`, { headers });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new ResponsesSocket(ws)));
      ws.once('unexpected-response', (_request, response) => {
        reject(new Error(`The upgrade was refused with ${response.statusCode}`));
      });
      ws.once('error', reject);
    });
  }

  send(event: Record<string, unknown>): void {
    this.ws.send(JSON.stringify(event));
  }

  /** Sends `response.create` with `body`, and reads its turn. */
  create(body: Record<string, unknown>): Promise<Turn> {
    this.send({ type: 'response.create', ...body });
    return this.turn();
  }

  /** The next turn's messages, up to a terminal event or an error event. */
  async turn(): Promise<Turn> {
    const events: Array<Record<string, unknown>> = [];
    for (;;) {
      const message = await this.next();
      if (message.type === 'error') {
        return { events, response: undefined, error: message as Turn['error'] };
      }
      events.push(message);
      if (terminal.has(String(message.type))) {
        return { events, response: message.response as ResponsesResponse, error: undefined };
      }
    }
  }

  close(): void {
    this.ws.close();
  }

  private async next(): Promise<Record<string, unknown>> {
    for (;;) {
      const message = this.inbox.shift();
      if (message !== undefined) return message;
      if (this.closed !== undefined) {
        throw new Error(`The socket closed (${this.closed.code} ${this.closed.reason})`);
      }
      await new Promise<void>((resolve) => {
        this.waiter = resolve;
      });
      this.waiter = undefined;
    }
  }
}

/** The final response of a turn that completed; it must have. */
export function completed(turn: Turn): ResponsesResponse {
  expect(turn.error, 'the turn failed').toBeUndefined();
  expect(turn.response?.status).toBe('completed');
  return turn.response!;
}

export function isErrorTurn(turn: Turn, code: string): boolean {
  return isRecord(turn.error) && turn.error.error.code === code;
}
