/**
 * The handler against hostile requests (issue 14): a web page driving it (a cross-site
 * `text/plain` POST, a foreign `Host` after DNS rebinding, a foreign `Origin`), request keys named
 * like `Object.prototype` members, JSON nested deep enough to overflow a stack, and clients that
 * try to exhaust it (many large bodies at once, a body sent a byte at a time, too many requests
 * in flight, an answer without end). Each is refused with the status the real API would give, in
 * its error shape, and nothing reaches the upstream that should not. Limits are configured small
 * so that the tests are fast; no test reads a clock.
 */
import type { ResponseStreamEvent } from 'openai/resources/responses/responses';
import { describe, expect, it } from 'vitest';
import { createResponsesHandler, type ResponsesHandlerOptions } from '../../src/index';
import { chunk, completion } from '../support/builders';
import { useChatServer } from '../support/chat-server';
import { sseHeaders, sseLine, startFaultServer, write } from '../support/fault-server';
import { parseSSE } from '../support/handler-harness';

const upstream = useChatServer();
const encoder = new TextEncoder();

function handlerWith(options: ResponsesHandlerOptions = {}) {
  return createResponsesHandler({ baseURL: upstream.baseURL, ...options });
}

const request = { model: 'm', input: 'Hi' };

function post(
  body: BodyInit | null,
  headers: Record<string, string> = {},
  url = 'http://127.0.0.1:8787/v1/responses',
): Request {
  return new Request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
    ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
  } as RequestInit);
}

async function errorOf(response: Response) {
  expect(response.headers.get('content-type')).toBe('application/json');
  const body = (await response.json()) as {
    error: { message: string; type: string; param: string | null; code: string | null };
  };
  expect(Object.keys(body.error).sort()).toEqual(['code', 'message', 'param', 'type']);
  return body.error;
}

