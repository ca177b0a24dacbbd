/**
 * Codex CLI (`@openai/codex`, pinned; its npm package ships the native binary) on a chat-only
 * backend through `serve`: a private CODEX_HOME whose provider speaks `wire_api = "responses"`
 * to `serve`, which speaks Chat Completions to a scripted backend. Each Codex model sends
 * another request shape (captured from Codex 0.171's own requests):
 * - `gpt-5.5`: function tools, a custom freeform `apply_patch` tool with a grammar, a
 *   client-executed `tool_search`, and `web_search` (hosted: dropped);
 * - `gpt-6.1`: function tools, a `namespace` of sub-agent tools, and `web_search`;
 * - the default model: an `additional_tools` input item carrying every tool, a namespace whose
 *   custom `exec` tool runs JavaScript that calls the others.
 * Each run checks Codex's exit code and final text, and what reached the backend.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SentAssistantMessage } from '../support/chat-request';
import {
  answerWith,
  lastToolResult,
  type ScriptedBackend,
  toolNames,
  useScriptedBackend,
} from '../support/scripted-backend';
import { useServe } from '../support/serve-process';

const codexBin = join(import.meta.dirname, '..', '..', 'node_modules', '.bin', 'codex');
const backend = useScriptedBackend();
const serve = useServe();
const temporary: string[] = [];
afterEach(() => {
  for (const dir of temporary.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function temporaryDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temporary.push(dir);
  return dir;
}

/**
 * Runs `codex exec` against `serve` and resolves with its exit code and output; `websockets`
 * turns on Codex's WebSocket transport for the provider.
 */
