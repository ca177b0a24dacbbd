/**
 * A Chat Completions server on 127.0.0.1 for end-to-end tests: it replays scripted replies
 * (recorded fixture streams, hand-made chunks, JSON bodies, HTTP errors) with the wire format
 * of `POST /v1/chat/completions` (and `POST /v1/embeddings`, from the same queue), and records
 * every request it receives so that tests can check what the provider sent.
 */

import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { ChatRequestBody } from './chat-request';
import { readChatCompletion, readChatStreamLines } from './fixtures';
import { type LoopbackServer, startServer } from './loopback';

export type Reply =
  /** A recorded chat stream from test/fixtures/chat-streams, as SSE, then `[DONE]`. */
  | { fixture: string }
  /** Chunks (objects, or raw strings sent as they are) as SSE `data:` lines, then `[DONE]`. */
  | { chunks: unknown[]; done?: boolean }
  /** A recorded non-streaming body from test/fixtures/chat-completions. */
  | { completionFixture: string }
  /** A JSON body with status 200. */
  | { completion: unknown }
  /** Any status, body and headers. */
  | { status: number; body?: string; headers?: Record<string, string> }
  /** Full control. */
  | { handle: (request: Request) => Response | Promise<Response> };

export interface ReceivedRequest {
  path: string;
  /** The path with its query string (`/v1/chat/completions?api-version=…`). */
  url: string;
  headers: Headers;
  /** The JSON body (every client here sends a chat request); no model or message if not JSON. */
  body: ChatRequestBody;
}

export interface ChatServer {
  /** Base URL to give the provider: `http://127.0.0.1:<port>/v1`. */
  baseURL: string;
  requests: ReceivedRequest[];
  /** Queues replies, served in order, one per request. */
  reply(...replies: Reply[]): void;
  /** Forgets queued replies and recorded requests. */
  reset(): void;
  close(): Promise<void>;
}

const encoder = new TextEncoder();

const servedPaths = new Set(['/v1/chat/completions', '/v1/embeddings']);

export function sse(payloads: unknown[], { done = true }: { done?: boolean } = {}): Response {
  const text =
    payloads
      .map(
        (payload) => `data: ${typeof payload === 'string' ? payload : JSON.stringify(payload)}\n\n`,
      )
      .join('') + (done ? 'data: [DONE]\n\n' : '');
  return new Response(encoder.encode(text), {
    headers: { 'content-type': 'text/event-stream', 'x-request-id': 'req_loopback' },
  });
}

export async function startChatServer(): Promise<ChatServer> {
  const queue: Reply[] = [];
  const requests: ReceivedRequest[] = [];
  const server: LoopbackServer = await startServer(async (request) => {
    const { pathname: path, search } = new URL(request.url);
    const text = await request.text();
    let body: ChatRequestBody = { model: '', messages: [] };
    try {
      body = JSON.parse(text);
    } catch {
      // Recorded as an empty request: a test that cares checks `requests`.
    }
    requests.push({ path, url: `${path}${search}`, headers: request.headers, body });
    if (request.method !== 'POST' || !servedPaths.has(path)) {
      return Response.json({ error: { message: `no route ${path}` } }, { status: 404 });
    }
    const reply = queue.shift();
    if (reply === undefined) {
      return Response.json({ error: { message: 'no reply scripted' } }, { status: 500 });
    }
    if ('fixture' in reply) return sse(readChatStreamLines(reply.fixture));
    if ('chunks' in reply) return sse(reply.chunks, { done: reply.done ?? true });
    if ('completionFixture' in reply)
      return Response.json(readChatCompletion(reply.completionFixture));
    if ('completion' in reply) return Response.json(reply.completion);
    if ('status' in reply) {
      return new Response(reply.body ?? null, { status: reply.status, headers: reply.headers });
    }
    return reply.handle(request);
  });
  return {
    baseURL: `${server.url}/v1`,
    requests,
    reply: (...replies) => queue.push(...replies),
    reset: () => {
      queue.length = 0;
      requests.length = 0;
    },
    close: () => server.close(),
  };
}

/**
 * The chat server of a test file: started before its first test, reset before each test (no
 * reply or request carries over) and closed after the last. Register it at the top of the file;
 * the handle works from the first test on.
 */
export function useChatServer(): ChatServer {
  let server: ChatServer | undefined;
  let closed = false;
  const started = (): ChatServer => {
    if (server === undefined) throw new Error('useChatServer: the server starts in beforeAll.');
    return server;
  };
  beforeAll(async () => {
    server = await startChatServer();
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
    reply: (...replies) => started().reply(...replies),
    reset: () => started().reset(),
    close: async () => {
      closed = true;
      await started().close();
    },
  };
}
