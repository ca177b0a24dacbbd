import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { packageVersion, toLogLine, toUsageErrorLine } from './cli-lines';
import { parseServeOptions } from './serve-options';

const entry = { method: 'POST', path: '/v1/responses', status: 200, durationMs: 12.4 };

function usageErrorOf(argv: string[]): string {
  try {
    parseServeOptions(argv, {});
  } catch (error) {
    return toUsageErrorLine(error as Error);
  }
  throw new Error(`parseServeOptions accepted ${argv.join(' ')}`);
}

describe('toLogLine', () => {
  it('writes method, path, status, whole milliseconds and the model', () => {
    expect(toLogLine({ ...entry, model: 'qwen3:8b' })).toBe(
      'responses-bridge: POST /v1/responses 200 12ms model=qwen3:8b',
    );
    expect(toLogLine({ ...entry, method: 'WS', model: 'openai/gpt-oss-120b' })).toBe(
      'responses-bridge: WS /v1/responses 200 12ms model=openai/gpt-oss-120b',
    );
    expect(toLogLine({ ...entry, method: 'GET', path: '/v1/models', model: undefined })).toBe(
      'responses-bridge: GET /v1/models 200 12ms',
    );
  });

  it('quotes a model that could forge or break a line, and shortens a long one', () => {
    expect(toLogLine({ ...entry, model: 'a\nresponses-bridge: GET / 200 0ms' })).toBe(
      'responses-bridge: POST /v1/responses 200 12ms model="a\\nresponses-bridge: GET / 200 0ms"',
    );
    const line = toLogLine({ ...entry, model: 'm'.repeat(500) });
    expect(line).toBe(`responses-bridge: POST /v1/responses 200 12ms model="${'m'.repeat(100)}…"`);
  });
});

describe('toUsageErrorLine', () => {
  it('says what was wrong in one line, and where the options are', () => {
    const upstream = ['--upstream', 'http://127.0.0.1:1/v1'];
    expect(
      [
        [],
        ['serve'],
        ['serve', 'now'],
        ['serve', '--upstream'],
        ['serve', ...upstream, '--bogus'],
        ['serve', ...upstream, '--help=yes'],
        ['serve', '--upstream', 'ftp://x'],
        ['serve', ...upstream, '--port', '99999'],
        ['serve', ...upstream, '--store', 'redis:/no'],
      ].map(usageErrorOf),
    ).toMatchInlineSnapshot(`
      [
        "responses-bridge: Missing command: serve. (see responses-bridge serve --help)",
        "responses-bridge: Missing --upstream URL. (see responses-bridge serve --help)",
        "responses-bridge: Unknown command: serve now. (see responses-bridge serve --help)",
        "responses-bridge: --upstream needs a value. (see responses-bridge serve --help)",
        "responses-bridge: Unknown option --bogus. (see responses-bridge serve --help)",
        "responses-bridge: -h, --help takes no value. (see responses-bridge serve --help)",
        "responses-bridge: --upstream must be an http or https URL: ftp://x (see responses-bridge serve --help)",
        "responses-bridge: --port must be an integer from 0 to 65535: 99999 (see responses-bridge serve --help)",
        "responses-bridge: --store must be memory, sqlite:PATH or redis://HOST:PORT. (see responses-bridge serve --help)",
      ]
    `);
  });
});

describe('packageVersion', () => {
  it('is the version in package.json when run from the source', () => {
    const { version } = JSON.parse(
      readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
    ) as { version: string };
    expect(packageVersion()).toBe(version);
  });
});