async function codex(prompt: string, model?: string, { websockets = false } = {}) {
  const bridge = await serve(['--upstream', backend.baseURL]);
  const home = temporaryDir('codex-home-');
  const workspace = temporaryDir('codex-workspace-');
  writeFileSync(join(home, 'config.toml'), codexConfig(bridge.url, model, websockets));
  const child = spawn(
    codexBin,
    ['exec', '--skip-git-repo-check', '--dangerously-bypass-approvals-and-sandbox', prompt],
    {
      cwd: workspace,
      env: { ...process.env, CODEX_HOME: home },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (data: Buffer) => {
    output += data.toString();
  });
  child.stderr.on('data', (data: Buffer) => {
    output += data.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { code, output, workspace, bridge };
}

/**
 * The README's `config.toml` for Codex, as a user copies it: `base_url` pointed at this `serve`,
 * the model line set (or removed, for Codex's default), no retries, and WebSocket mode when asked.
 */
function codexConfig(url: string, model: string | undefined, websockets: boolean): string {
  const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
  const block = /### Codex CLI on any model[\s\S]*?```toml\n([\s\S]*?)```/.exec(readme)?.[1];
  if (block === undefined) throw new Error('the README has no config.toml for Codex');
  expect(block).toMatch(/^base_url = "http:\/\/127\.0\.0\.1:8787\/v1"$/m);
  const lines = block
    .replace(/^base_url = .*$/m, `base_url = "${url}/v1"`)
    .replace(/^model = .*$/m, model === undefined ? '' : `model = "${model}"`)
    .replace(/^# supports_websockets = true.*$/m, websockets ? 'supports_websockets = true' : '');
  const features = websockets ? '[features]\nresponses_websockets = true\n\n' : '';
  // Tables start after the top-level keys: the features table goes before the provider's.
  return `${lines.replace('[model_providers.bridge]', `${features}[model_providers.bridge]`)}request_max_retries = 0\nstream_max_retries = 0\n`;
}

/** The backend of a model that runs one tool, then answers with what it returned. */
function runOneTool(
  backendToUse: ScriptedBackend,
  pick: (names: string[]) => {
    name: string;
    arguments: string;
  },
) {
  backendToUse.play((request) => {
    const result = lastToolResult(request);
    if (result !== undefined) return answerWith({ text: `The tool said: ${result}` });
    const call = pick(toolNames(request));
    return answerWith({
      reasoning: 'The user wants a command run; I will call the tool.',
      calls: [{ id: 'call_codex_1', ...call }],
    });
  });
}

/** The assistant message a request sent back, with its tool calls. */
function sentBack(index: number): SentAssistantMessage | undefined {
  return backend.requests[index]?.messages.find(
    (message): message is SentAssistantMessage =>
      message.role === 'assistant' && (message as SentAssistantMessage).tool_calls !== undefined,
  );
}

const timeout = 90_000;

describe('Codex CLI through serve', () => {
  it(
    'gpt-5.5: runs a shell command and sends its output back',
    async () => {
      runOneTool(backend, (names) => {
        expect(names).toContain('exec_command');
        // The custom and tool-search tools are functions upstream; web_search is dropped.
        expect(names).toContain('apply_patch');
        expect(names).toContain('tool_search');
        expect(names).not.toContain('web_search');
        return {
          name: 'exec_command',
          arguments: JSON.stringify({ cmd: 'echo hello-from-codex' }),
        };
      });
      const run = await codex('Run echo hello-from-codex', 'gpt-5.5');
      expect(run.code, run.output).toBe(0);
      expect(run.output).toContain('The tool said:');
      expect(run.output).toContain('hello-from-codex');
      expect(backend.requests).toHaveLength(2);
      expect(lastToolResult(backend.requests[1]!)).toContain('hello-from-codex');
      // The reasoning came back through the sealed envelope, in DeepSeek's field.
      expect(sentBack(1)?.reasoning_content).toBe(
        'The user wants a command run; I will call the tool.',
      );
    },
    timeout,
  );

  it(
    'gpt-5.5: creates a file with the freeform apply_patch tool',
    async () => {
      const patch =
        '*** Begin Patch\n*** Add File: hello.txt\n+hello from a patch\n*** End Patch\n';
      runOneTool(backend, () => ({
        name: 'apply_patch',
        arguments: JSON.stringify({ input: patch }),
      }));
      const run = await codex('Create hello.txt', 'gpt-5.5');
      expect(run.code, run.output).toBe(0);
      const file = join(run.workspace, 'hello.txt');
      expect(existsSync(file)).toBe(true);
      expect(readFileSync(file, 'utf8')).toBe('hello from a patch\n');
      // The custom call went back as the function it is upstream, its input inside.
      const call = sentBack(1)?.tool_calls?.[0];
      expect(call?.function.name).toBe('apply_patch');
      expect(JSON.parse(call!.function.arguments)).toEqual({ input: patch });
      expect(run.output).toContain('The tool said:');
    },
    timeout,
  );

  it(
    'gpt-6.1: flattens a namespace and still runs a command',
    async () => {
      runOneTool(backend, (names) => {
        expect(names).toContain('multi_agent_v1__spawn_agent');
        return {
          name: 'exec_command',
          arguments: JSON.stringify({ cmd: 'echo hello-from-codex' }),
        };
      });
      const run = await codex('Run echo hello-from-codex', 'gpt-6.1');
      expect(run.code, run.output).toBe(0);
      expect(run.output).toContain('hello-from-codex');
      expect(lastToolResult(backend.requests[1]!)).toContain('hello-from-codex');
    },
    timeout,
  );

  it(
    'the default model: the additional_tools item and its namespaced custom exec tool',
    async () => {
      runOneTool(backend, (names) => {
        expect(names).toContain('functions__exec');
        return {
          name: 'functions__exec',
          arguments: JSON.stringify({
            input: 'const r = await tools.exec_command({cmd: "echo hello-from-codex"}); text(r);',
          }),
        };
      });
      const run = await codex('Run echo hello-from-codex');
      expect(run.code, run.output).toBe(0);
      expect(run.output).toContain('hello-from-codex');
      const result = lastToolResult(backend.requests[1]!);
      expect(result).toContain('hello-from-codex');
      expect(sentBack(1)?.tool_calls?.[0]?.function.name).toBe('functions__exec');
    },
    timeout,
  );

  it(
    'gpt-5.5 over WebSocket mode: the same tool turn, each request a response.create',
    async () => {
      runOneTool(backend, () => ({
        name: 'exec_command',
        arguments: JSON.stringify({ cmd: 'echo hello-over-a-socket' }),
      }));
      const run = await codex('Run echo hello-over-a-socket', 'gpt-5.5', { websockets: true });
      expect(run.code, run.output).toBe(0);
      expect(run.output).toContain('hello-over-a-socket');
      expect(lastToolResult(backend.requests[1]!)).toContain('hello-over-a-socket');
      expect(sentBack(1)?.reasoning_content).toBe(
        'The user wants a command run; I will call the tool.',
      );
      // Both turns came over the socket, none over HTTP POST.
      expect(run.bridge.output()).toMatch(/WS \/v1\/responses/);
      expect(run.bridge.output()).not.toMatch(/POST \/v1\/responses/);
    },
    timeout,
  );
});
