/**
 * `responses-bridge serve` against a hostile web page and hostile clients (issue 14), through
 * the real CLI: what it refuses by default (a cross-site `text/plain` POST, a foreign `Host`
 * after DNS rebinding, a foreign `Origin`, TRACE, keys named like `Object.prototype` members,
 * JSON nested past any real request, bodies too large, too many or too slow, requests past the
 * in-flight limit, answers past the output cap, a non-SSE 200 from the upstream), what its flags
 * allow (`--allow-host`, `--allow-origin` with CORS), and that nothing of it prints a stack
 * trace. Limits are set small on the command line; no test reads a clock.
 */

import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { chunk, completion } from '../support/builders';
import { useChatServer } from '../support/chat-server';
import { sseHeaders, sseLine, useFaultServer, write } from '../support/fault-server';
import { parseSSE } from '../support/handler-harness';
import { type RawAnswer, type RawRequest, rawRequest } from '../support/raw-request';
import { rejectionOf } from '../support/rejections';
import { type ServeProcess, useServeProcesses } from '../support/serve-process';

const upstream = useChatServer();
const { serve } = useServeProcesses();
const fault = useFaultServer();

type Answer = RawAnswer;

/** One HTTP request to the CLI with any headers, its whole answer read. */
const send = (cli: ServeProcess, options: RawRequest): Promise<Answer> =>
  rawRequest(cli.port, options);

const json = { 'content-type': 'application/json' };
const body = JSON.stringify({ model: 'm', input: 'Hi' });

function errorOf(answer: Answer) {
  expect(answer.headers['content-type']).toBe('application/json');
  const { error } = JSON.parse(answer.text) as {
    error: { message: string; type: string; param: string | null; code: string | null };
  };
  expect(Object.keys(error).sort()).toEqual(['code', 'message', 'param', 'type']);
  return error;
}

/** The CLI's stderr holds no stack trace and no unhandled error. */
function expectQuiet(cli: ServeProcess) {
  expect(cli.stderr()).not.toMatch(/\n\s+at |Error:|Unhandled/);
}

