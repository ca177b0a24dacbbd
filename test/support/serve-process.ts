/**
 * `responses-bridge serve` as a child process (the TypeScript source through tsx), for the CLI
 * suites and the tests of real clients: its output captured, its URL read from its first line,
 * and every process started by a test killed after it, whether the test passed or not, so that a
 * failing assertion never leaves a server running (and vitest waiting on it). In the zod 3 run of
 * the suites (`RESPONSES_BRIDGE_TEST_ZOD=3`, see vitest.config.ts) the child resolves zod to zod 3
 * too.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, vi } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

export interface CliRun {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** stdout and stderr, interleaved as they arrived. */
  output: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface ServeProcess extends CliRun {
  port: number;
  /** `http://127.0.0.1:<port>` */
  url: string;
}

export interface ServeProcesses {
  /** Runs the CLI with these arguments. */
  run: (args: string[], env?: Record<string, string>) => CliRun;
  /** Starts `serve --upstream <upstream> --port 0 …args` and waits for the line with its URL. */
  serve: (upstream: string, args?: string[], env?: Record<string, string>) => Promise<ServeProcess>;
}

/** The node arguments that run the CLI source: zod 3 first when the suite runs under it. */
export function cliArguments(): string[] {
  const zod3 =
    process.env.RESPONSES_BRIDGE_TEST_ZOD === '3'
      ? ['--import', join(root, 'test', 'support', 'zod-v3-loader.mjs')]
      : [];
  return [...zod3, '--import', 'tsx', join(root, 'src', 'server', 'cli.ts')];
}

function runCli(args: string[], env: Record<string, string>, children: ChildProcess[]): CliRun {
  const child = spawn(process.execPath, [...cliArguments(), ...args], {
    cwd: root,
    env: { ...process.env, RESPONSES_BRIDGE_UPSTREAM_API_KEY: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  let output = '';
  child.stdout!.on('data', (data: Buffer) => {
    stdout += data.toString();
    output += data.toString();
  });
  child.stderr!.on('data', (data: Buffer) => {
    stderr += data.toString();
    output += data.toString();
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, exit, stdout: () => stdout, stderr: () => stderr, output: () => output };
}

function killAll(children: ChildProcess[]): void {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

/** Spawns `serve --port 0 …args` and waits until it says where it listens. */
export async function startServe(
  args: string[],
  env: Record<string, string>,
  children: ChildProcess[],
): Promise<ServeProcess> {
  const cli = runCli(['serve', '--port', '0', ...args], env, children);
  const port = await vi.waitFor(
    () => {
      if (cli.child.exitCode !== null) {
        throw new Error(`serve exited ${cli.child.exitCode}: ${cli.output()}`);
      }
      const match = /http:\/\/127\.0\.0\.1:(\d+)\/v1\/responses/.exec(cli.stdout());
      if (match === null) throw new Error(`no URL yet: ${cli.output()}`);
      return Number(match[1]);
    },
    // Starting tsx on a loaded machine takes a while; the test's own timeout still applies.
    { timeout: 30_000, interval: 20 },
  );
  return { ...cli, port, url: `http://127.0.0.1:${port}` };
}

/** The CLI processes of a test file, killed after each test. Call it at the top of the file. */
export function useServeProcesses(): ServeProcesses {
  const children: ChildProcess[] = [];
  afterEach(() => killAll(children));
  return {
    run: (args, env = {}) => runCli(args, env, children),
    serve: (upstream, args = [], env = {}) =>
      startServe(['--upstream', upstream, ...args], env, children),
  };
}

/** Starts `serve --port 0 …args`; every process started is killed after each test. */
export function useServe(): (
  args: string[],
  env?: Record<string, string>,
) => Promise<ServeProcess> {
  const children: ChildProcess[] = [];
  afterEach(() => killAll(children));
  return (args, env = {}) => startServe(args, env, children);
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
  afterAll(() => killAll(children));
  return () => {
    if (serve === undefined) throw new Error('serve has not started');
    return serve;
  };
}
