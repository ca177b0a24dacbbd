/**
 * The provider's 50 MB stream (the test `a 50 MB stream` of
 * test/integration/reliability.stream-faults.test.ts, measured instead of bounded): a loopback
 * upstream sends 50 MB of text in 4 KB pieces, with backpressure, and `streamText` reads it
 * through responses-bridge or, for reference, through @ai-sdk/openai-compatible. The peak heap
 * growth is sampled every 256 text parts, as the test does. Run in a fresh process per
 * provider, with --expose-gc.
 *
 *   node --expose-gc bench/provider-memory.mjs responses-bridge|openai-compatible [MB]
 *   prints one line of JSON: { provider, textBytes, heapGrowth, seconds }
 */
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { streamText } from 'ai';

const here = dirname(fileURLToPath(import.meta.url));
const { createResponsesBridge } = await import(
  pathToFileURL(join(here, '.build', 'dist', 'index.js')).href
);

const provider = process.argv[2] ?? 'responses-bridge';
const pieceSize = 4096;
const total = Number(process.argv[3] ?? 50) * 1024 * 1024;
const count = total / pieceSize;
const filler = 'x'.repeat(pieceSize - 8);
const head = { id: 'chatcmpl-memory', object: 'chat.completion.chunk', created: 1, model: 'm' };
const frame = (value) => `data: ${JSON.stringify(value)}\n\n`;
const chunk = (delta, finishReason = null) =>
  frame({ ...head, choices: [{ index: 0, delta, finish_reason: finishReason }] });

const server = createServer(async (req, res) => {
  for await (const _ of req);
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  for (let i = 0; i < count; i++) {
    // Each piece starts with its number, as in the test.
    const text = `${String(i).padStart(8, '0')}${filler}`;
    if (!res.write(chunk({ content: text }))) {
      await new Promise((resolve) => res.once('drain', resolve));
    }
  }
  res.end(
    `${chunk({}, 'stop')}${frame({ ...head, choices: [], usage: { prompt_tokens: 1, completion_tokens: count, total_tokens: count + 1 } })}data: [DONE]\n\n`,
  );
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const baseURL = `http://127.0.0.1:${server.address().port}/v1`;

const model =
  provider === 'openai-compatible'
    ? createOpenAICompatible({ name: 'memory', baseURL, apiKey: 'sk-memory', includeUsage: true })(
        'm',
      )
    : createResponsesBridge({ baseURL, apiKey: 'sk-memory' })('m');

globalThis.gc?.();
const before = process.memoryUsage().heapUsed;
let peak = before;
const started = performance.now();
const result = streamText({ model, prompt: 'Hi', maxRetries: 0 });
let length = 0;
let deltas = 0;
for await (const part of result.fullStream) {
  if (part.type === 'error') throw part.error;
  if (part.type !== 'text-delta') continue;
  length += part.text.length;
  if (++deltas % 256 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
}
await result.providerMetadata;
peak = Math.max(peak, process.memoryUsage().heapUsed);
const seconds = (performance.now() - started) / 1000;
server.close();
server.closeAllConnections();
if (length !== total) throw new Error(`${provider}: ${length} characters of text for ${total}`);
process.stdout.write(
  `${JSON.stringify({ provider, textBytes: total, heapGrowth: peak - before, seconds })}\n`,
);