describe('a web page driving the server', () => {
  // What `serve` configures: loopback Host names only.
  const guarded = () => handlerWith({ allowedHosts: [] });

  it('a cross-site text/plain POST (no preflight needed) is refused', async () => {
    const handler = guarded();
    const simple = { 'content-type': 'text/plain;charset=UTF-8' };
    const fromPage = await handler(
      post(JSON.stringify(request), { ...simple, origin: 'https://evil.example' }),
    );
    expect(fromPage.status).toBe(403);
    expect((await errorOf(fromPage)).code).toBe('origin_not_allowed');
    // Without an Origin (a client that strips it), the body type alone refuses it.
    const plain = await handler(post(JSON.stringify(request), simple));
    expect(plain.status).toBe(415);
    expect(await errorOf(plain)).toMatchObject({
      type: 'invalid_request_error',
      code: 'unsupported_media_type',
    });
    for (const type of ['application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      expect((await handler(post('a=1', { 'content-type': type }))).status).toBe(415);
    }
    expect(upstream.requests).toEqual([]);
  });

  it('a foreign Host (DNS rebinding) is refused; loopback names are answered', async () => {
    const handler = guarded();
    const rebound = await handler(post(JSON.stringify(request), { host: 'evil.example:8787' }));
    expect(rebound.status).toBe(403);
    expect(await errorOf(rebound)).toMatchObject({ code: 'host_not_allowed' });
    expect(upstream.requests).toEqual([]);
    for (const host of [
      'localhost:8787',
      '127.0.0.1:8787',
      '127.1.2.3',
      '[::1]:8787',
      'a.localhost',
    ]) {
      upstream.reply({ completion: completion({ message: { content: 'hi' } }) });
      expect((await handler(post(JSON.stringify(request), { host }))).status, host).toBe(200);
    }
  });

  it('a Host configured with allowedHosts is answered', async () => {
    const handler = handlerWith({ allowedHosts: ['bridge.internal'] });
    upstream.reply({ completion: completion({ message: { content: 'hi' } }) });
    const allowed = await handler(post(JSON.stringify(request), { host: 'bridge.internal:80' }));
    expect(allowed.status).toBe(200);
    expect((await handler(post(JSON.stringify(request), { host: 'other.internal' }))).status).toBe(
      403,
    );
  });

  it('a foreign Origin is refused, and its preflight too', async () => {
    const handler = guarded();
    const origin = { origin: 'https://evil.example' };
    const refused = await handler(post(JSON.stringify(request), origin));
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    expect((await errorOf(refused)).code).toBe('origin_not_allowed');
    const preflight = await handler(
      new Request('http://127.0.0.1:8787/v1/responses', {
        method: 'OPTIONS',
        headers: { ...origin, 'access-control-request-method': 'POST' },
      }),
    );
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    // `Origin: null` (a sandboxed frame, a file) is foreign too.
    expect((await handler(post(JSON.stringify(request), { origin: 'null' }))).status).toBe(403);
    expect(upstream.requests).toEqual([]);
  });

  it('a same-origin page is answered', async () => {
    upstream.reply({ completion: completion({ message: { content: 'hi' } }) });
    const response = await guarded()(
      post(JSON.stringify(request), { host: 'localhost:8787', origin: 'http://localhost:8787' }),
    );
    expect(response.status).toBe(200);
  });

  it('an origin configured with allowedOrigins gets CORS: preflight, then the answer', async () => {
    const handler = handlerWith({ allowedHosts: [], allowedOrigins: ['https://app.example'] });
    const origin = { origin: 'https://app.example' };
    const preflight = await handler(
      new Request('http://127.0.0.1:8787/v1/responses', {
        method: 'OPTIONS',
        headers: {
          ...origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization, content-type',
        },
      }),
    );
    expect(preflight.status).toBe(204);
    expect(Object.fromEntries(preflight.headers)).toMatchObject({
      'access-control-allow-origin': 'https://app.example',
      'access-control-allow-methods': expect.stringContaining('POST'),
      'access-control-allow-headers': expect.stringContaining('content-type'),
      vary: 'Origin',
    });
    upstream.reply({ completion: completion({ message: { content: 'hi' } }) });
    const answer = await handler(post(JSON.stringify(request), origin));
    expect(answer.status).toBe(200);
    expect(answer.headers.get('access-control-allow-origin')).toBe('https://app.example');
    // Its errors carry CORS too, so that the page can read them.
    const error = await handler(post('{', origin));
    expect(error.status).toBe(400);
    expect(error.headers.get('access-control-allow-origin')).toBe('https://app.example');
  });
});

describe('requests that used to crash the handler', () => {
  it.each([
    'constructor',
    'toString',
    '__proto__',
    'hasOwnProperty',
    'valueOf',
    '__defineGetter__',
  ])('a request key named %s → 400 unknown_parameter', async (key) => {
    const body = `{"model":"m","input":"Hi","${key}":{"when":1}}`;
    const response = await handlerWith()(post(body));
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toMatchObject({ param: key, code: 'unknown_parameter' });
    expect(upstream.requests).toEqual([]);
  });

  it('such keys inside a tool, its parameters and metadata never give a 5xx', async () => {
    const handler = handlerWith();
    const bodies = [
      '{"model":"m","input":"Hi","tools":[{"type":"function","name":"f","constructor":1}]}',
      '{"model":"m","input":"Hi","tools":[{"type":"function","name":"f","parameters":{"__proto__":{"x":1},"type":"object"}}]}',
      '{"model":"m","input":"Hi","metadata":{"__proto__":"x","toString":"y"}}',
      '{"model":"m","input":[{"role":"user","content":"Hi","constructor":"x"}]}',
      '{"model":"m","input":"Hi","text":{"format":{"type":"__proto__"}}}',
      '{"model":"m","input":"Hi","tool_choice":{"type":"constructor"}}',
    ];
    for (const body of bodies) {
      upstream.reply({ completion: completion({ message: { content: 'hi' } }) });
      const response = await handler(post(body));
      expect(response.status, body).toBeLessThan(500);
    }
  });

  it('tool parameters nested 10,000 deep → 400, not a 502 blamed on the upstream', async () => {
    const depth = 10_000;
    const parameters = `${'{"type":"object","properties":{"a":'.repeat(depth)}{}${'}}'.repeat(depth)}`;
    const body = `{"model":"m","input":"Hi","tools":[{"type":"function","name":"f","parameters":${parameters}}]}`;
    const response = await handlerWith()(post(body));
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toMatchObject({
      type: 'invalid_request_error',
      code: 'invalid_value',
    });
    expect(upstream.requests).toEqual([]);
  });

  it('nesting a real schema has (a few dozen levels) is still served', async () => {
    const depth = 20;
    const parameters = `${'{"type":"object","properties":{"a":'.repeat(depth)}{}${'}}'.repeat(depth)}`;
    upstream.reply({ completion: completion({ message: { content: 'hi' } }) });
    const response = await handlerWith()(
      post(
        `{"model":"m","input":"Hi","tools":[{"type":"function","name":"f","parameters":${parameters}}]}`,
      ),
    );
    expect(response.status).toBe(200);
  });
});

/** A body stream: `first`, then `rest` once `gate` resolves. */
function gatedBody(first: Uint8Array, rest: Uint8Array, gate: Promise<void>) {
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      controller.enqueue(first);
      await gate;
      controller.enqueue(rest);
      controller.close();
    },
  });
}

