/**
 * `responses-bridge serve` as a user runs it, for the tests of real clients: a child process of
 * the CLI's source (through tsx), started on a free port, killed after each test whatever
 * happened, so that a failed assertion never leaves a server behind.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, vi } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

export interface ServeProcess {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  child: ChildProcess;
  output: () => string;
}

/** Starts `serve`; every process started is killed after each test. */
export function useServe(): (
  args: string[],
  env?: Record<string, string>,
) => Promise<ServeProcess> {
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  });
  return async (args, env = {}) => {
    const serve = await startServe(args, env, children);
    return serve;
  };
}

/**
 * One `serve` for all the tests of a file, started before them (`args` are read then) and
 * killed after them.
 */
export function useServeForFile(
  args: () => string[],
  env: Record<string, string> = {},
): () => ServeProcess {
  const children: ChildProcess[] = [];
  let serve: ServeProcess | undefined;
  beforeAll(async () => {
    serve = await startServe(args(), env, children);
  });
  afterAll(() => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  });
  return () => {
    if (serve === undefined) throw new Error('serve has not started');
    return serve;
  };
}

/** Spawns `serve` on a free port and waits until it says where it listens. */
export async function startServe(
  args: string[],
  env: Record<string, string>,
  children: ChildProcess[],
): Promise<ServeProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/server/cli.ts', 'serve', '--port', '0', ...args],
    {
      cwd: root,
      env: { ...process.env, RESPONSES_BRIDGE_UPSTREAM_API_KEY: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.push(child);
  let output = '';
  child.stdout!.on('data', (data: Buffer) => {
    output += data.toString();
  });
  child.stderr!.on('data', (data: Buffer) => {
    output += data.toString();
  });
  const url = await vi.waitFor(
    () => {
      const match = /(http:\/\/127\.0\.0\.1:\d+)\/v1\/responses/.exec(output);
      if (match === null) {
        if (child.exitCode !== null) throw new Error(`serve exited: ${output}`);
        throw new Error(`serve has not started: ${output}`);
      }
      return match[1]!;
    },
    { timeout: 15_000, interval: 25 },
  );
  return { url, child, output: () => output };
}