describe('serve refuses what a web page can send', { timeout: 60_000 }, () => {
  it('a cross-site text/plain POST → 403 with its Origin, 415 without; nothing goes upstream', async () => {
    const cli = await serve(upstream.baseURL);
    const simple = { 'content-type': 'text/plain;charset=UTF-8' };
    const fromPage = await send(cli, {
      headers: { ...simple, origin: 'https://evil.example' },
      body,
    });
    expect(fromPage.status).toBe(403);
    expect(errorOf(fromPage).code).toBe('origin_not_allowed');
    const plain = await send(cli, { headers: simple, body });
    expect(plain.status).toBe(415);
    expect(errorOf(plain)).toMatchObject({ code: 'unsupported_media_type' });
    expect(upstream.requests).toEqual([]);
    expectQuiet(cli);
  });

  it('a foreign Host (DNS rebinding) → 403; loopback names are answered', async () => {
    const cli = await serve(upstream.baseURL);
    const rebound = await send(cli, {
      headers: { ...json, host: `evil.example:${cli.port}` },
      body,
    });
    expect(rebound.status).toBe(403);
    expect(errorOf(rebound).code).toBe('host_not_allowed');
    expect(upstream.requests).toEqual([]);
    for (const host of [`localhost:${cli.port}`, `127.0.0.1:${cli.port}`]) {
      upstream.reply({ completion: completion({ message: { content: 'hi' } }) });
      expect((await send(cli, { headers: { ...json, host }, body })).status, host).toBe(200);
    }
  });

  it('--allow-host NAME answers that Host too', async () => {
    const cli = await serve(upstream.baseURL, ['--allow-host', 'bridge.test']);
    upstream.reply({ completion: completion({ message: { content: 'hi' } }) });
    const allowed = await send(cli, { headers: { ...json, host: 'bridge.test' }, body });
    expect(allowed.status).toBe(200);
    const other = await send(cli, { headers: { ...json, host: 'other.test' }, body });
    expect(other.status).toBe(403);
  });

  it('a foreign Origin → 403, its preflight too, with no CORS header', async () => {
    const cli = await serve(upstream.baseURL);
    const origin = { origin: 'https://evil.example' };
    const refused = await send(cli, { headers: { ...json, ...origin }, body });
    expect(refused.status).toBe(403);
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await send(cli, {
      method: 'OPTIONS',
      headers: { ...origin, 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    expect(upstream.requests).toEqual([]);
  });

  it('--allow-origin ORIGIN: its preflight gets CORS, then its POST is answered', async () => {
    const cli = await serve(upstream.baseURL, ['--allow-origin', 'https://app.example']);
    const origin = { origin: 'https://app.example' };
    const preflight = await send(cli, {
      method: 'OPTIONS',
      headers: {
        ...origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers).toMatchObject({
      'access-control-allow-origin': 'https://app.example',
      'access-control-allow-methods': expect.stringContaining('POST'),
      'access-control-allow-headers': expect.stringContaining('content-type'),
    });
    upstream.reply({ completion: completion({ message: { content: 'hi' } }) });
    const answer = await send(cli, { headers: { ...json, ...origin }, body });
    expect(answer.status).toBe(200);
    expect(answer.headers['access-control-allow-origin']).toBe('https://app.example');
  });
});

describe('serve refuses input that used to crash it', { timeout: 60_000 }, () => {
  it('TRACE → 405, with nothing on stderr', async () => {
    const cli = await serve(upstream.baseURL);
    const trace = await send(cli, { method: 'TRACE' });
    expect(trace.status).toBe(405);
    expect(errorOf(trace).code).toBe('method_not_allowed');
    expect(cli.stderr()).toBe('');
  });

  it('keys named constructor, toString, __proto__ → 400; deep tool parameters → 400', async () => {
    const cli = await serve(upstream.baseURL);
    for (const key of ['constructor', 'toString', '__proto__']) {
      const answer = await send(cli, {
        headers: json,
        body: `{"model":"m","input":"Hi","${key}":{"when":1}}`,
      });
      expect(answer.status, key).toBe(400);
      expect(errorOf(answer)).toMatchObject({ param: key, code: 'unknown_parameter' });
    }
    const depth = 10_000;
    const parameters = `${'{"type":"object","properties":{"a":'.repeat(depth)}{}${'}}'.repeat(depth)}`;
    const deep = await send(cli, {
      headers: json,
      body: `{"model":"m","input":"Hi","tools":[{"type":"function","name":"f","parameters":${parameters}}]}`,
    });
    expect(deep.status).toBe(400);
    expect(errorOf(deep).type).toBe('invalid_request_error');
    expect(upstream.requests).toEqual([]);
    expectQuiet(cli);
  });
});

describe('serve holds against resource exhaustion', { timeout: 120_000 }, () => {
  it('40 concurrent 9 MB bodies: refused past the buffered total (503)', async () => {
    const cli = await serve(upstream.baseURL, ['--max-buffered-bytes', String(40 * 1024 * 1024)]);
    const nine = 9 * 1024 * 1024;
    const piece = Buffer.alloc(1024 * 1024, 32);
    const statuses = await Promise.all(
      Array.from(
        { length: 40 },
        () =>
          new Promise<number>((resolve, reject) => {
            const client = httpRequest(
              {
                host: '127.0.0.1',
                port: cli.port,
                method: 'POST',
                path: '/v1/responses',
                headers: { ...json, 'content-length': String(nine) },
              },
              (response) => {
                resolve(response.statusCode ?? 0);
                response.resume();
                client.destroy();
              },
            );
            client.on('error', (error) => {
              // The answer may come first and the connection close under the rest of the body.
              if (!client.destroyed) reject(error);
            });
            const sendPieces = (sent: number) => {
              while (sent < 9) {
                sent++;
                if (!client.write(piece)) {
                  client.once('drain', () => sendPieces(sent));
                  return;
                }
              }
              client.end();
            };
            sendPieces(0);
          }),
      ),
    );
    // 40 MB hold four of them at a time: past that, bodies are refused while being read. How
    // many overlap depends on the machine; the handler suite counts them exactly.
    expect(statuses).toContain(503);
    for (const status of statuses) expect([400, 503]).toContain(status);
    // The budget is whole again once they are over.
    upstream.reply({ completion: completion({ message: { content: 'after' } }) });
    expect((await send(cli, { headers: json, body })).status).toBe(200);
    expectQuiet(cli);
  });

  it('a body over --max-body-bytes → 413', async () => {
    const cli = await serve(upstream.baseURL, ['--max-body-bytes', '1000000']);
    const answer = await send(cli, {
      headers: json,
      body: JSON.stringify({ model: 'm', input: 'x'.repeat(9 * 1024 * 1024) }),
    });
    expect(answer.status).toBe(413);
    expect(errorOf(answer).code).toBe('request_too_large');
  });

  it('a body sent a byte at a time is cut at --body-timeout-ms → 408', async () => {
    const cli = await serve(upstream.baseURL, ['--body-timeout-ms', '300']);
    let timer: NodeJS.Timeout | undefined;
    try {
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect(cli.port, '127.0.0.1');
        let text = '';
        socket.setEncoding('utf8');
        socket.on('data', (data: string) => {
          text += data;
          // The answer comes while the body is still trickling in: read up to its error code.
          if (/"code":"[a-z_]+"/.test(text)) resolve(text);
        });
        socket.on('error', reject);
        socket.on('connect', () => {
          socket.write(
            'POST /v1/responses HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n',
          );
          timer = setInterval(() => socket.write(' '), 50);
        });
      });
      expect(answer).toMatch(/^HTTP\/1\.1 408 /);
      expect(answer).toContain('request_timeout');
    } finally {
      clearInterval(timer);
    }
    expectQuiet(cli);
  });

  it('past --max-concurrent → 429 with Retry-After', async () => {
    const cli = await serve(upstream.baseURL, ['--max-concurrent', '1']);
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    upstream.reply({
      handle: async () => {
        await released;
        return Response.json(completion({ message: { content: 'first' } }));
      },
    });
    const first = send(cli, { headers: json, body });
    while (upstream.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const second = await send(cli, { headers: json, body });
    expect(second.status).toBe(429);
    expect(second.headers['retry-after']).toBe('1');
    expect(errorOf(second).code).toBe('rate_limit_exceeded');
    release();
    expect((await first).status).toBe(200);
  });

  it('an endless answer past --max-output-bytes ends with error and response.failed', async () => {
    fault.next(async (_req, res) => {
      res.writeHead(200, sseHeaders);
      for (let n = 0; ; n++) {
        if (!(await write(res, sseLine(chunk({ delta: { content: `word${n} ` } }))))) return;
      }
    });
    const cli = await serve(fault.baseURL, ['--max-output-bytes', '20000']);
    const answer = await send(cli, {
      headers: json,
      body: JSON.stringify({ model: 'm', input: 'Hi', stream: true }),
    });
    expect(answer.status).toBe(200);
    const events = parseSSE(answer.text);
    expect(events.slice(-2).map((event) => event.type)).toEqual(['error', 'response.failed']);
    expect(answer.text).toContain('output_limit_exceeded');
    await fault.requests[0]!.closed;
  });
});

describe('serve and a non-SSE 200 from the upstream', { timeout: 60_000 }, () => {
  it('an HTML page, a JSON error body or nothing: the official client gets an error, not a Response', async () => {
    const cli = await serve(upstream.baseURL);
    const client = new OpenAI({ baseURL: `${cli.url}/v1`, apiKey: 'sk-client', maxRetries: 0 });
    for (const [type, text, status, shown] of [
      ['text/html', '<html>Please sign in</html>', 502, 'without a chunk stream'],
      ['application/json', '{"error":{"message":"Overloaded","code":503}}', 503, 'Overloaded'],
      ['text/event-stream', '', 502, 'without a chunk stream'],
    ] as const) {
      upstream.reply({ status: 200, body: text, headers: { 'content-type': type } });
      const error = await rejectionOf(
        client.responses.create({ model: 'm', input: 'Hi', stream: true }),
        OpenAI.APIError,
      );
      expect(error.status, type).toBe(status);
      expect(error.message).toContain(shown);
    }
    expectQuiet(cli);
  });
});
