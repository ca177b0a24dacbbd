/**
 * `serve --store` as users run it: two instances behind one Redis (a real `redis-server` on a
 * loopback port) share their responses; a Redis that goes away gives clear 503s and no hang,
 * and `serve` recovers when it comes back; a SQLite file keeps responses across a restart.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { useSpecCheckedFetch } from '../support/handler-harness';
import { type RedisServer, startRedisServer } from '../support/redis-server';
import { rejectionOf } from '../support/rejections';
import { answerWith, useScriptedBackend } from '../support/scripted-backend';
import { useServe } from '../support/serve-process';

const backend = useScriptedBackend();
const startServe = useServe();
const checkedFetch = useSpecCheckedFetch();
const client = (url: string, apiKey = 'sk-alice') =>
  new OpenAI({ baseURL: `${url}/v1`, apiKey, maxRetries: 0, fetch: checkedFetch });

function countingModel() {
  backend.play((request) => answerWith({ text: `You sent ${request.messages.length} messages.` }));
}

describe('two instances sharing one Redis', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(() => redis.stop());

  it('store on A, continue on B, list on B, delete on A, then 404 on B', async () => {
    countingModel();
    const args = ['--upstream', backend.baseURL, '--store', redis.url];
    const [a, b] = await Promise.all([startServe(args), startServe(args)]);
    expect(a.output()).toContain(`Redis store redis://127.0.0.1:${redis.port}`);
    const first = await client(a.url).responses.create({ model: 'm', input: 'One' });
    const second = await client(b.url).responses.create({
      model: 'm',
      input: 'Two',
      previous_response_id: first.id,
    });
    expect(second.output_text).toBe('You sent 3 messages.');
    expect((await client(b.url).responses.retrieve(first.id)).id).toBe(first.id);
    const items = await client(b.url).responses.inputItems.list(second.id, { order: 'asc' });
    expect(items.data.map((item) => item.type)).toEqual(['message', 'message', 'message']);
    await client(a.url).responses.delete(first.id);
    await rejectionOf(client(b.url).responses.retrieve(first.id), OpenAI.NotFoundError);
    // Another credential finds nothing on either instance.
    await rejectionOf(client(b.url, 'sk-bob').responses.retrieve(second.id), OpenAI.NotFoundError);
  });

  it('answers 503 while Redis is down, without hanging, and recovers when it is back', async () => {
    countingModel();
    const serve = await startServe(['--upstream', backend.baseURL, '--store', redis.url]);
    const openai = client(serve.url);
    const kept = await openai.responses.create({ model: 'm', input: 'Before' });
    await redis.stop();
    try {
      const read = await rejectionOf(
        openai.responses.retrieve(kept.id),
        OpenAI.InternalServerError,
      );
      expect(read.status).toBe(503);
      expect(read.error).toMatchObject({ type: 'server_error', code: 'store_unavailable' });
      const continued = await rejectionOf(
        openai.responses.create({ model: 'm', input: 'x', previous_response_id: kept.id }),
        OpenAI.InternalServerError,
      );
      expect(continued.status).toBe(503);
      // A streamed answer that cannot be stored ends failed, its output still delivered.
      const stream = await openai.responses.create({ model: 'm', input: 'During', stream: true });
      const types: string[] = [];
      let failure: unknown;
      for await (const event of stream) {
        types.push(event.type);
        if (event.type === 'response.failed') failure = event.response.error;
      }
      expect(types).toContain('response.output_text.done');
      expect(types.at(-1)).toBe('response.failed');
      expect(failure).toMatchObject({ code: 'store_unavailable' });
      // store: false needs no store at all.
      const unstored = await openai.responses.create({ model: 'm', input: 'x', store: false });
      expect(unstored.status).toBe('completed');
    } finally {
      await redis.start();
    }
    // This Redis keeps nothing on disk, so what it held is gone; storing works again.
    const stored = await vi.waitFor(() => openai.responses.create({ model: 'm', input: 'After' }), {
      timeout: 15_000,
      interval: 200,
    });
    expect((await openai.responses.retrieve(stored.id)).id).toBe(stored.id);
    expect(serve.output()).toContain('the Redis store');
    expect(serve.child.exitCode).toBeNull();
  });
});

describe('a SQLite file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'responses-bridge-sqlite-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps a response across a restart of serve', async () => {
    countingModel();
    const args = ['--upstream', backend.baseURL, '--store', `sqlite:${join(dir, 'state.db')}`];
    const before = await startServe(args);
    const first = await client(before.url).responses.create({ model: 'm', input: 'One' });
    before.child.kill('SIGTERM');
    await new Promise((resolve) => before.child.once('exit', resolve));
    const after = await startServe(args);
    const second = await client(after.url).responses.create({
      model: 'm',
      input: 'Two',
      previous_response_id: first.id,
    });
    expect(second.output_text).toBe('You sent 3 messages.');
  });
});

describe('RESPONSES_BRIDGE_STORE', () => {
  it('chooses the store when --store is not given, and a bad one is a usage error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'responses-bridge-env-'));
    try {
      const serve = await startServe(['--upstream', backend.baseURL], {
        RESPONSES_BRIDGE_STORE: `sqlite:${join(dir, 'env.db')}`,
      });
      expect(serve.output()).toContain(`SQLite store ${join(dir, 'env.db')}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const bad = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'src/server/cli.ts', 'serve', '--upstream', backend.baseURL],
      {
        env: { ...process.env, RESPONSES_BRIDGE_STORE: 'postgres://admin:hunter2@db:5432' },
        encoding: 'utf8',
      },
    );
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--store must be memory, sqlite:PATH or redis://HOST:PORT.');
    expect(bad.stderr + bad.stdout).not.toContain('hunter2');
  });
});
