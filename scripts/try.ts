import { toResponsesEvents } from '../src/index.ts';
import { chatStreamFixtures, collect, readChatStream, sequentialIds } from '../test/fixtures.ts';

const only = process.argv[2];
for (const name of chatStreamFixtures) {
  if (only && !name.includes(only)) continue;
  const events = await collect(
    toResponsesEvents(readChatStream(name), { generateId: sequentialIds() }),
  );
  const summary: string[] = [];
  let last = '';
  for (const e of events) {
    const key = e.type + ('output_index' in e ? `@${e.output_index}` : '');
    if (key === last && e.type.endsWith('delta')) continue;
    last = key;
    summary.push(key);
  }
  const final = events.at(-1) as any;
  console.log(
    `== ${name}\n  ${summary.join(' ')}\n  FINAL ${final.type} status=${final.response?.status} usage=${JSON.stringify(final.response?.usage)} inc=${JSON.stringify(final.response?.incomplete_details)} err=${JSON.stringify(final.response?.error)}`,
  );
  for (const item of final.response?.output ?? [])
    console.log('   ', JSON.stringify(item).slice(0, 300));
}
