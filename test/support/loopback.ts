/**
 * A real HTTP server on 127.0.0.1 for tests that must go through an actual socket (e.g. the
 * official `openai` client, which only talks HTTP). The handler speaks web `Request`/`Response`,
 * so the same code could run behind any fetch-style server.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Handler = (request: Request) => Promise<Response> | Response;

export interface LoopbackServer {
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  url: string;
  /** Stops listening and destroys every open connection, so no socket keeps the test alive. */
  close(): Promise<void>;
}

export async function startServer(handler: Handler): Promise<LoopbackServer> {
  const server = createServer((req, res) => {
    serve(handler, req, res).catch((error: unknown) => {
      // Headers may already be out (the body failed mid-stream): then all we can do is cut it.
      if (res.headersSent) res.destroy(error instanceof Error ? error : undefined);
      else res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
    });
  });
  // Port 0: the OS picks a free port, so parallel test files never collide.
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // close() alone waits for keep-alive sockets (the client's agent keeps them) to time out.
        server.closeAllConnections();
      }),
  };
}

async function serve(handler: Handler, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const headers = new Headers();
  // rawHeaders keeps repeated headers as separate pairs, which `req.headers` would merge.
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
  }
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  const request = new Request(`http://${req.headers.host ?? '127.0.0.1'}${req.url ?? '/'}`, {
    method: req.method,
    headers,
    body: hasBody ? Buffer.concat(chunks) : undefined,
  });

  const response = await handler(request);
  res.writeHead(response.status, Object.fromEntries(response.headers));
  // Send the headers now: a streaming client waits for them before it reads any event.
  res.flushHeaders();
  if (!response.body) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  // If the client goes away, cancel the body so its source (e.g. the event generator) stops.
  res.on('close', () => void reader.cancel().catch(() => {}));
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    res.write(value);
  }
  res.end();
}
