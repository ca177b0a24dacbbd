/**
 * A bad network, as the provider and `serve` meet it (issue 14): a connection error thrown by a
 * minified copy of the `openai` client (class names mangled, as in a Next.js production build),
 * an upstream redirect to another origin or to itself, and a 5 MB HTML error page.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { APICallError } from '@ai-sdk/provider';
import { build } from 'esbuild';
import type OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { responseBodyLimit } from '../../src/ai-sdk/to-api-call-error';
import { createResponsesBridge, createResponsesHandler } from '../../src/index';
import { messageLimit } from '../../src/upstream/redact';
import { type FaultServer, startFaultServer, useFaultServer } from '../support/fault-server';
import { type LoopbackServer, startServer } from '../support/loopback';
import { rejection, rejectionOf } from '../support/rejections';

const prompt = [
  { role: 'user' as const, content: [{ type: 'text' as const, text: 'The prompt' }] },
];
const customHeader = 'custom-header-value-0123456789';

const server = useFaultServer();
/** Another origin: where a redirect points. Nothing may ever reach it. */
let target: FaultServer;
const work = mkdtempSync(join(tmpdir(), 'responses-bridge-minified-'));
let MinifiedOpenAI: typeof OpenAI;

beforeAll(async () => {
  target = await startFaultServer();
  const outfile = join(work, 'openai.min.mjs');
  await build({
    entryPoints: [createRequire(import.meta.url).resolve('openai')],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'node',
    outfile,
    logLevel: 'silent',
  });
  MinifiedOpenAI = ((await import(pathToFileURL(outfile).href)) as { default: typeof OpenAI })
    .default;
}, 60_000);
afterAll(async () => {
  await target.close();
  rmSync(work, { recursive: true, force: true });
});

function model(baseURL = server.baseURL) {
  return createResponsesBridge({
    baseURL,
    apiKey: 'sk-network-0123456789',
    headers: { 'x-custom': customHeader },
  })('network-model');
}

describe('a connection error of a minified openai client', () => {
  it('is the copy it should be: not our class, its name mangled', async () => {
    const client = new MinifiedOpenAI({ apiKey: 'sk-x', baseURL: 'http://127.0.0.1:9/v1' });
    const error = await rejection(
      client.chat.completions.create({ model: 'm', messages: [] }, { maxRetries: 0 }),
    );
    const { APIConnectionError } = await import('openai');
    expect(error).not.toBeInstanceOf(APIConnectionError);
    expect((error as Error).constructor.name).not.toMatch(/Connection/);
    expect((error as Error).name).toBe('Error');
  });

  it('is a retryable APICallError with no status, from doStream and doGenerate', async () => {
    const client = new MinifiedOpenAI({
      apiKey: 'sk-minified',
      baseURL: 'http://127.0.0.1:9/v1',
      maxRetries: 0,
    });
    const minified = createResponsesBridge({ client })('m');
    for (const call of [
      () => minified.doStream({ prompt }),
      () => minified.doGenerate({ prompt }),
    ]) {
      const error = await rejectionOf(call(), APICallError);
      expect(error.isRetryable).toBe(true);
      expect(error.statusCode).toBeUndefined();
    }
  });
});

describe('an upstream redirect', () => {
  const redirectTo = (location: () => string) => {
    server.fallback((_req, res) => {
      res.writeHead(307, { location: location(), 'content-length': '0' }).end();
    });
  };

  it('to another origin is not followed: the prompt and the headers never reach it', async () => {
    redirectTo(() => `${target.baseURL}/chat/completions`);
    for (const call of [() => model().doStream({ prompt }), () => model().doGenerate({ prompt })]) {
      // One at a time: a second call started early would reject before it is awaited.
      const error = await rejectionOf(call(), APICallError);
      expect(error.statusCode).toBe(307);
      expect(error.isRetryable).toBe(false);
      expect(error.message).toContain(`a redirect to ${target.baseURL}/chat/completions`);
      expect(error.message).toContain('not followed');
    }
    expect(server.requests).toHaveLength(2);
    expect(server.requests[0]!.headers['x-custom']).toBe(customHeader);
    expect(target.requests).toEqual([]);
    server.fallback(undefined);
  });

  it('to itself (a loop) is one request and a non-retryable error naming the location', async () => {
    redirectTo(() => `${server.baseURL}/chat/completions`);
    const error = await rejectionOf(model().doStream({ prompt }), APICallError);
    expect(error.isRetryable).toBe(false);
    expect(error.statusCode).toBe(307);
    expect(error.message).toContain(`a redirect to ${server.baseURL}/chat/completions`);
    expect(server.requests).toHaveLength(1);
    server.fallback(undefined);
  });

  it('through serve: a 502 in the API error shape that names the location', async () => {
    redirectTo(() => `${target.baseURL}/chat/completions`);
    let bridge: LoopbackServer | undefined;
    try {
      bridge = await startServer(
        createResponsesHandler({ baseURL: server.baseURL, headers: { 'x-custom': customHeader } }),
      );
      for (const stream of [false, true]) {
        const response = await fetch(`${bridge.url}/v1/responses`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'm', input: 'The prompt', stream }),
        });
        expect(response.status).toBe(502);
        const { error } = (await response.json()) as { error: { message: string; code: string } };
        expect(error.code).toBe('upstream_redirect');
        expect(error.message).toContain(`a redirect to ${target.baseURL}/chat/completions`);
      }
      expect(target.requests).toEqual([]);
    } finally {
      await bridge?.close();
      server.fallback(undefined);
    }
  });
});

describe('a 5 MB HTML error page', () => {
  const page = `<html><body>${'<p>Bad gateway</p>'.repeat(300_000)}</body></html>`;

  it('gives an APICallError whose message, body and cause are bounded', async () => {
    expect(page.length).toBeGreaterThan(5_000_000);
    server.fallback((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' }).end(page);
    });
    for (const call of [() => model().doStream({ prompt }), () => model().doGenerate({ prompt })]) {
      // One at a time: a second call started early would reject before it is awaited.
      const error = await rejectionOf(call(), APICallError);
      expect(error.statusCode).toBe(502);
      expect(error.isRetryable).toBe(true);
      expect(error.message.length).toBeLessThanOrEqual(messageLimit);
      expect(error.message).toMatch(/^502 <html><body><p>Bad gateway.*more characters\)$/);
      expect(error.responseBody!.length).toBeLessThanOrEqual(responseBodyLimit);
      expect(error.responseBody).toMatch(/^<html><body><p>Bad gateway/);
      expect((error.cause as Error).message.length).toBeLessThanOrEqual(messageLimit);
      expect(error.stack!.length).toBeLessThan(2 * messageLimit + 5_000);
    }
    server.fallback(undefined);
  });

  it('through serve: a 502 whose message is bounded', async () => {
    server.fallback((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' }).end(page);
    });
    let bridge: LoopbackServer | undefined;
    try {
      bridge = await startServer(createResponsesHandler({ baseURL: server.baseURL }));
      const response = await fetch(`${bridge.url}/v1/responses`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'm', input: 'Hi' }),
      });
      expect(response.status).toBe(502);
      const text = await response.text();
      expect(text.length).toBeLessThan(3 * messageLimit);
    } finally {
      await bridge?.close();
      server.fallback(undefined);
    }
  });
});
