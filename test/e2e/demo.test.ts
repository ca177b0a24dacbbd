/**
 * `npm run demo` as a newcomer runs it: no key, no network, the embedded replay server. It must
 * print a streamed, tool-calling answer with the three lanes and the final Response, and `--json`
 * must give every chunk, event and part as JSON lines.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { rejectionOf } from '../support/rejections';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
// No endpoint and no key: what a fresh clone has.
const env: NodeJS.ProcessEnv = { ...process.env, OPENAI_API_KEY: '', NO_COLOR: '1' };
delete env.OPENAI_BASE_URL;

// Each run starts tsx; on a loaded machine that alone takes seconds. Only a hang should reach
// the timeouts (execFile's, then the test's).
describe('npm run demo', { timeout: 90_000 }, () => {
  it('replays a recording and shows chunks, events, parts and the final Response', async () => {
    const { stdout } = await run(tsx, ['examples/demo.ts'], { cwd: root, env, timeout: 60_000 });
    expect(stdout).toContain('REPLAY of the recorded stream deepseek-reasoner-reasoning-tool-call');
    for (const lane of [
      'delta.reasoning_content',
      'output_item.added (function_call)',
      'tool-result',
    ]) {
      expect(stdout).toContain(lane);
    }
    expect(stdout).toMatch(
      /answer: The tool answered \{"location":"San Francisco","temperature":18/,
    );
    expect(stdout).toMatch(/final Response resp_[0-9a-f]{48} \(completed\)/);
    expect(stdout).toMatch(/usage: \d+ in/);
  });

  it('--json gives every chunk, event and part, then the final Response', async () => {
    const { stdout } = await run(tsx, ['examples/demo.ts', '--json'], {
      cwd: root,
      env,
      timeout: 60_000,
    });
    const lines = stdout
      .trim()
      .split('\n')
      .map(
        (line) =>
          JSON.parse(line) as {
            lane: string;
            event?: { type: string };
            response?: { status: string };
          },
      );
    const lanes = new Set(lines.map((line) => line.lane));
    expect([...lanes].sort()).toEqual(['ai-sdk', 'chat', 'final', 'responses']);
    const events = lines
      .filter((line) => line.lane === 'responses')
      .map((line) => line.event!.type);
    expect(events.filter((type) => type === 'response.completed')).toHaveLength(2);
    expect(lines[lines.length - 1]!.response!.status).toBe('completed');
  });

  it('--fixture replays another recording, and a wrong name says which exist', async () => {
    const { stdout } = await run(
      tsx,
      ['examples/demo.ts', '--fixture', 'openai-gpt-4o-mini-text'],
      {
        cwd: root,
        env,
        timeout: 60_000,
      },
    );
    expect(stdout).toContain('REPLAY of the recorded stream openai-gpt-4o-mini-text');
    const failure = await rejectionOf(
      run(tsx, ['examples/demo.ts', '--fixture', 'no-such-recording'], { cwd: root, env }),
      Error,
    );
    expect(failure).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('deepseek-reasoner-reasoning-tool-call'),
    });
  });
});
