import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chatStreamFixtures } from '../../test/support/fixtures';
import { convertFixture, goldenPath, toGoldenText } from '../../test/support/golden';
import { checkEventSequence, checkSpec } from '../../test/support/invariants';

describe.each(chatStreamFixtures)('golden events of %s', (fixture) => {
  it('match the reviewed sequence (regenerate with npm run golden:update)', async () => {
    expect(existsSync(goldenPath(fixture)), `missing golden file for ${fixture}`).toBe(true);
    const expected = readFileSync(goldenPath(fixture), 'utf8');
    const actual = toGoldenText(await convertFixture(fixture));
    // Compare line by line so that a failure names the first event that changed.
    const expectedLines = expected.split('\n');
    const actualLines = actual.split('\n');
    for (let i = 0; i < Math.max(expectedLines.length, actualLines.length); i++) {
      expect(actualLines[i], `event line ${i + 1}`).toBe(expectedLines[i]);
    }
  });

  it('hold only events the Open Responses spec accepts, as reviewed', () => {
    const lines = readFileSync(goldenPath(fixture), 'utf8').split('\n').filter(Boolean);
    checkSpec(lines.map((line): unknown => JSON.parse(line)));
  });

  it('form a valid Responses event sequence', async () => {
    checkEventSequence(await convertFixture(fixture));
  });
});
