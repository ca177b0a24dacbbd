/**
 * `npm run bench`: what the Responses view costs on top of what an app pays anyway. The same
 * Chat Completions SSE bytes go, through a custom `fetch`, to:
 *   floor              the `openai` client iterating its own chunk stream
 *   openai-compatible  streamText over @ai-sdk/openai-compatible
 *   agents-converter   the openai-agents-js chunk → Responses converter, over the openai client
 *   converter          our toResponsesEvents, over the openai client
 *   pipeline           streamText over responses-bridge
 * for three scenarios (text; reasoning then text; four tool calls with streamed arguments) at
 * 1k, 10k and 100k chunks. Contenders alternate, after warm-up; medians are reported as ns per
 * chunk and ratios, with the peak heap growth of one run. The README table is rewritten.
 *
 *   npm run bench                 everything (about 2-3 minutes on 2 cores)
 *   npm run bench -- --quick      fewer repetitions, no 100k
 *   npm run bench -- --no-readme  do not rewrite the README table
 */
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { streamText } from 'ai';
import OpenAI from 'openai';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const { createResponsesBridge, toResponsesEvents } = await import(
  pathToFileURL(join(root, 'dist', 'index.js')).href
);
// Not in the package's exports map: imported by path.
const { convertChatCompletionsStreamToResponses } = await import(
  pathToFileURL(
    join(here, 'node_modules/@openai/agents-openai/dist/openaiChatCompletionsStreaming.mjs'),
  ).href
);

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const sizes = quick ? [1_000, 10_000] : [1_000, 10_000, 100_000];
const repetitions = (size) => (quick ? 3 : size >= 100_000 ? 3 : size >= 10_000 ? 9 : 21);

// ── the bytes ──────────────────────────────────────────────────────────────────────────────────
const head = {
  id: 'chatcmpl-bench',
  object: 'chat.completion.chunk',
  created: 1_760_000_000,
  model: 'bench-model',
};
const words = ['The ', 'quick ', 'brown ', 'fox ', 'jumps ', 'over ', 'the ', 'lazy ', 'dog. '];
const chunk = (delta, finishReason = null) =>
  JSON.stringify({ ...head, choices: [{ index: 0, delta, finish_reason: finishReason }] });

function scenarioLines(scenario, size) {
  const lines = [chunk({ role: 'assistant', content: '' })];
  const body = size - 3;
  if (scenario === 'text') {
    for (let i = 0; i < body; i++) lines.push(chunk({ content: words[i % words.length] }));
  } else if (scenario === 'reasoning-text') {
    const half = Math.floor(body / 2);
    for (let i = 0; i < half; i++)
      lines.push(chunk({ reasoning_content: words[i % words.length] }));
    for (let i = half; i < body; i++) lines.push(chunk({ content: words[i % words.length] }));
  } else {
    const perCall = Math.floor(body / 4);
    for (let call = 0; call < 4; call++) {
      lines.push(
        chunk({
          tool_calls: [
            {
              index: call,
              id: `call_${call}`,
              type: 'function',
              function: { name: `tool_${call}`, arguments: '{"text":"' },
            },
          ],
        }),
      );
      for (let i = 1; i < perCall - 1; i++) {
        lines.push(
          chunk({
            tool_calls: [{ index: call, function: { arguments: words[i % words.length] } }],
          }),
        );
      }
      lines.push(chunk({ tool_calls: [{ index: call, function: { arguments: '"}' } }] }));
    }
  }
  lines.push(chunk({}, scenario === 'tools' ? 'tool_calls' : 'stop'));
  lines.push(
    JSON.stringify({
      ...head,
      choices: [],
      usage: { prompt_tokens: 50, completion_tokens: size, total_tokens: size + 50 },
    }),
  );
  return lines;
}

/** The SSE body, cut in 16 KB reads as a socket would deliver it. */
function sseSlices(lines) {
  const bytes = new TextEncoder().encode(
    `${lines.map((line) => `data: ${line}\n\n`).join('')}data: [DONE]\n\n`,
  );
  const slices = [];
  for (let offset = 0; offset < bytes.length; offset += 16_384)
    slices.push(bytes.subarray(offset, offset + 16_384));
  return slices;
}

function fetchFor(slices) {
  return async () =>
    new Response(
      new ReadableStream({
        start(controller) {
          for (const slice of slices) controller.enqueue(slice);
          controller.close();
        },
      }),
      { headers: { 'content-type': 'text/event-stream' } },
    );
}

// ── the contenders: each consumes the whole stream and returns how many items it saw ──────────
const request = {
  model: 'bench-model',
  messages: [{ role: 'user', content: 'Go' }],
  stream: true,
  stream_options: { include_usage: true },
};
const client = (fetch) =>
  new OpenAI({ apiKey: 'bench', baseURL: 'http://bench.invalid/v1', fetch, maxRetries: 0 });

