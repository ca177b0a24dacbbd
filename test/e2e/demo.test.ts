/**
 * `npm run demo` as a newcomer runs it: no key, no network, the embedded replay server. It must
 * print a streamed, tool-calling answer with one row per chunk (the chunk, its events, their
 * parts) and the final Response, and `--json` must give every chunk, event and part as JSON
 * lines, each naming the chunk that caused it. Whatever fails (an endpoint that cannot be
 * reached, an error in the stream, a wrong flag) is one line on stderr and a non-zero exit.
 */
import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const execFileAsync = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
// No endpoint and no key: what a fresh clone has.
const env: NodeJS.ProcessEnv = { ...process.env, OPENAI_API_KEY: '', NO_COLOR: '1' };
delete env.OPENAI_BASE_URL;
// When the suite itself runs under `npm test --something`, npm leaves npm_config_* behind.
for (const name of Object.keys(env)) if (name.startsWith('npm_config_')) delete env[name];

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the demo to its end, whatever its exit code. */
async function demo(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<Run> {
  try {
    const { stdout, stderr } = await execFileAsync(tsx, ['examples/demo.ts', ...args], {
      cwd: root,
      env: { ...env, ...extraEnv },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const { code, stdout, stderr } = error as { code: unknown; stdout: string; stderr: string };
    if (typeof code !== 'number') throw error;
    return { code, stdout, stderr };
  }
}

/** A failure as the demo must report it: one line, no stack trace, a non-zero exit. */
function expectOneErrorLine(run: Run, code: number, message: RegExp | string) {
  expect(run.code, run.stdout + run.stderr).toBe(code);
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines, run.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^demo: /);
  if (typeof message === 'string') expect(lines[0]).toContain(message);
  else expect(lines[0]).toMatch(message);
  expect(`${run.stdout}${run.stderr}`).not.toMatch(/^\s+at /m);
}

/** A port on 127.0.0.1 that nothing listens on. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

interface JsonLine {
  lane: 'chat' | 'responses' | 'ai-sdk' | 'final';
  step?: number;
  index?: number;
  chunk?: { choices?: Array<{ delta?: Record<string, unknown> }> } | string;
  event?: { type: string; delta?: string; item?: { type: string } };
  part?: { type: string; text?: string };
  response?: { status: string };
  error?: string;
}

// Each run starts tsx; on a loaded machine that alone takes seconds. Only a hang should reach
// the timeouts (execFile's, then the test's).
describe('npm run demo', { timeout: 90_000 }, () => {
  it('replays a recording with its prompt, one row per chunk, the answer and the Response', async () => {
    const { code, stdout, stderr } = await demo([]);
    expect(code, stderr).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toContain('REPLAY of the recorded stream deepseek-reasoner-reasoning-tool-call');
    expect(stdout).toContain('prompt: What is the weather in San Francisco? (as recorded:');
    const rows = stdout.split('\n');
    // The chunk that starts the tool call, the event it caused and the part that became, on
    // one line: the row is the chunk's.
    expect(rows).toContainEqual(
      expect.stringMatching(
        /^delta\.tool_calls +│ .*reasoning_summary_text\.done.*│ .*tool-input-start/,
      ),
    );
    expect(rows).toContainEqual(
      expect.stringMatching(
        /^delta\.reasoning_content ×38 .*│ reasoning_summary_text\.delta +│ reasoning-delta /,
      ),
    );
    expect(stdout).toContain('output_item.added (function_call)');
    expect(stdout).toContain('tool-result weather');

    // The answer is wrapped at word boundaries: its lines, joined by spaces, are the text.
    const start = rows.findIndex((line) => line.startsWith('answer: '));
    const end = rows.indexOf('', start);
    const answer = rows.slice(start, end);
    expect(answer.length).toBeGreaterThan(1);
    expect(answer.every((line) => line.length <= 120)).toBe(true);
    expect(
      answer
        .map((line) => line.trim())
        .join(' ')
        .replace(/^answer: /, ''),
    ).toBe(
      'The tool answered {"location":"San Francisco","temperature":18,"conditions":"fog"}. (This answer is synthesized by the replay server from the tool result.)',
    );
    expect(stdout).toMatch(/final Response resp_[0-9a-f]{48} \(completed\)/);
    expect(stdout).toMatch(/usage: \d+ in/);
  });

  it('--json gives every chunk, event and part, each with the chunk that caused it', async () => {
    const { code, stdout } = await demo(['--json']);
    expect(code).toBe(0);
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as JsonLine);
    const lanes = new Set(lines.map((line) => line.lane));
    expect([...lanes].sort()).toEqual(['ai-sdk', 'chat', 'final', 'responses']);
    const events = lines.filter((line) => line.lane === 'responses');
    expect(events.filter((line) => line.event!.type === 'response.completed')).toHaveLength(2);
    expect(lines.at(-1)!.response!.status).toBe('completed');

    const chunkOf = (line: JsonLine) =>
      lines.find(
        (other) => other.lane === 'chat' && other.step === line.step && other.index === line.index,
      )?.chunk;
    const deltaOf = (line: JsonLine) =>
      (chunkOf(line) as { choices: Array<{ delta: Record<string, unknown> }> }).choices[0]!.delta;
    // Every event and part names a chunk that was sent, and the deltas are that chunk's own.
    for (const line of lines.filter((line) => line.lane === 'responses')) {
      expect(chunkOf(line), JSON.stringify(line.event)).toBeDefined();
      if (line.event!.type === 'response.reasoning_summary_text.delta') {
        expect(deltaOf(line).reasoning_content).toBe(line.event!.delta);
      }
      if (line.event!.type === 'response.output_text.delta') {
        expect(deltaOf(line).content).toBe(line.event!.delta);
      }
    }
    const functionCall = events.find(
      (line) =>
        line.event!.type === 'response.output_item.added' &&
        line.event!.item!.type === 'function_call',
    )!;
    expect(deltaOf(functionCall).tool_calls).toBeDefined();
    const parts = lines.filter((line) => line.lane === 'ai-sdk' && line.index !== undefined);
    const textDeltas = parts.filter((line) => line.part!.type === 'text-delta');
    expect(textDeltas.length).toBeGreaterThan(5);
    for (const line of textDeltas) expect(deltaOf(line).content).toBe(line.part!.text);
    expect(new Set(parts.map((line) => line.step))).toEqual(new Set([1, 2]));
  });

  it('--fixture replays another recording with its own prompt; a wrong name lists them', async () => {
    const other = await demo(['--fixture', 'openai-gpt-4o-mini-text']);
    expect(other.code, other.stderr).toBe(0);
    expect(other.stdout).toContain('REPLAY of the recorded stream openai-gpt-4o-mini-text');
    expect(other.stdout).toContain(
      'prompt: What is the capital of the UK? Use the tool, then answer.',
    );
    expect(other.stdout).toContain('answer: The capital of the UK is London.');

    const wrong = await demo(['--fixture', 'no-such-recording']);
    expectOneErrorLine(wrong, 2, 'No recording named "no-such-recording"');
    expect(wrong.stderr).toContain('deepseek-reasoner-reasoning-tool-call');
    expect(wrong.stderr).toContain('zai-glm-4.7-reasoning-content');
  });

  it('an endpoint that cannot be reached: one line with the cause, exit 1', async () => {
    const port = await closedPort();
    const run = await demo([], { OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1` });
    expectOneErrorLine(run, 1, `ECONNREFUSED 127.0.0.1:${port}`);
    expect(run.stderr).toContain(`http://127.0.0.1:${port}/v1/chat/completions`);
    expect(run.stdout).toContain(`LIVE http://127.0.0.1:${port}/v1`);
  });

  it('an error in the stream: the rows, then the error as one line, exit 1', async () => {
    const groq = await demo(['--fixture', 'groq-gpt-oss-120b-in-stream-error']);
    expectOneErrorLine(groq, 1, 'Tool call validation failed');
    // The error payload has its row, with the events and parts it caused.
    expect(groq.stdout).toMatch(
      /^error payload "Tool call validation .*│.*│ reasoning-end, error/m,
    );
    expect(groq.stdout).toMatch(/final Response resp_[0-9a-f]{48} \(failed\)/);
    expect(groq.stdout).not.toContain('answer:');

    const openrouter = await demo(['--fixture', 'openrouter-minimax-m2-in-stream-error', '--json']);
    expectOneErrorLine(openrouter, 1, 'Token limit reached');
    const final = JSON.parse(openrouter.stdout.trim().split('\n').at(-1)!) as JsonLine;
    expect(final).toMatchObject({
      lane: 'final',
      response: { status: 'failed' },
      error: expect.stringContaining('Token limit reached'),
    });
  });

  it('a wrong flag, a stray argument, a flag npm took: one line saying what to type, exit 2', async () => {
    expectOneErrorLine(await demo(['--fixtur', 'x']), 2, 'Unknown flag --fixtur.');
    expectOneErrorLine(await demo(['openai-gpt-4o-mini-text']), 2, 'Unexpected argument');
    expectOneErrorLine(
      await demo(['--fixture', 'openai-gpt-4o-mini-text'], { OPENAI_BASE_URL: 'http://x/v1' }),
      2,
      'OPENAI_BASE_URL is set',
    );
    // `npm run demo --fixture X`, without `--`: npm keeps --fixture and passes X on.
    const npm = await execFileAsync(
      'npm',
      ['run', '--silent', 'demo', '--fixture', 'openai-gpt-4o-mini-text'],
      {
        cwd: root,
        env,
        timeout: 60_000,
      },
    ).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(npm.code).toBe(2);
    // npm warns about the flag itself; the demo adds one line.
    const ours = npm.stderr.split('\n').filter((line) => line.startsWith('demo: '));
    expect(ours).toEqual([
      'demo: npm kept --fixture for itself (it came before `--`); run: npm run demo -- --fixture openai-gpt-4o-mini-text',
    ]);
  });
});
