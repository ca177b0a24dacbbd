/**
 * A real `redis-server` (the Debian package; `.ci/run` installs it) on a free loopback port, with
 * nothing saved to disk, for the Redis store tests. It can be stopped and started again on the
 * same port, to test a Redis that goes away and comes back.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';

export const redisServerPath = process.env.REDIS_SERVER ?? '/usr/bin/redis-server';

export interface RedisServer {
  /** `redis://127.0.0.1:<port>`, with the password when there is one. */
  url: string;
  port: number;
  /** Stops the server (SIGTERM, then SIGKILL) and waits for it to exit. */
  stop(): Promise<void>;
  /** Starts it again on the same port and waits until it answers. */
  start(): Promise<void>;
}

const running = new Set<ChildProcess>();
// A test that fails before its cleanup must not leave a server behind.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export async function startRedisServer(options: { password?: string } = {}): Promise<RedisServer> {
  if (!existsSync(redisServerPath)) {
    throw new Error(
      `The Redis store tests need redis-server at ${redisServerPath}: install the Debian package (sudo apt-get install redis-server; .ci/run does) or set REDIS_SERVER to its path.`,
    );
  }
  const args = (port: number) => [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
    '--dir',
    tmpdir(),
    ...(options.password === undefined ? [] : ['--requirepass', options.password]),
  ];

  let port = 0;
  let child: ChildProcess | undefined;
  // Another process may take the free port between our probe and redis binding it: try again.
  for (let attempt = 1; child === undefined; attempt++) {
    port = await freePort();
    try {
      child = await launch(args(port), port);
    } catch (error) {
      if (attempt === 5) throw error;
    }
  }

  const auth = options.password === undefined ? '' : `:${encodeURIComponent(options.password)}@`;
  return {
    url: `redis://${auth}127.0.0.1:${port}`,
    port,
    async stop() {
      if (child === undefined) return;
      const stopping = child;
      child = undefined;
      await terminate(stopping);
    },
    async start() {
      if (child !== undefined) return;
      child = await launch(args(port), port);
    },
  };
}

async function launch(args: string[], port: number): Promise<ChildProcess> {
  const child = spawn(redisServerPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let output = '';
  child.stdout?.on('data', (data: Buffer) => {
    output += data.toString();
  });
  child.stderr?.on('data', (data: Buffer) => {
    output += data.toString();
  });
  const exited = new Promise<never>((_, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      running.delete(child);
      reject(new Error(`redis-server exited (${signal ?? code}) before answering:\n${output}`));
    });
  });
  exited.catch(() => undefined);
  try {
    await Promise.race([untilPong(port), exited]);
  } catch (error) {
    await terminate(child);
    throw error;
  }
  return child;
}

/** Resolves once a PING gets an answer; a NOAUTH refusal is an answer too. */
async function untilPong(port: number): Promise<void> {
  for (let attempt = 0; attempt < 400; attempt++) {
    if (await answersPing(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`redis-server on port ${port} did not answer PING`);
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const done = (answered: boolean) => {
      socket.destroy();
      resolve(answered);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(/^(\+PONG|-NOAUTH)/.test(data.toString())));
  });
}

async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
  running.delete(child);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