describe('limits', () => {
  it('40 concurrent large bodies: past the buffered total, 503 with Retry-After; nothing is kept after', async () => {
    // 40 bodies of 900 KB each where all bodies together may hold 4 MB (as 40 × 9 MB against
    // the default 100 MB): the first halves alone overflow it.
    const half = 450 * 1024;
    const handler = handlerWith({
      maxBodyBytes: 1024 * 1024,
      maxBufferedBodyBytes: 4 * 1024 * 1024,
    });
    let open: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const answers = Array.from({ length: 40 }, () =>
      handler(post(gatedBody(new Uint8Array(half).fill(32), new Uint8Array(half).fill(32), gate))),
    );
    const statuses: number[] = [];
    const settled = answers.map((answer) =>
      answer.then((response) => {
        statuses.push(response.status);
        return response;
      }),
    );
    // At most 4 MB / 450 KB = 9 bodies fit: every other one is refused while the gate is shut.
    await new Promise<void>((resolve) => {
      const check = () => (statuses.length >= 31 ? resolve() : setImmediate(check));
      check();
    });
    open();
    const responses = await Promise.all(settled);
    expect(statuses.filter((status) => status === 503).length).toBeGreaterThanOrEqual(31);
    for (const response of responses) {
      expect([400, 503]).toContain(response.status);
      const error = await errorOf(response);
      if (response.status === 503) {
        expect(error.code).toBe('server_busy');
        expect(response.headers.get('retry-after')).toBe('1');
      }
    }
    // Every byte held was given back: a request now goes through.
    upstream.reply({ completion: completion({ message: { content: 'after' } }) });
    expect((await handler(post(JSON.stringify(request)))).status).toBe(200);
    expect(upstream.requests).toHaveLength(1);
  });

  it('a body larger than maxBodyBytes → 413, declared or not', async () => {
    const handler = handlerWith({ maxBodyBytes: 1024 * 1024 });
    const nine = new Uint8Array(9 * 1024 * 1024).fill(32);
    const declared = await handler(post(nine));
    expect(declared.status).toBe(413);
    expect((await errorOf(declared)).code).toBe('request_too_large');
    const chunked = await handler(
      post(
        new ReadableStream<Uint8Array>({
          start(controller) {
            for (let i = 0; i < 9; i++) controller.enqueue(new Uint8Array(1024 * 1024).fill(32));
            controller.close();
          },
        }),
      ),
    );
    expect(chunked.status).toBe(413);
  });

  it('a body sent a byte at a time is cut at bodyTimeoutMs → 408', async () => {
    const handler = handlerWith({ bodyTimeoutMs: 200 });
    let timer: NodeJS.Timeout | undefined;
    let sent = 0;
    const trickle = new ReadableStream<Uint8Array>({
      start(controller) {
        timer = setInterval(() => {
          controller.enqueue(encoder.encode('{"model":"m","input":"x'.charAt(sent) || ' '));
          sent++;
        }, 20);
      },
      cancel() {
        clearInterval(timer);
      },
    });
    try {
      const response = await handler(post(trickle));
      expect(response.status).toBe(408);
      expect(await errorOf(response)).toMatchObject({ code: 'request_timeout' });
    } finally {
      clearInterval(timer);
    }
    expect(upstream.requests).toEqual([]);
  });

  it('past maxConcurrentRequests → 429 with Retry-After; the slot is free once the answer is over', async () => {
    const handler = handlerWith({ maxConcurrentRequests: 1 });
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
    const first = handler(post(JSON.stringify(request)));
    await waitFor(() => upstream.requests.length === 1);
    const second = await handler(post(JSON.stringify(request)));
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBe('1');
    expect(await errorOf(second)).toMatchObject({
      type: 'rate_limit_error',
      code: 'rate_limit_exceeded',
    });
    release();
    expect((await first).status).toBe(200);
    upstream.reply({ completion: completion({ message: { content: 'third' } }) });
    expect((await handler(post(JSON.stringify(request)))).status).toBe(200);
  });

  it('a stream holds its slot until it is over', async () => {
    const handler = handlerWith({ maxConcurrentRequests: 1 });
    upstream.reply({
      chunks: [chunk({ delta: { content: 'streamed' } }), chunk({ finish_reason: 'stop' })],
    });
    const streaming = await handler(post(JSON.stringify({ ...request, stream: true })));
    expect(streaming.status).toBe(200);
    expect((await handler(post(JSON.stringify(request)))).status).toBe(429);
    await streaming.text();
    upstream.reply({ completion: completion({ message: { content: 'next' } }) });
    expect((await handler(post(JSON.stringify(request)))).status).toBe(200);
  });

  it('an answer past maxOutputBytes ends with an error event and response.failed, and the upstream stops', async () => {
    const endless = await startFaultServer();
    try {
      endless.next(async (_req, res) => {
        res.writeHead(200, sseHeaders);
        for (let n = 0; ; n++) {
          if (!(await write(res, sseLine(chunk({ delta: { content: `word${n} ` } }))))) return;
        }
      });
      const response = await createResponsesHandler({
        baseURL: endless.baseURL,
        maxOutputBytes: 20_000,
      })(post(JSON.stringify({ ...request, stream: true })));
      expect(response.status).toBe(200);
      const text = await response.text();
      const events: ResponseStreamEvent[] = parseSSE(text);
      expect(events.slice(-2).map((event) => event.type)).toEqual(['error', 'response.failed']);
      const failed = events.at(-1) as Extract<ResponseStreamEvent, { type: 'response.failed' }>;
      expect(failed.response.error?.message).toContain('output limit');
      expect(failed.response.output_text).toMatch(/^word0 word1 /);
      expect((events.at(-2) as { code?: unknown }).code).toBe('output_limit_exceeded');
      // Bounded, though the upstream never ends: the cap, the rest of the upstream read that
      // crossed it, and the closing events, which repeat the output once.
      expect(text.length).toBeLessThan(1024 * 1024);
      // The upstream request is closed, not left to stream on.
      await endless.requests[0]!.closed;
    } finally {
      await endless.close();
    }
  });
});

