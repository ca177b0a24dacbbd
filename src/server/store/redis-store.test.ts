import { type ChildProcess, spawn } from 'node:child_process';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisServer, startRedisServer } from '../../../test/support/redis-server';
import { rejectionOf, thrownBy, watchEscapes } from '../../../test/support/rejections';
import { describeStoreContract } from '../../../test/support/store-contract';
import { fullRecord } from '../../../test/support/stored-records';
import { loadRedis } from './redis-connection';
import { createRedisStore } from './redis-store';
import { type ResponsesStore, StoreUnavailableError } from './responses-store';

const escaped = watchEscapes();
let server: RedisServer;
let admin: ReturnType<typeof createClient>;
let stores = 0;
const nextPrefix = () => `test:${++stores}:`;

beforeAll(async () => {
  server = await startRedisServer();
  admin = createClient({ url: server.url });
  await admin.connect();
});

afterAll(async () => {
  await admin?.close();
  await server?.stop();
});

describeStoreContract('Redis store', {
  async create({ ttlSeconds }) {
    const keyPrefix = nextPrefix();
    return {
      // A loaded machine may take seconds over a large record; the deadline is not under test here.
      store: createRedisStore({ url: server.url, keyPrefix, ttlSeconds, commandTimeoutMs: 15_000 }),
      secondsLeft: (key) =>
        admin.ttl(
          'responseId' in key
            ? `${keyPrefix}response:${key.responseId}`
            : `${keyPrefix}item:${key.owner}:${key.itemId}`,
        ),
    };
  },
  propertyRuns: 30,
});

/** Every operation of the store, each on its own, as promises to settle. */
const everyOperation = (store: ResponsesStore): Array<Promise<unknown>> => [
  store.get('resp_1'),
  store.getItems('owner-a', ['msg_resp_1']),
  store.put(fullRecord('resp_2')),
  store.delete('resp_1'),
];

/** What `promise` settles to, or a failure if it has not settled after ten seconds. */
async function settledSoon<T>(promise: Promise<T>): Promise<PromiseSettledResult<T>> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hung = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('the operation hung')), 10_000);
  });
  try {
    const [settled] = await Promise.race([Promise.allSettled([promise]), hung]);
    return settled;
  } finally {
    clearTimeout(timer);
  }
}

/** The texts a secret must not appear in: message, stack and the cause chain's. */
function textsOf(error: unknown): string {
  const texts: string[] = [];
  for (let current = error; current instanceof Error; current = current.cause) {
    texts.push(String(current), current.stack ?? '', JSON.stringify(current));
  }
  return texts.join('\n');
}

/** A process that keeps one core busy, so the timing of the test is that of a loaded machine. */
function busyProcess(): ChildProcess {
  return spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
}

async function untilAnswering(store: ResponsesStore): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    try {
      await store.get('resp_probe');
      return;
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  throw new Error('the store did not answer again after Redis came back');
}

