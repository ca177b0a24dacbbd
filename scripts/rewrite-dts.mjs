// The V1 types are compiled against an alias (`@ai-sdk/provider-v1`, a devDependency) because the
// current @ai-sdk/provider no longer has them. An ai 4 app has them under `@ai-sdk/provider`
// itself, so the published declarations must say that.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

for (const file of readdirSync('dist')) {
  if (!/\.d\.c?ts$/.test(file)) continue;
  const path = `dist/${file}`;
  const text = readFileSync(path, 'utf8');
  const rewritten = text.replaceAll("'@ai-sdk/provider-v1'", "'@ai-sdk/provider'");
  if (rewritten !== text) writeFileSync(path, rewritten);
}
