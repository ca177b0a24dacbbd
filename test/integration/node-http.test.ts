/**
 * The Node bridge of `serve` (src/server/node-http.ts) against slow and odd clients: a long
 * stream to a reader that keeps the socket full (every write waits for `drain`), methods a web
 * `Request` cannot carry, and request headers sent a byte at a time. No test reads a clock: the
 * timeouts are configured small, and each test waits for what must happen.
 */

import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createNodeServer, type NodeServer, type WebHandler } from '../../src/server/node-http';
import { rawRequest } from '../support/raw-request';

const servers: NodeServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.shutdown(new Error('test over'))));
});

async function listen(
  handler: WebHandler,
  options: Parameters<typeof createNodeServer>[2] = {},
): Promise<number> {
  const errors: unknown[] = [];
  const node = createNodeServer(handler, (error) => errors.push(error), options);
  servers.push(node);
  await new Promise<void>((resolve) => node.server.listen(0, '127.0.0.1', resolve));
  return (node.server.address() as { port: number }).port;
}

/** Sends raw bytes and gives everything the server answers, until it closes the connection. */
function rawExchange(
  port: number,
  send: (write: (text: string) => boolean) => Promise<void> | void,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (data: string) => {
      answer += data;
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(answer));
    socket.on('connect', () => {
      void send((text) => !socket.destroyed && socket.write(text));
    });
  });
}

describe('a long stream to a slow reader', () => {
  it('waits for drain again and again without a MaxListenersExceededWarning', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const piece = new Uint8Array(64 * 1024).fill(120);
      const pieces = 512;
      const port = await listen(async () => {
        let sent = 0;
        return new Response(
          new ReadableStream<Uint8Array>({
            pull(controller) {
              if (sent++ === pieces) controller.close();
              else controller.enqueue(piece);
            },
          }),
        );
      });
      // The client reads a little, then pauses, so that the server's writes keep filling the
      // socket and each one waits for `drain`.
      const received = await new Promise<number>((resolve, reject) => {
        const client = httpRequest({ port, host: '127.0.0.1', path: '/' }, (response) => {
          let bytes = 0;
          response.on('data', (data: Buffer) => {
            bytes += data.byteLength;
            response.pause();
            setImmediate(() => response.resume());
          });
          response.on('end', () => resolve(bytes));
          response.on('error', reject);
        });
        client.on('error', reject);
        client.end();
      });
      expect(received).toBe(piece.byteLength * pieces);
      // Warnings are emitted on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.filter((warning) => warning.name === 'MaxListenersExceededWarning')).toEqual(
        [],
      );
    } finally {
      process.off('warning', onWarning);
    }
  });
});

describe('methods a web Request cannot carry', () => {
  it('TRACE → 405 in the API error shape; the handler never sees it', async () => {
    let seen = 0;
    const port = await listen(async () => {
      seen++;
      return new Response('ok');
    });
    const { status, headers, text: body } = await rawRequest(port, { method: 'TRACE' });
    expect(status).toBe(405);
    expect(headers['content-type']).toBe('application/json');
    expect(JSON.parse(body)).toEqual({
      error: {
        message: expect.stringContaining('TRACE'),
        type: 'invalid_request_error',
        param: null,
        code: 'method_not_allowed',
      },
    });
    expect(seen).toBe(0);
  });

  it('CONNECT → 405 in the API error shape, not a dropped connection', async () => {
    let seen = 0;
    const port = await listen(async () => {
      seen++;
      return new Response('ok');
    });
    const answer = await rawExchange(port, (write) => {
      write('CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n');
    });
    expect(answer).toMatch(/^HTTP\/1\.1 405 /);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({
      error: { code: 'method_not_allowed' },
    });
    expect(seen).toBe(0);
  });
});

describe('a client that sends its request a byte at a time', () => {
  it('its headers are cut at headersTimeoutMs with a 408', async () => {
    const port = await listen(async () => new Response('ok'), { headersTimeoutMs: 200 });
    let timer: NodeJS.Timeout | undefined;
    try {
      const answer = await rawExchange(port, (write) => {
        write('POST /v1/responses HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
        timer = setInterval(() => write('a'), 20);
      });
      expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    } finally {
      clearInterval(timer);
    }
  });
});
