import { redact } from '../../upstream/redact';
import { type RedisTarget, toRedisTarget } from './redis-target';
import { StoreUnavailableError } from './responses-store';

/**
 * The part of a node-redis client (`createClient()` of the `redis` package, v5 or later) the
 * Redis store uses. A client passed in stays the caller's: the store neither configures nor
 * closes it, but connects it if it is not open yet.
 */
export interface RedisStoreClient {
  readonly isOpen: boolean;
  readonly isReady: boolean;
  connect(): Promise<unknown>;
  close(): Promise<void>;
  destroy(): void;
  on(event: 'error' | 'ready', listener: (error: unknown) => void): unknown;
  off(event: 'error' | 'ready', listener: (error: unknown) => void): unknown;
  sendCommand(args: string[]): Promise<unknown>;
  multi(): RedisStoreMulti;
}

/** A node-redis `MULTI`: commands queued, then sent as one transaction by `exec`. */
export interface RedisStoreMulti {
  addCommand(args: string[]): unknown;
  exec(): Promise<unknown>;
}

export interface RedisConnectionOptions {
  url?: string;
  client?: RedisStoreClient;
  commandTimeoutMs: number;
  maxReconnectDelayMs: number;
  onError?: (error: StoreUnavailableError) => void;
}

/** One client, opened on first use and reconnecting in the background until closed. */
export interface RedisConnection {
  /**
   * What `operation` returns once the client is ready, within the command timeout. While Redis is
   * unreachable it rejects at once with `StoreUnavailableError`, whose message holds no secret.
   */
  run<T>(operation: (client: RedisStoreClient) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

type Waiter = (error?: unknown) => void;

type RedisModule = Pick<typeof import('redis'), 'createClient'>;

export function createRedisConnection(options: RedisConnectionOptions): RedisConnection {
  if (options.client === undefined && options.url === undefined) {
    throw new TypeError(
      'createRedisStore: expected a url (redis://host:6379) or a client made with createClient from redis.',
    );
  }
  const target = options.url === undefined ? undefined : toRedisTarget(options.url);
  const location = target?.location ?? 'the Redis client given';
  const secrets = target?.secrets ?? clientSecrets(options.client);
  const timeoutMs = options.commandTimeoutMs;

  let opening: Promise<RedisStoreClient> | undefined;
  let closed = false;
  // The last error since the client was last ready: while it is set, Redis is unreachable.
  let failure: unknown;
  // Operations waiting for the first connection: the next 'ready' or 'error' settles them all.
  const waiting = new Set<Waiter>();
  const settleWaiting = (error?: unknown) => {
    for (const waiter of waiting) waiter(error);
    waiting.clear();
  };

  const toUnavailable = (error: unknown): StoreUnavailableError => {
    if (error instanceof StoreUnavailableError) return error;
    const message = redact(describe(error), secrets);
    const cause = new Error(message);
    if (error instanceof Error) cause.name = error.name;
    return new StoreUnavailableError(
      `The Redis store at ${location} is unavailable (${message}); retry once Redis answers again.`,
      { cause },
    );
  };
  const onError = (error: unknown) => {
    const reported = failure === undefined;
    failure = error;
    settleWaiting(error ?? new Error('the connection failed'));
    if (reported && !closed) options.onError?.(toUnavailable(error));
  };
  const onReady = () => {
    failure = undefined;
    settleWaiting();
  };

  const whenReady = (client: RedisStoreClient, signal: AbortSignal): Promise<void> => {
    if (client.isReady) return Promise.resolve();
    if (!client.isOpen) return Promise.reject(new Error('the client is closed'));
    if (failure !== undefined) return Promise.reject(failure);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = (error) => {
        signal.removeEventListener('abort', onAbort);
        if (error === undefined) resolve();
        else reject(error);
      };
      const onAbort = () => {
        waiting.delete(waiter);
        reject(signal.reason);
      };
      waiting.add(waiter);
      signal.addEventListener('abort', onAbort);
    });
  };

