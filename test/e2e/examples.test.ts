/** Every script in examples/node runs against the replay server and prints what it promises. */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
const env: NodeJS.ProcessEnv = { ...process.env, OPENAI_API_KEY: '' };
delete env.OPENAI_BASE_URL;

async function example(name: string): Promise<string> {
  const { stdout } = await run(
    join(root, 'node_modules', '.bin', 'tsx'),
    [`examples/node/${name}.ts`],
    {
      cwd: root,
      env,
      timeout: 60_000,
    },
  );
  return stdout;
}

describe('examples/node', () => {
  it('stream-text streams reasoning, then the answer and usage', async () => {
    const out = await example('stream-text');
    expect(out).toContain('The word "strawberry" contains three "r"s.');
    expect(out).toContain('"reasoningTokens":205');
  });

  it('tool-calling runs the tool and answers in a second step', async () => {
    const out = await example('tool-calling');
    expect(out).toContain('→ weather({"location":"San Francisco"})');
    expect(out).toContain('← {"location":"San Francisco","temperature":18,"conditions":"fog"}');
    expect(out).toContain('(2 steps)');
  });

  it('responses-events prints numbered events and the final Response', async () => {
    const out = await example('responses-events');
    expect(out).toMatch(/^0 response\.created$/m);
    expect(out).toMatch(/^1 response\.in_progress$/m);
    expect(out).toMatch(/response\.completed$/m);
    expect(out).toMatch(/resp_[0-9a-f]{48} completed/);
  });

  it('generate-text returns reasoning, text and the Response id', async () => {
    const out = await example('generate-text');
    expect(out).toContain('text: \'The word "strawberry" contains three "r"s.\'');
    expect(out).toMatch(/Response id: resp_[0-9a-f]{48}/);
  });

  it('older-majors answers through ai 4, 5 and 6', async () => {
    const out = await example('older-majors');
    for (const major of ['ai 4', 'ai 5', 'ai 6']) {
      expect(out).toContain(`${major}: The capital of the UK is London.`);
    }
  });
});