const contenders = {
  floor: async (fetch) => {
    let count = 0;
    for await (const _ of await client(fetch).chat.completions.create(request)) count++;
    return count;
  },
  'openai-compatible': async (fetch) => {
    const provider = createOpenAICompatible({
      name: 'bench',
      baseURL: 'http://bench.invalid/v1',
      apiKey: 'bench',
      fetch,
      includeUsage: true,
    });
    const result = streamText({ model: provider('bench-model'), prompt: 'Go', maxRetries: 0 });
    let count = 0;
    for await (const _ of result.fullStream) count++;
    return count;
  },
  'agents-converter': async (fetch) => {
    const stream = await client(fetch).chat.completions.create(request);
    const base = {
      id: 'FAKE_ID',
      created: 0,
      model: 'bench-model',
      object: 'chat.completion',
      choices: [],
      usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
    };
    let count = 0;
    for await (const _ of convertChatCompletionsStreamToResponses(base, stream)) count++;
    return count;
  },
  converter: async (fetch) => {
    let count = 0;
    for await (const _ of toResponsesEvents(await client(fetch).chat.completions.create(request)))
      count++;
    return count;
  },
  pipeline: async (fetch) => {
    const provider = createResponsesBridge({
      baseURL: 'http://bench.invalid/v1',
      apiKey: 'bench',
      fetch,
    });
    const result = streamText({ model: provider('bench-model'), prompt: 'Go', maxRetries: 0 });
    let count = 0;
    for await (const _ of result.fullStream) count++;
    return count;
  },
};

const names = Object.keys(contenders);
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

async function peakHeapGrowth(run, fetch) {
  globalThis.gc?.();
  const before = process.memoryUsage().heapUsed;
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 5);
  await run(fetch);
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  clearInterval(sampler);
  return (peak - before) / 1_048_576;
}

const results = [];
/** Ratios computed within each repetition (same moment, same machine load), then the median. */
const pairedRatios = [];
const started = Date.now();
for (const scenario of ['text', 'reasoning-text', 'tools']) {
  for (const size of sizes) {
    const fetch = fetchFor(sseSlices(scenarioLines(scenario, size)));
    const times = Object.fromEntries(names.map((name) => [name, []]));
    const warmUps = size >= 100_000 ? 1 : 2;
    for (const name of names) for (let i = 0; i < warmUps; i++) await contenders[name](fetch);
    const converterRatios = [];
    const pipelineRatios = [];
    for (let rep = 0; rep < repetitions(size); rep++) {
      // Alternate the order so that no contender always runs right after another's garbage.
      const order = rep % 2 === 0 ? names : [...names].reverse();
      const repTimes = {};
      for (const name of order) {
        const t0 = process.hrtime.bigint();
        await contenders[name](fetch);
        repTimes[name] = Number(process.hrtime.bigint() - t0);
        times[name].push(repTimes[name]);
      }
      converterRatios.push(repTimes.converter / repTimes.floor);
      pipelineRatios.push(repTimes.pipeline / repTimes['openai-compatible']);
    }
    pairedRatios.push({
      scenario,
      size,
      converter: median(converterRatios),
      pipeline: median(pipelineRatios),
    });
    const memory = {};
    for (const name of names) memory[name] = await peakHeapGrowth(contenders[name], fetch);
    for (const name of names) {
      results.push({
        scenario,
        size,
        name,
        nsPerChunk: median(times[name]) / size,
        heapMB: memory[name],
      });
    }
    process.stderr.write(
      `  ${scenario} ${size}: done (${((Date.now() - started) / 1000).toFixed(0)} s)\n`,
    );
  }
}

// ── report ─────────────────────────────────────────────────────────────────────────────────────
const get = (scenario, size, name) =>
  results.find((r) => r.scenario === scenario && r.size === size && r.name === name);
const paired = (scenario, size) =>
  pairedRatios.find((r) => r.scenario === scenario && r.size === size);
const lines = [];
lines.push(
  `Machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}. ` +
    'Cells: median ns per chunk (peak heap growth of one run, MB). Ratios: median of the ratios within each repetition.',
);
lines.push('');
lines.push(
  `| scenario | chunks | ${names.join(' | ')} | converter / floor | pipeline / openai-compatible |`,
);
lines.push(`|${'---|'.repeat(names.length + 4)}`);
for (const scenario of ['text', 'reasoning-text', 'tools']) {
  for (const size of sizes) {
    const cells = names.map((name) => {
      const result = get(scenario, size, name);
      return `${result.nsPerChunk.toFixed(0)} (${result.heapMB.toFixed(1)})`;
    });
    const ratios = paired(scenario, size);
    lines.push(
      `| ${scenario} | ${size.toLocaleString('en')} | ${cells.join(' | ')} | ${ratios.converter.toFixed(2)} | ${ratios.pipeline.toFixed(2)} |`,
    );
  }
}
const table = lines.join('\n');
console.log(table);

if (!args.includes('--no-readme') && !quick) {
  const readmePath = join(root, 'README.md');
  const readme = readFileSync(readmePath, 'utf8');
  const start = '<!-- bench:start -->';
  const end = '<!-- bench:end -->';
  if (readme.includes(start) && readme.includes(end)) {
    writeFileSync(
      readmePath,
      `${readme.slice(0, readme.indexOf(start) + start.length)}\n${table}\n${readme.slice(readme.indexOf(end))}`,
    );
    console.log('\nREADME.md table updated.');
  }
}

console.log('');
console.log(`converter/floor ${paired('reasoning-text', 10_000).converter.toFixed(2)}`);
console.log(`pipeline/openai-compatible ${paired('reasoning-text', 10_000).pipeline.toFixed(2)}`);