describe('createRedisStore', () => {
  it('writes JSON strings under its prefix, expiring after 30 days by default', async () => {
    const keyPrefix = nextPrefix();
    const store = createRedisStore({ url: server.url, keyPrefix });
    await store.put(fullRecord('resp_1'));
    const value = await admin.get(`${keyPrefix}response:resp_1`);
    expect(JSON.parse(value!)).toEqual(fullRecord('resp_1'));
    const item = await admin.get(`${keyPrefix}item:owner-a:msg_resp_1`);
    expect(JSON.parse(item!)).toEqual({
      responseId: 'resp_1',
      item: fullRecord('resp_1').response.output[2],
    });
    const ttl = await admin.ttl(`${keyPrefix}response:resp_1`);
    expect(ttl).toBeGreaterThan(29 * 24 * 60 * 60);
    expect(ttl).toBeLessThanOrEqual(30 * 24 * 60 * 60);
    await store.close?.();
  });

  it('works through a client it is given, and leaves it open when closed', async () => {
    const client = createClient({ url: server.url });
    const store = createRedisStore({ client, keyPrefix: nextPrefix() });
    await store.put(fullRecord('resp_1'));
    expect(await store.get('resp_1')).toEqual(fullRecord('resp_1'));
    await store.close?.();
    expect(client.isOpen).toBe(true);
    await client.close();
  });

  it('rejects at once while Redis is down, and answers again once it is back', async () => {
    const own = await startRedisServer();
    const reported: StoreUnavailableError[] = [];
    const store = createRedisStore({
      url: own.url,
      keyPrefix: nextPrefix(),
      maxReconnectDelayMs: 200,
      onError: (error) => reported.push(error),
    });
    const busy = busyProcess();
    try {
      await store.put(fullRecord('resp_1'));
      // Watched from the start: they may fail while Redis is being stopped, before any await.
      const inFlight = Array.from({ length: 20 }, () => settledSoon(store.get('resp_1')));
      await own.stop();
      for (const settled of await Promise.all(inFlight)) {
        if (settled.status === 'rejected') {
          expect(settled.reason).toBeInstanceOf(StoreUnavailableError);
        }
      }
      for (const operation of everyOperation(store)) {
        const settled = await settledSoon(operation);
        expect(settled.status).toBe('rejected');
        expect((settled as PromiseRejectedResult).reason).toBeInstanceOf(StoreUnavailableError);
      }
      expect(reported.length).toBeGreaterThanOrEqual(1);
      expect(reported[0]!.message).toMatch(
        new RegExp(`^The Redis store at redis://127\\.0\\.0\\.1:${own.port} is unavailable \\(`),
      );

      await own.start();
      await untilAnswering(store);
      expect(await store.get('resp_1')).toBeUndefined();
      await store.put(fullRecord('resp_1'));
      expect(await store.get('resp_1')).toEqual(fullRecord('resp_1'));
      expect(await store.delete('resp_1')).toBe(true);
    } finally {
      busy.kill();
      await store.close?.();
      await own.stop();
    }
  });

  it('rejects at once when Redis is down from the start, and closes without waiting', async () => {
    const own = await startRedisServer();
    await own.stop();
    const store = createRedisStore({ url: own.url, keyPrefix: nextPrefix() });
    for (const operation of everyOperation(store)) {
      const error = await rejectionOf(operation, StoreUnavailableError);
      expect(error.message).toContain('ECONNREFUSED');
    }
    expect((await settledSoon(store.close!())).status).toBe('fulfilled');
    const closed = await rejectionOf(store.get('resp_1'), StoreUnavailableError);
    expect(closed.message).toBe(`The Redis store at redis://127.0.0.1:${own.port} is closed.`);
  });

  it('never shows the password of its URL, refused or accepted', async () => {
    const password = 'hunter2-Secret/pw';
    const own = await startRedisServer({ password });
    const reported: StoreUnavailableError[] = [];
    const wrong = createRedisStore({
      url: `redis://:wrong-${encodeURIComponent(password)}@127.0.0.1:${own.port}`,
      keyPrefix: nextPrefix(),
      onError: (error) => reported.push(error),
    });
    const right = createRedisStore({
      url: own.url,
      keyPrefix: nextPrefix(),
      maxReconnectDelayMs: 200,
      onError: (error) => reported.push(error),
    });
    try {
      const refused = await rejectionOf(wrong.get('resp_1'), StoreUnavailableError);
      expect(refused.message).toMatch(/WRONGPASS|invalid password/i);
      await right.put(fullRecord('resp_1'));
      await own.stop();
      const down = await rejectionOf(right.get('resp_1'), StoreUnavailableError);
      for (const error of [refused, down, ...reported]) {
        const texts = textsOf(error);
        expect(texts).not.toContain('hunter2');
        expect(texts).not.toContain(encodeURIComponent(password));
      }
      expect(reported.length).toBeGreaterThanOrEqual(2);
    } finally {
      await wrong.close?.();
      await right.close?.();
      await own.stop();
    }
  });

  it('refuses a url or options it cannot use, without quoting the url', () => {
    const secret = 'secret-in-url';
    for (const url of [`http://:${secret}@127.0.0.1:6379`, `redis://:${secret}@[bad`]) {
      const error = thrownBy(() => createRedisStore({ url }), TypeError);
      expect(textsOf(error)).not.toContain(secret);
    }
    expect(thrownBy(() => createRedisStore({}), TypeError).message).toContain('expected a url');
    thrownBy(() => createRedisStore({ url: server.url, ttlSeconds: 0 }), TypeError);
    thrownBy(() => createRedisStore({ url: `${server.url}/not-a-number` }), TypeError);
  });

  it('asks for npm i redis when the package cannot be imported', async () => {
    const error = await rejectionOf(loadRedis('redis-package-not-installed'), Error);
    expect(error.message).toMatch(/^createRedisStore needs the redis package, .*`npm i redis`\.$/);
  });

  it('lets nothing escape as an unhandled rejection or uncaught error', () => {
    expect(escaped).toEqual([]);
  });
});
