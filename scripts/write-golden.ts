/**
 * Rewrites the golden event sequences in test/golden from the recorded chat streams.
 * Run it only on purpose (`npm run golden:update`), then review the diff before committing.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { chatStreamFixtures } from '../test/support/fixtures';
import { convertFixture, goldenDir, goldenPath, toGoldenText } from '../test/support/golden';

mkdirSync(goldenDir, { recursive: true });
for (const fixture of chatStreamFixtures) {
  const events = await convertFixture(fixture);
  writeFileSync(goldenPath(fixture), toGoldenText(events));
  console.log(`${fixture}: ${events.length} events`);
}
