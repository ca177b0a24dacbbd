// Each older spec's types are compiled against the @ai-sdk/provider major of its AI SDK, installed
// under an alias (`@ai-sdk/provider-v1` … `-v3`, devDependencies). An app of that AI SDK major has
// them under `@ai-sdk/provider` itself, so the published declarations must say that.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

for (const file of readdirSync('dist')) {
  if (!/\.d\.c?ts$/.test(file)) continue;
  const path = `dist/${file}`;
  const text = readFileSync(path, 'utf8');
  const rewritten = text.replace(/'@ai-sdk\/provider-v[123]'/g, "'@ai-sdk/provider'");
  if (rewritten !== text) writeFileSync(path, rewritten);
}
