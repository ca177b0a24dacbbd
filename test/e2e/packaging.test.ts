/**
 * The published package, installed as an app would install it: `npm pack`, then the tarball into
 * throwaway projects with no lock file, so that every dependency is the newest its range allows
 * (zod 4, the newest openai): an ai 4 CommonJS app (run on the machine's own Node, 20 here, when
 * it has one) and an ai 7 ESM app, each running a `streamText` call against the loopback chat
 * server (the ai 7 app also with `queryParams`, an embedding model and `responsesBridgeMetadata`,
 * its types checked by the app's own tsc), an ai 6 app told which entry to use when it imports
 * the main one, and the installed `responses-bridge serve` bin answering the official `openai` client,
 * streamed and not. This proves the `exports` map, the CJS and ESM builds, the bin and the
 * dependency ranges as a fresh install gets them.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { chunk, completion } from '../support/builders';
import { useChatServer } from '../support/chat-server';
import { startRedisServer } from '../support/redis-server';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'responses-bridge-pack-'));
let tarball: string;
const server = useChatServer();

beforeAll(async () => {
  // CI builds dist before the tests; rebuilding here (prepack) would wipe dist while the Next.js
  // example's test reads it, so pack what is built, and build only when nothing is.
  if (!existsSync(join(root, 'dist', 'index.js')))
    await run('npm', ['run', 'build'], { cwd: root });
  await run('npm', ['pack', '--ignore-scripts', '--pack-destination', work, '--loglevel=error'], {
    cwd: root,
  });
  tarball = join(work, readdirSync(work).find((file) => file.endsWith('.tgz'))!);
}, 120_000);

// Three apps' node_modules: removing them takes a while on a loaded machine.
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
}, 120_000);

async function project(
  name: string,
  dependencies: Record<string, string>,
  files: Record<string, string>,
) {
  const dir = join(work, name);
  rmSync(dir, { recursive: true, force: true });
  await run('mkdir', ['-p', dir]);
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({
      name,
      private: true,
      dependencies: { ...dependencies, 'responses-bridge': `file:${tarball}` },
    }),
  );
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  // No lock file, and the registry asked again: the newest version in each range.
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-online', '--loglevel=error'], {
    cwd: dir,
    timeout: 240_000,
  });
  return dir;
}

const replay = () =>
  server.reply({
    chunks: [
      chunk({ delta: { reasoning_content: 'Think.' } }),
      chunk({ delta: { content: 'Packed and working.' }, finish_reason: 'stop' }),
    ],
  });

describe('the packed tarball', () => {
  it('ships every entry point in ESM and CJS with types', async () => {
    const { stdout } = await run('tar', ['-tzf', tarball]);
    for (const entry of ['index', 'v1', 'v2', 'v3']) {
      for (const ext of ['.js', '.cjs', '.d.ts', '.d.cts']) {
        expect(stdout).toContain(`package/dist/${entry}${ext}`);
      }
    }
    expect(stdout).not.toContain('.test.ts');
    expect(stdout).not.toContain('.test-d.ts');
  });

  it('works in an ai 4 CommonJS app, on the machine’s own Node', async () => {
    const dir = await project(
      'app-ai4-cjs',
      { ai: '^4' },
      {
        'index.cjs': `
const { streamText } = require('ai');
const { createResponsesBridge } = require('responses-bridge/v1');
(async () => {
  const provider = createResponsesBridge({ baseURL: process.env.BASE_URL, apiKey: 'sk-pack' });
  const result = streamText({ model: provider('m'), prompt: 'Hi' });
  let text = '';
  for await (const delta of result.textStream) text += delta;
  console.log(JSON.stringify({ text, reasoning: await result.reasoning, node: process.version }));
})().catch((error) => { console.error(error); process.exit(1); });
`,
      },
    );
    replay();
    // The system Node (20 on this machine) when there is one, else the toolchain's.
    const node = existsSync('/usr/bin/node') ? '/usr/bin/node' : process.execPath;
    const { stdout } = await run(node, ['index.cjs'], {
      cwd: dir,
      env: { ...process.env, BASE_URL: server.baseURL },
    });
    const output = JSON.parse(stdout.trim().split('\n').pop()!);
    expect(output.text).toBe('Packed and working.');
    expect(output.reasoning).toBe('Think.');
  }, 300_000);

  it('works in an ai 7 ESM app: queryParams on the URL, embeddings, the typed Response', async () => {
    const dir = await project(
      'app-ai7-esm',
      { ai: '^7', typescript: '^5' },
      {
        'index.mjs': `
import { embed, streamText } from 'ai';
import { createResponsesBridge, responsesBridgeMetadata } from 'responses-bridge';
const provider = createResponsesBridge({
  baseURL: process.env.BASE_URL,
  apiKey: 'sk-pack',
  queryParams: { 'api-version': '2024-10-21' },
});
const result = streamText({ model: provider('m'), prompt: 'Hi' });
let text = '';
for await (const delta of result.textStream) text += delta;
const metadata = await result.providerMetadata;
const view = responsesBridgeMetadata(metadata);
const { embedding } = await embed({ model: provider.embeddingModel('e'), value: 'Hi' });
console.log(JSON.stringify({
  text,
  reasoning: await result.reasoningText,
  status: metadata.responsesBridge.response.status,
  typed: view?.response.status,
  sameId: view?.response.id === view?.responseId,
  embedding,
}));
`,
        // Checked by tsc against the installed declarations: the Response is typed, not JSON.
        'typed.ts': `
import type { ProviderMetadata } from 'ai';
import {
  type Response,
  type ResponseOutputItem,
  type ResponseStreamEvent,
  responsesBridgeMetadata,
} from 'responses-bridge';
declare const providerMetadata: ProviderMetadata | undefined;
const view = responsesBridgeMetadata(providerMetadata);
if (view !== undefined) {
  const response: Response = view.response;
  const id: string = response.id;
  const items: ResponseOutputItem[] = response.output;
  const status: 'completed' | 'failed' | 'in_progress' | 'cancelled' | 'queued' | 'incomplete' | undefined = response.status;
  // @ts-expect-error a Response has no such field
  response.notAField;
  console.log(id, items, status);
}
const event = {} as ResponseStreamEvent;
console.log(event.type);
`,
        'tsconfig.json': JSON.stringify({
          compilerOptions: {
            strict: true,
            noEmit: true,
            module: 'nodenext',
            moduleResolution: 'nodenext',
            target: 'es2022',
            // ai's own declarations want @types/node; what is checked is typed.ts's use of ours.
            skipLibCheck: true,
          },
          files: ['typed.ts'],
        }),
      },
    );
    replay();
    server.reply({
      completion: {
        object: 'list',
        data: [{ object: 'embedding', index: 0, embedding: [0.5, 0.25] }],
      },
    });
    const { stdout } = await run(process.execPath, ['index.mjs'], {
      cwd: dir,
      env: { ...process.env, BASE_URL: server.baseURL },
    });
    const output = JSON.parse(stdout.trim().split('\n').pop()!);
    expect(output).toEqual({
      text: 'Packed and working.',
      reasoning: 'Think.',
      status: 'completed',
      typed: 'completed',
      sameId: true,
      embedding: [0.5, 0.25],
    });
    expect(server.requests.map((request) => request.url)).toEqual([
      '/v1/chat/completions?api-version=2024-10-21',
      '/v1/embeddings?api-version=2024-10-21',
    ]);
    // The app's own TypeScript, on the installed declarations (exports map, .d.ts).
    const tsc = await run(
      process.execPath,
      [join(dir, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir],
      { cwd: dir },
    ).then(
      () => '',
      (error: { stdout?: string }) => error.stdout ?? String(error),
    );
    expect(tsc).toBe('');
  }, 300_000);

  it('in an ai 6 app, the main entry names responses-bridge/v3, which works', async () => {
    const dir = await project(
      'app-ai6-esm',
      { ai: '^6' },
      {
        'index.mjs': `
import { streamText } from 'ai';
import { createResponsesBridge as createMain } from 'responses-bridge';
import { createResponsesBridge } from 'responses-bridge/v3';
const warnings = [];
console.warn = (message) => warnings.push(String(message));
let mainError;
try {
  const main = streamText({
    model: createMain({ baseURL: process.env.BASE_URL })('m'),
    prompt: 'Hi',
    onError: ({ error }) => { mainError = error; },
  });
  await main.consumeStream();
} catch (error) {
  mainError ??= error;
}
const provider = createResponsesBridge({ baseURL: process.env.BASE_URL, apiKey: 'sk-pack' });
const result = streamText({ model: provider('m'), prompt: 'Hi' });
let text = '';
for await (const delta of result.textStream) text += delta;
console.log(JSON.stringify({ warnings, mainError: String(mainError?.message ?? mainError), text }));
`,
      },
    );
    replay();
    const { stdout } = await run(process.execPath, ['index.mjs'], {
      cwd: dir,
      env: { ...process.env, BASE_URL: server.baseURL },
    });
    const output = JSON.parse(stdout.trim().split('\n').pop()!);
    expect(output.mainError).toContain('Unsupported model version v4');
    expect(output.warnings.filter((line: string) => line.startsWith('responses-bridge:'))).toEqual([
      expect.stringMatching(
        /this app has ai 6\.\d+\.\d+.*Import createResponsesBridge from 'responses-bridge\/v3' instead\.$/,
      ),
    ]);
    expect(output.text).toBe('Packed and working.');
    // Only the /v3 call reached the server.
    expect(server.requests).toHaveLength(1);
  }, 300_000);

  it('serves the official openai client from the installed bin, streamed and not, stored in Redis', async () => {
    // The newest `redis` client in the peer range, as a user who picks the Redis store installs it.
    const dir = await project(
      'app-serve',
      { openai: '^6.0.0 || ^7.0.0', redis: '^5.0.0 || ^6.0.0' },
      {},
    );
    const redis = await startRedisServer();
    // A fresh install resolves zod 4 (the root of this repository pins nothing for it).
    const zod = JSON.parse(readFileSync(join(dir, 'node_modules', 'zod', 'package.json'), 'utf8'));
    expect(zod.version).toMatch(/^4\./);
    const child: ChildProcess = spawn(
      join(dir, 'node_modules', '.bin', 'responses-bridge'),
      ['serve', '--upstream', server.baseURL, '--port', '0', '--store', redis.url],
      { cwd: dir, env: { ...process.env, RESPONSES_BRIDGE_UPSTREAM_API_KEY: '' } },
    );
    try {
      let stdout = '';
      let stderr = '';
      child.stdout!.on('data', (data: Buffer) => {
        stdout += data.toString();
      });
      child.stderr!.on('data', (data: Buffer) => {
        stderr += data.toString();
      });
      const port = await vi.waitFor(
        () => {
          const match = /http:\/\/127\.0\.0\.1:(\d+)\/v1\/responses/.exec(stdout);
          if (match === null) throw new Error(`no URL yet; stderr: ${stderr}`);
          return Number(match[1]);
        },
        { timeout: 60_000, interval: 50 },
      );
      // The client of the installed app: what its users would run.
      const script = `
import OpenAI from 'openai';
const client = new OpenAI({ baseURL: process.env.BRIDGE_URL, apiKey: 'sk-pack', maxRetries: 0 });
const plain = await client.responses.create({ model: 'm', input: 'Hi' });
const stream = await client.responses.create({ model: 'm', input: 'Hi', stream: true });
let last;
for await (const event of stream) last = event;
const stored = await client.responses.retrieve(plain.id);
const items = await client.responses.inputItems.list(plain.id);
console.log(JSON.stringify({ plain: plain.output_text, streamed: last.response.output_text, status: last.type, stored: stored.output_text, items: items.data.length }));
`;
      writeFileSync(join(dir, 'client.mjs'), script);
      server.reply({ completion: completion({ message: { content: 'Served, not streamed.' } }) });
      replay();
      const { stdout: output } = await run(process.execPath, ['client.mjs'], {
        cwd: dir,
        env: { ...process.env, BRIDGE_URL: `http://127.0.0.1:${port}/v1` },
      });
      expect(JSON.parse(output.trim().split('\n').pop()!)).toEqual({
        plain: 'Served, not streamed.',
        streamed: 'Packed and working.',
        status: 'response.completed',
        // Read back from Redis through the freshly installed client.
        stored: 'Served, not streamed.',
        items: 1,
      });
      // The README's example sends no tool_choice: under zod 4 that once failed with a 400.
      expect(server.requests.map((request) => request.body.tool_choice)).toEqual([
        undefined,
        undefined,
      ]);
      expect(stderr).toBe('');
    } finally {
      child.kill('SIGKILL');
      await redis.stop();
    }
  }, 300_000);
});
