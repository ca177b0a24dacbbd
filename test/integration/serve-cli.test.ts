/**
 * `responses-bridge serve` as a user runs it: a child process (the TypeScript source through
 * tsx, test/support/serve-process.ts), the official `openai` client talking to it, the replay
 * chat server behind it, and a signal to stop it.
 */
import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import OpenAI from 'openai';
import { describe, expect, it, vi } from 'vitest';
import { chunk, completion } from '../support/builders';
import { sse, useChatServer } from '../support/chat-server';
import { collect } from '../support/fixtures';
import { rejection } from '../support/rejections';
import { useServeProcesses } from '../support/serve-process';

const upstream = useChatServer();
const processes = useServeProcesses();
const { run } = processes;
const serve = (args: string[] = [], env: Record<string, string> = {}) =>
  processes.serve(upstream.baseURL, args, env);

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

  it('prints its usage with --help and refuses a missing --upstream', async () => {
    const help = run(['--help']);
    expect((await help.exit).code).toBe(0);
    expect(help.stdout()).toContain('responses-bridge serve --upstream URL');
    const missing = run(['serve']);
    expect((await missing.exit).code).toBe(2);
    expect(missing.stderr()).toContain('Missing --upstream URL.');
  });
});