describe('non-SSE 200 answers to a streamed request', () => {
  it.each([
    ['an HTML page', 'text/html', '<html><body>Sign in to continue</body></html>', 'text/html'],
    ['an empty body', 'text/event-stream', '', 'empty body'],
  ])('%s → 502 that says what came, never response.completed', async (_name, type, body, shown) => {
    upstream.reply({ status: 200, body, headers: { 'content-type': type } });
    const response = await handlerWith()(post(JSON.stringify({ ...request, stream: true })));
    expect(response.status).toBe(502);
    const error = await errorOf(response);
    expect(error.code).toBe('upstream_invalid_response');
    expect(error.message).toContain(shown);
  });

  it('a JSON error body → the error it says, with the HTTP status its code stands for', async () => {
    upstream.reply({
      status: 200,
      body: '{"error":{"message":"You exceeded your quota","type":"insufficient_quota","code":"insufficient_quota"}}',
      headers: { 'content-type': 'application/json' },
    });
    const response = await handlerWith()(post(JSON.stringify({ ...request, stream: true })));
    expect(response.status).toBe(429);
    expect(await errorOf(response)).toMatchObject({
      message: 'You exceeded your quota',
      code: 'insufficient_quota',
    });
  });

  it('the same answers to a request that is not streamed → 502 too', async () => {
    for (const [type, body] of [
      ['text/html', '<html><body>Sign in</body></html>'],
      ['text/plain', ''],
    ] as const) {
      upstream.reply({ status: 200, body, headers: { 'content-type': type } });
      const response = await handlerWith()(post(JSON.stringify(request)));
      expect(response.status, type).toBe(502);
      await errorOf(response);
    }
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}
