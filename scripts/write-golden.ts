/**
 * Rewrites the golden event sequences in test/golden from the recorded chat streams.
 * Run it only on purpose (`npm run golden:update`), then review the diff before committing.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { chatStreamFixtures } from '../test/fixtures';
import { convertFixture, goldenDir, goldenPath, toGoldenText } from '../test/golden';

mkdirSync(goldenDir, { recursive: true });
for (const fixture of chatStreamFixtures) {
  const events = await convertFixture(fixture);
  writeFileSync(goldenPath(fixture), toGoldenText(events));
  console.log(`${fixture}: ${events.length} events`);
}