  const open = async (): Promise<RedisStoreClient> => {
    const client = options.client ?? toClient(await loadRedis(), target!, options);
    client.on('error', onError);
    client.on('ready', onReady);
    // connect() settles when the client is first ready, or when it is closed before that; the
    // failures on the way arrive as 'error' events.
    if (!client.isOpen) client.connect().catch(onError);
    return client;
  };

  return {
    async run(operation) {
      if (closed) throw new StoreUnavailableError(`The Redis store at ${location} is closed.`);
      opening ??= open();
      const client = await opening;
      try {
        return await withDeadline(timeoutMs, async (signal) => {
          await whenReady(client, signal);
          return await operation(client);
        });
      } catch (error) {
        throw toUnavailable(error);
      }
    },

    async close() {
      if (closed) return;
      closed = true;
      const client = await opening?.catch(() => undefined);
      if (client === undefined) return;
      client.off('error', onError);
      client.off('ready', onReady);
      if (options.client !== undefined) return;
      // close() waits for the replies still due; a Redis that went away would leave it waiting.
      await withDeadline(timeoutMs, () => client.close()).catch(() => client.destroy());
    },
  };
}

/** The `redis` package, imported only when a Redis store is first used. */
export async function loadRedis(specifier = 'redis'): Promise<RedisModule> {
  try {
    // A variable specifier, so that bundlers for edge runtimes leave the import alone.
    return (await import(/* webpackIgnore: true */ /* @vite-ignore */ specifier)) as RedisModule;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `createRedisStore needs the redis package, which could not be imported (${reason}): install it with \`npm i redis\`.`,
      { cause: error },
    );
  }
}

function toClient(
  redis: RedisModule,
  target: RedisTarget,
  options: RedisConnectionOptions,
): RedisStoreClient {
  const socket = {
    host: target.host,
    port: target.port,
    connectTimeout: options.commandTimeoutMs,
    // Keep trying for as long as the store is open, at most maxReconnectDelayMs apart; the
    // jitter keeps several instances from reconnecting in step.
    reconnectStrategy: (retries: number) =>
      Math.min(50 * 2 ** retries + Math.floor(Math.random() * 100), options.maxReconnectDelayMs),
  };
  return redis.createClient({
    socket: target.tls ? { ...socket, tls: true, servername: target.host } : socket,
    username: target.username,
    password: target.password,
    database: target.database,
    // Commands fail at once while reconnecting instead of waiting in a queue for Redis to return.
    disableOfflineQueue: true,
    commandOptions: { timeout: options.commandTimeoutMs },
    maintNotifications: 'disabled',
    // RESP2 is what every Redis-compatible server speaks; the store's replies read the same.
    RESP: 2,
  }) as unknown as RedisStoreClient;
}

/** What `task` gives, or a rejection after `timeoutMs` (the task's signal aborts then). */
async function withDeadline<T>(
  timeoutMs: number,
  task: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new Error(`no answer within ${timeoutMs} ms`);
      controller.abort(error);
      reject(error);
    }, timeoutMs);
  });
  const running = task(controller.signal);
  // Past the deadline nobody awaits the task; its late failure is already reported as the timeout.
  running.catch(() => undefined);
  try {
    return await Promise.race([running, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

function describe(error: unknown): string {
  if (error instanceof AggregateError && error.message === '') {
    // Node's connect gives an empty AggregateError when every address of a host refused.
    return error.errors.map(describe).join('; ');
  }
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    if (error.message !== '') return error.message;
    return typeof code === 'string' ? code : error.name;
  }
  return String(error);
}

/** What a caller's client was configured with that must never be shown. */
function clientSecrets(client: RedisStoreClient | undefined): string[] {
  const configured = (client as { options?: { url?: unknown; password?: unknown } } | undefined)
    ?.options;
  const secrets: string[] = [];
  for (const value of [configured?.url, configured?.password]) {
    if (typeof value === 'string' && value !== '') secrets.push(value);
  }
  if (typeof configured?.url === 'string') {
    try {
      secrets.push(...toRedisTarget(configured.url).secrets);
    } catch (error) {
      // A URL the client itself took is not ours to reject; its whole text is redacted anyway.
      if (!(error instanceof TypeError)) throw error;
    }
  }
  return secrets;
}
