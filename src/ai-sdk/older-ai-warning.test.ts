import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { installedAiVersion, olderAiMessage } from './older-ai-warning';

const work = mkdtempSync(join(tmpdir(), 'responses-bridge-ai-major-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** An app folder whose node_modules/ai is the given version, shaped as that major ships it. */
function app(name: string, version: string, exportsPackageJson: boolean): string {
  const dir = join(work, name);
  const ai = join(dir, 'node_modules', 'ai');
  mkdirSync(join(ai, 'dist'), { recursive: true });
  writeFileSync(join(ai, 'dist', 'index.js'), 'module.exports = {};');
  writeFileSync(
    join(ai, 'package.json'),
    JSON.stringify({
      name: 'ai',
      version,
      main: './dist/index.js',
      exports: {
        ...(exportsPackageJson ? { './package.json': './package.json' } : {}),
        '.': { require: './dist/index.js', default: './dist/index.js' },
      },
    }),
  );
  return dir;
}

describe('installedAiVersion', () => {
  it('reads the version of the ai an app folder resolves', () => {
    expect(installedAiVersion(app('ai6', '6.0.326', true))).toBe('6.0.326');
  });

  it('reads ai 4, which does not export its package.json', () => {
    expect(installedAiVersion(app('ai4', '4.3.19', false))).toBe('4.3.19');
  });

  it('is undefined where there is no ai', () => {
    mkdirSync(join(work, 'none'), { recursive: true });
    expect(installedAiVersion(join(work, 'none'))).toBeUndefined();
  });

  it('finds this repository’s own ai, which is 7', () => {
    expect(installedAiVersion()).toMatch(/^7\./);
  });
});

describe('olderAiMessage', () => {
  it('names the entry for ai 6, 5 and 4', () => {
    expect(olderAiMessage('6.0.326')).toMatchInlineSnapshot(
      `"responses-bridge: 'responses-bridge' makes LanguageModelV4 models, for ai 7; this app has ai 6.0.326, which refuses them ("Unsupported model version v4"). Import createResponsesBridge from 'responses-bridge/v3' instead."`,
    );
    expect(olderAiMessage('5.0.1')).toContain("from 'responses-bridge/v2'");
    expect(olderAiMessage('4.3.19')).toContain("from 'responses-bridge/v1'");
  });

  it('says nothing for ai 7 and later, or when the version is unknown', () => {
    expect(olderAiMessage('7.0.173')).toBeUndefined();
    expect(olderAiMessage('8.0.0')).toBeUndefined();
    expect(olderAiMessage(undefined)).toBeUndefined();
  });
});
