/**
 * `responses-bridge serve` as a user runs it: a child process (the TypeScript source through
 * tsx, test/support/serve-process.ts), the official `openai` client talking to it, the replay
 * chat server behind it, and a signal to stop it.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import OpenAI from 'openai';
import { describe, expect, it, vi } from 'vitest';
import { chunk, completion } from '../support/builders';
import { sse, useChatServer } from '../support/chat-server';
import { collect } from '../support/fixtures';
import { rejection } from '../support/rejections';
import { completed, ResponsesSocket } from '../support/responses-socket';
import { useServeProcesses } from '../support/serve-process';

const upstream = useChatServer();
const processes = useServeProcesses();
const { run } = processes;
const serve = (args: string[] = [], env: Record<string, string> = {}) =>
  processes.serve(upstream.baseURL, args, env);

const packageVersion = (
  JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8')) as {
    version: string;
  }
).version;

/** The log lines of a serve process: one per request, when its answer is over. */
const logLines = (stdout: string) =>
  stdout.split('\n').filter((line) => /^responses-bridge: [A-Z]+ \//.test(line));

function isPortClosed(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

describe('responses-bridge serve', { timeout: 60_000 }, () => {
  it('serves the openai client, then exits 0 on SIGTERM and frees its port', async () => {
    const cli = await serve(['--max-body-bytes', '4000']);
    expect(cli.stdout()).toContain(`${upstream.baseURL}/chat/completions`);
    const client = new OpenAI({ baseURL: `${cli.url}/v1`, apiKey: 'sk-client', maxRetries: 0 });

    upstream.reply({ completion: completion({ model: 'cli-model', message: { content: 'Hi!' } }) });
    const response = await client.responses.create({ model: 'cli-model', input: 'Hello' });
    expect(response.output_text).toBe('Hi!');
    expect(upstream.requests[0]!.headers.get('authorization')).toBe('Bearer sk-client');

    upstream.reply({ fixture: 'openai-gpt-4o-mini-text' });
    const events = await collect(
      await client.responses.create({ model: 'gpt-4o-mini', input: 'Hello', stream: true }),
    );
    expect(events.at(-1)?.type).toBe('response.completed');

    // The limit holds through the Node bridge for a chunked body too.
    const tooLarge = await fetch(`${cli.url}/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < 10; i++) controller.enqueue(new Uint8Array(1000).fill(32));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(tooLarge.status).toBe(413);

    cli.child.kill('SIGTERM');
    expect(await cli.exit).toEqual({ code: 0, signal: null });
    expect(await isPortClosed(cli.port)).toBe(true);
  });

  it('ends open streams with response.failed on SIGTERM and cancels their upstream', async () => {
    const cli = await serve([], { RESPONSES_BRIDGE_UPSTREAM_API_KEY: 'sk-from-env' });
    let upstreamCancelled = false;
    upstream.reply({
      handle: () => {
        const first = sse([chunk({ delta: { role: 'assistant', content: 'Hel' } })], {
          done: false,
        });
        const body = new ReadableStream<Uint8Array>({
          // One chunk, then nothing until the bridge lets go.
          async start(controller) {
            controller.enqueue(new Uint8Array(await first.arrayBuffer()));
          },
          cancel() {
            upstreamCancelled = true;
          },
        });
        return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
      },
    });
    const response = await fetch(`${cli.url}/v1/responses`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-client', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', input: 'Hello', stream: true }),
    });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (!text.includes('response.output_text.delta')) {
      const { done, value } = await reader.read();
      // A stream that ends before its first delta fails the test instead of spinning.
      expect(done, `the stream ended early: ${text}`).toBe(false);
      text += decoder.decode(value, { stream: true });
    }
    expect(upstream.requests[0]!.headers.get('authorization')).toBe('Bearer sk-from-env');

    cli.child.kill('SIGTERM');
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    const types = [...text.matchAll(/^event: (.+)$/gm)].map((match) => match[1]);
    expect(types.slice(-2)).toEqual(['error', 'response.failed']);
    expect(text).toContain('The server is shutting down.');
    expect(await cli.exit).toEqual({ code: 0, signal: null });
    await vi.waitFor(() => expect(upstreamCancelled).toBe(true), { timeout: 15_000 });
  });

  it('cancels a non-streaming upstream request when its client disconnects', async () => {
    // A raw upstream that never answers, to see its request being given up.
    let upstreamReceived = false;
    let upstreamClosed = false;
    const stalled: Server = createServer((_req, res) => {
      upstreamReceived = true;
      res.on('close', () => {
        upstreamClosed = true;
      });
    });
    await new Promise<void>((resolve) => stalled.listen(0, '127.0.0.1', resolve));
    const { port } = stalled.address() as { port: number };
    try {
      const cli = await processes.serve(`http://127.0.0.1:${port}/v1`);
      const { url } = cli;
      const controller = new AbortController();
      const pending = rejection(
        fetch(`${url}/v1/responses`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'm', input: 'Hello' }),
          signal: controller.signal,
        }),
      );
      await vi.waitFor(() => expect(upstreamReceived).toBe(true), { timeout: 15_000 });
      controller.abort();
      expect(await pending).toBeInstanceOf(Error);
      await vi.waitFor(() => expect(upstreamClosed).toBe(true), { timeout: 15_000 });
      // Nothing is open any more: the shutdown has nothing to wait for, and says so by exiting 0
      // (the vitest timeout bounds the wait, not a clock read here).
      cli.child.kill('SIGINT');
      expect(await cli.exit).toEqual({ code: 0, signal: null });
      expect(cli.stderr()).toBe('');
    } finally {
      stalled.closeAllConnections();
      await new Promise<void>((resolve) => stalled.close(() => resolve()));
    }
  });

  it('prints its usage with --help and its version with --version', async () => {
    const help = run(['--help']);
    expect((await help.exit).code).toBe(0);
    expect(help.stdout()).toContain('responses-bridge serve --upstream URL');
    const versions = [['--version'], ['serve', '-v']].map((args) => run(args));
    for (const version of versions) {
      expect(await version.exit).toEqual({ code: 0, signal: null });
      expect(version.stdout()).toBe(`${packageVersion}\n`);
      expect(version.stderr()).toBe('');
    }
  });

  it('answers a usage error with one line that names it and where the options are, exit 2', async () => {
    // Each kind of usage error once (parseArgs' own, and serve's checks); every message is
    // in src/server/cli-lines.test.ts.
    const cases: Array<[string[], string]> = [
      [['serve'], 'Missing --upstream URL.'],
      [['serve', '--upstream', 'http://127.0.0.1:1/v1', '--bogus'], 'Unknown option --bogus.'],
      [['serve', '--upstream', 'http://127.0.0.1:1/v1', '--port', 'x'], '--port must be'],
    ];
    const clis = cases.map(([args, message]) => ({ args, message, cli: run(args) }));
    for (const { args, message, cli } of clis) {
      expect(await cli.exit, args.join(' ')).toEqual({ code: 2, signal: null });
      expect(cli.stdout()).toBe('');
      const lines = cli.stderr().trimEnd().split('\n');
      expect(lines, cli.stderr()).toHaveLength(1);
      expect(lines[0]).toMatch(/^responses-bridge: .+ \(see responses-bridge serve --help\)$/);
      expect(lines[0]).toContain(message);
      expect(cli.stderr()).not.toContain('Usage:');
    }
  });

  it('logs one line per request and per WebSocket turn: method, path, status, ms, model', async () => {
    const secret = 'sk-upstream-secret-1234567890';
    const cli = await serve([], { RESPONSES_BRIDGE_UPSTREAM_API_KEY: secret });
    const clientKey = 'sk-client-secret-0987654321';
    const client = new OpenAI({ baseURL: `${cli.url}/v1`, apiKey: clientKey, maxRetries: 0 });

    upstream.reply({ completion: completion({ model: 'cli-model', message: { content: 'Hi!' } }) });
    const created = await client.responses.create({ model: 'cli-model', input: 'Hello' });
    upstream.reply({ fixture: 'openai-gpt-4o-mini-text' });
    await collect(
      await client.responses.create({ model: 'gpt-4o-mini', input: 'Hello', stream: true }),
    );
    await client.responses.retrieve(created.id);
    const missing = await fetch(`${cli.url}/v1/nowhere?api_key=${clientKey}`);
    expect(missing.status).toBe(404);
    // A model name is the client's text: one with a line break stays on its line.
    upstream.reply({ completion: completion({ message: { content: 'Odd' } }) });
    await client.responses.create({ model: 'odd\nresponses-bridge: forged', input: 'Hello' });

    upstream.reply({ fixture: 'openai-gpt-4o-mini-text' });
    const socket = await ResponsesSocket.open(cli.url, { authorization: `Bearer ${clientKey}` });
    completed(await socket.create({ model: 'ws-model', store: false, input: 'Hello' }));
    socket.close();

    const expected = [
      /^responses-bridge: POST \/v1\/responses 200 \d+ms model=cli-model$/,
      /^responses-bridge: POST \/v1\/responses 200 \d+ms model=gpt-4o-mini$/,
      /^responses-bridge: GET \/v1\/responses\/resp_[0-9a-f]+ 200 \d+ms$/,
      /^responses-bridge: GET \/v1\/nowhere 404 \d+ms$/,
      /^responses-bridge: POST \/v1\/responses 200 \d+ms model="odd\\nresponses-bridge: forged"$/,
      /^responses-bridge: WS \/v1\/responses 200 \d+ms model=ws-model$/,
    ];
    // A line is written when its answer is over, which may be just after the client saw it.
    await vi.waitFor(() => expect(logLines(cli.stdout())).toHaveLength(expected.length), {
      timeout: 15_000,
    });
    // Each request has its line (a stream's may land after the next request's).
    const lines = logLines(cli.stdout());
    for (const pattern of expected) {
      expect(
        lines.filter((line) => pattern.test(line)),
        String(pattern),
      ).toHaveLength(1);
    }
    expect(cli.stdout()).not.toContain(secret);
    expect(cli.stdout()).not.toContain(clientKey);
    expect(cli.stderr()).toBe('');
  });
});
