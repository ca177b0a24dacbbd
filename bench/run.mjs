/**
 * `npm run bench`: what the Responses view costs on top of what an app or a gateway pays anyway.
 *
 * 1. The converter and the pipeline. The same Chat Completions SSE bytes go, through a custom
 *    `fetch`, to:
 *      floor              the `openai` client iterating its own chunk stream
 *      openai-compatible  streamText over @ai-sdk/openai-compatible
 *      agents-converter   the openai-agents-js chunk → Responses converter, over the openai client
 *      converter          our SSE reader and converter fed the raw bytes, as the provider and
 *                         `serve` use them (`openChatStream` + `convertChunkStream`, bundled from
 *                         src/ into bench/.build/ by this script: they are not public exports)
 *      pipeline           streamText over responses-bridge
 *    for three scenarios (text; reasoning then text; four tool calls with streamed arguments) at
 *    1k, 10k and 100k chunks. Contenders alternate, after warm-up; cells are medians of CPU
 *    time per chunk, with the peak heap growth of the first run; ratios are medians of the
 *    ratios within each repetition.
 * 2. `serve` against a minimal pass-through proxy, on loopback (bench/serve.mjs).
 * 3. Memory: 200 MB of upstream text through `serve` (bench/serve.mjs), and the provider's
 *    50 MB stream (bench/provider-memory.mjs).
 * The README table is rewritten; the last three lines are the ratios named in DESIGN.md §8.
 *
 *   npm run bench                    everything (about 5-6 minutes on 2 loaded cores)
 *   npm run bench -- --quick         fewer repetitions, no 100k, 20 MB instead of 200 MB
 *   npm run bench -- --no-readme     do not rewrite the README table
 *   node --expose-gc bench/run.mjs --only floor,converter --no-serve --no-memory --no-readme
 *                                    some contenders only (for --cpu-prof; the build of
 *                                    bench/.build/dist that npm run bench makes must exist)
 *     --scenarios reasoning-text --sizes 10000   some scenarios and sizes only
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { streamText } from 'ai';
import OpenAI from 'openai';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const { createResponsesBridge } = await import(
  pathToFileURL(join(here, '.build', 'dist', 'index.js')).href
);
// Not in the package's exports map: imported by path.
const { convertChatCompletionsStreamToResponses } = await import(
  pathToFileURL(
    join(here, 'node_modules/@openai/agents-openai/dist/openaiChatCompletionsStreaming.mjs'),
  ).href
);

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const option = (name) => {
  const index = args.indexOf(name);
  return index === -1 ? undefined : args[index + 1];
};
const sizes =
  option('--sizes')?.split(',').map(Number) ?? (quick ? [1_000, 10_000] : [1_000, 10_000, 100_000]);
const scenarios = option('--scenarios')?.split(',') ?? ['text', 'reasoning-text', 'tools'];
/**
 * Runs per size: fewer for longer streams, whose runs vary less. A 100k run (1 to 15 s each,
 * warm from the 10k ones) is done once per contender: the whole bench must stay under 8 minutes
 * on 2 busy cores, and these runs show whether the cost per chunk stays flat, not the ratios.
 */
const plan = (size) =>
  quick
    ? { repetitions: 3, warmUps: 1 }
    : size >= 100_000
      ? { repetitions: 1, warmUps: 0 }
      : size >= 10_000
        ? { repetitions: 7, warmUps: 1 }
        : { repetitions: 15, warmUps: 2 };
const runStarted = Date.now();
const progress = (text) =>
  process.stderr.write(`  ${text} (${((Date.now() - runStarted) / 1000).toFixed(0)} s)\n`);

/** Our reader and converter, as the provider and `serve` call them, bundled from src/. */
async function importConverterBundle() {
  const { build } = await import('esbuild');
  const outfile = join(here, '.build', 'converter.js');
  await build({
    stdin: {
      contents: [
        "export { openChatStream } from './src/upstream/open-chat-stream';",
        "export { convertChunkStream } from './src/core/to-responses-events';",
      ].join('\n'),
      resolveDir: root,
      loader: 'ts',
      sourcefile: 'bench-converter.ts',
    },
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    packages: 'external',
    sourcemap: true,
    outfile,
    logLevel: 'error',
  });
  return import(pathToFileURL(outfile).href);
}
const { openChatStream, convertChunkStream } = await importConverterBundle();

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
    const { chunks } = await openChatStream(client(fetch), request, {});
    let count = 0;
    for await (const _ of convertChunkStream(chunks).events) count++;
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

const only = option('--only')?.split(',');
const names = Object.keys(contenders).filter((name) => only === undefined || only.includes(name));
/** Each ratio's two contenders run back to back, so that a change of machine load hits both. */
const runOrder = ['floor', 'converter', 'openai-compatible', 'pipeline', 'agents-converter'].filter(
  (name) => names.includes(name),
);
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** One run, its CPU time; with `sampleHeap`, after a full collection and with its peak heap growth. */
async function timedRun(run, fetch, sampleHeap) {
  let before = 0;
  let peak = 0;
  let sampler;
  if (sampleHeap) {
    // A plain major collection: after `gc()` without options (V8 collects "all available
    // garbage") the next run costs ~70 ms more CPU, which tripled a 10k-chunk run of ours.
    globalThis.gc?.({ type: 'major' });
    before = process.memoryUsage().heapUsed;
    peak = before;
    sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().heapUsed);
    }, 5);
  }
  // CPU time (user and system, every thread of this process), not wall time: on a shared
  // machine the time spent waiting for a core is the other processes', not the contender's.
  const started = process.cpuUsage();
  await run(fetch);
  const used = process.cpuUsage(started);
  const ns = (used.user + used.system) * 1000;
  if (sampleHeap) {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    clearInterval(sampler);
  }
  return { ns, heapMB: (peak - before) / 1_048_576 };
}

const results = [];
/** Ratios computed within each repetition (same moment, same machine load), then the median. */
const pairedRatios = [];
for (const scenario of scenarios) {
  for (const size of sizes) {
    const fetch = fetchFor(sseSlices(scenarioLines(scenario, size)));
    const { repetitions, warmUps } = plan(size);
    const times = Object.fromEntries(names.map((name) => [name, []]));
    const memory = {};
    for (const name of names) for (let i = 0; i < warmUps; i++) await contenders[name](fetch);
    const converterRatios = [];
    const pipelineRatios = [];
    for (let rep = 0; rep < repetitions; rep++) {
      // Alternate the order so that no contender always runs right after another's garbage.
      const order = rep % 2 === 0 ? runOrder : [...runOrder].reverse();
      const repTimes = {};
      for (const name of order) {
        const { ns, heapMB } = await timedRun(contenders[name], fetch, rep === 0);
        if (rep === 0) memory[name] = heapMB;
        repTimes[name] = ns;
        times[name].push(ns);
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
    for (const name of names) {
      results.push({
        scenario,
        size,
        name,
        nsPerChunk: median(times[name]) / size,
        heapMB: memory[name],
      });
    }
    progress(`${scenario} ${size}: done`);
  }
}

/** A script of this folder in a child process: its last line of stdout, as JSON. */
function runChild(script, scriptArgs, execArgv = []) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...execArgv, join(here, script), ...scriptArgs], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (data) => {
      out += data;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      const last = out.trim().split('\n').pop();
      if (code === 0 && last) resolve(JSON.parse(last));
      else reject(new Error(`bench/${script} exited with ${code}`));
    });
  });
}

const serve = args.includes('--no-serve')
  ? undefined
  : await runChild('serve.mjs', quick ? ['--quick'] : []);
const providerMemory = args.includes('--no-memory')
  ? []
  : [
      await runChild('provider-memory.mjs', ['responses-bridge'], ['--expose-gc']),
      await runChild('provider-memory.mjs', ['openai-compatible'], ['--expose-gc']),
    ];
if (providerMemory.length > 0) progress('provider 50 MB stream: done');

// ── report ─────────────────────────────────────────────────────────────────────────────────────
const get = (scenario, size, name) =>
  results.find((r) => r.scenario === scenario && r.size === size && r.name === name);
const paired = (scenario, size) =>
  pairedRatios.find((r) => r.scenario === scenario && r.size === size);
const fixed = (value, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
const headline = {
  converter: paired('reasoning-text', 10_000)?.converter,
  pipeline: paired('reasoning-text', 10_000)?.pipeline,
  serve: serve?.summary.flat?.ratio,
};
const verdict = (value, goal) =>
  Number.isFinite(value)
    ? `${fixed(value)} (goal ≤ ${goal}: ${value <= goal ? 'met' : 'not met'})`
    : 'not measured';

const lines = [];
lines.push(
  `Machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}, load average ${os.loadavg()[0].toFixed(1)} when the run ended. ` +
    `Headline ratios: converter / floor ${verdict(headline.converter, 0.7)}, pipeline / openai-compatible ${verdict(headline.pipeline, 0.85)} (both reasoning-text, 10,000 chunks), serve / pass-through ${verdict(headline.serve, 2.0)} (CPU per chunk, flat-out).`,
);
lines.push('');
lines.push(
  `Converter and pipeline, on the same SSE bytes through a custom \`fetch\`. Cells: median CPU time per chunk, ns (this process, every thread: on a shared machine, wall time would count the other processes' turns; peak heap growth of the first run, MB). Ratios: median of the ratios within each repetition (repetitions: ${sizes.map((size) => `${plan(size).repetitions} at ${size.toLocaleString('en')} chunks`).join(', ')}).`,
);
lines.push('');
lines.push(
  `| scenario | chunks | ${names.join(' | ')} | converter / floor | pipeline / openai-compatible |`,
);
lines.push(`|${'---|'.repeat(names.length + 4)}`);
for (const scenario of scenarios) {
  for (const size of sizes) {
    const cells = names.map((name) => {
      const result = get(scenario, size, name);
      return `${result.nsPerChunk.toFixed(0)} (${result.heapMB.toFixed(1)})`;
    });
    const ratios = paired(scenario, size);
    lines.push(
      `| ${scenario} | ${size.toLocaleString('en')} | ${cells.join(' | ')} | ${fixed(ratios.converter)} | ${fixed(ratios.pipeline)} |`,
    );
  }
}
if (serve !== undefined) lines.push('', ...serveTable(serve));
if (serve?.text !== undefined || providerMemory.length > 0) {
  lines.push('', ...memoryTable(serve?.text, serve?.textStored, providerMemory));
}

function serveTable({ pinned, settings, summary }) {
  const { flat, requests, hold } = summary;
  const flatStored = summary['flat-stored'];
  const us = (ns) => fixed(ns / 1000, 1);
  const ms = (value) => fixed(value, 1);
  const pair = (figure, format) => [format(figure.serve), format(figure.passthrough)];
  const row = (label, [serveCell, passCell], ratio = '') =>
    `| ${label} | ${serveCell} | ${passCell} | ${ratio} |`;
  const latency = (stats) => `${ms(stats.p50)} / ${ms(stats.p99)}`;
  const perCore = (ns, chunksPerSecond) =>
    Math.floor(1e9 / ns / chunksPerSecond).toLocaleString('en');
  const rows = [
    `\`serve\` (the CLI: \`cli.js serve\` spawned, built from src/ by the package's tsup config, JS only, into bench/.build/dist) against the pass-through proxy (\`bench/passthrough.mjs\`: JSON.parse of each upstream chunk, written back as SSE), same upstream bytes, same clients (sending \`store: false\` but where a row says otherwise: the pass-through stores nothing), on loopback; ${pinned ? 'each server pinned to one core (`taskset`), the upstream and the clients to the other' : 'not pinned'}. Medians of ${settings.flat.repetitions} alternating repetitions (paced: ${settings.paced.repetitions}; 1,000 streams: ${settings.hold.repetitions}). "Waited": the share of the time the server's main thread was ready but waiting for its core, taken by other processes of the machine.`,
    '',
    '| figure | serve | pass-through | serve / pass-through |',
    '|---|---|---|---|',
  ];
  if (flat) {
    rows.push(
      row(
        `CPU per chunk, flat-out, ${settings.flat.clients} streams × ${settings.flat.chunks.toLocaleString('en')} chunks (µs)`,
        [us(flat.serve.cpuPerChunkNs), us(flat.passthrough.cpuPerChunkNs)],
        `**${fixed(flat.ratio)}**`,
      ),
    );
  }
  if (flatStored) {
    rows.push(
      row(
        "the same, the clients sending `store: true` (serve's default: its memory store keeps each response) (µs)",
        [us(flatStored.serve.cpuPerChunkNs), us(flatStored.passthrough.cpuPerChunkNs)],
        fixed(flatStored.ratio),
      ),
    );
  }
  if (requests) {
    rows.push(
      row(
        `CPU per request, ${settings.requests.clients} at once, one-chunk answers (ms)`,
        [
          fixed(requests.serve.cpuPerRequestUs / 1000),
          fixed(requests.passthrough.cpuPerRequestUs / 1000),
        ],
        fixed(requests.ratio),
      ),
    );
  }
  for (const clients of settings.paced.clients) {
    const round = summary[`paced-${clients}`];
    if (!round) continue;
    const label = `${clients} stream${clients > 1 ? 's' : ''}, a chunk every ${settings.paced.interval} ms`;
    rows.push(
      row(
        `${label}: CPU per chunk (µs)`,
        pair(
          { serve: round.serve.cpuPerChunkNs, passthrough: round.passthrough.cpuPerChunkNs },
          us,
        ),
        fixed(round.ratio),
      ),
      row(`${label}: latency per event p50 / p99 (ms)`, [
        latency(round.serve),
        latency(round.passthrough),
      ]),
      row(`${label}: first byte p50 / p99 (ms)`, [
        `${ms(round.serve.firstByteP50)} / ${ms(round.serve.firstByteP99)}`,
        `${ms(round.passthrough.firstByteP50)} / ${ms(round.passthrough.firstByteP99)}`,
      ]),
    );
  }
  if (hold) {
    const label = `${settings.hold.clients.toLocaleString('en')} streams, a chunk every ${settings.hold.interval} ms`;
    rows.push(
      row(`${label}: streams open (opened per second)`, [
        `${hold.serve.open} (${fixed(hold.serve.streamsPerSecond, 0)})`,
        `${hold.passthrough.open} (${fixed(hold.passthrough.streamsPerSecond, 0)})`,
      ]),
      row(
        `${label}: CPU per chunk (µs)`,
        [us(hold.serve.cpuPerChunkNs), us(hold.passthrough.cpuPerChunkNs)],
        fixed(hold.ratio),
      ),
      row(`${label}: CPU used / waited, share of one core`, [
        `${fixed(hold.serve.load)} / ${fixed(hold.serve.waited)}`,
        `${fixed(hold.passthrough.load)} / ${fixed(hold.passthrough.waited)}`,
      ]),
      row(`${label}: latency per event p50 / p99 (ms)`, [
        latency(hold.serve),
        latency(hold.passthrough),
      ]),
      row(`${label}: RSS / live heap per open stream (KB)`, [
        `${fixed(hold.serve.rssPerStream / 1024, 0)} / ${fixed(hold.serve.heapPerStream / 1024, 0)}`,
        `${fixed(hold.passthrough.rssPerStream / 1024, 0)} / ${fixed(hold.passthrough.heapPerStream / 1024, 0)}`,
      ]),
    );
  }
  const busiest = summary[`paced-${Math.max(...settings.paced.clients)}`];
  if (busiest) {
    rows.push(
      row(
        `streams one core could hold at a chunk every ${settings.paced.interval} ms / ${settings.hold.interval} ms (from the paced CPU per chunk)`,
        [
          `${perCore(busiest.serve.cpuPerChunkNs, 1000 / settings.paced.interval)} / ${perCore(busiest.serve.cpuPerChunkNs, 1000 / settings.hold.interval)}`,
          `${perCore(busiest.passthrough.cpuPerChunkNs, 1000 / settings.paced.interval)} / ${perCore(busiest.passthrough.cpuPerChunkNs, 1000 / settings.hold.interval)}`,
        ],
      ),
    );
  }
  return rows;
}

function memoryTable(text, textStored, providers) {
  const mb = (bytes) => `${(bytes / 1_048_576).toFixed(0)} MB`;
  const rows = ['| memory | bytes | × the text |', '|---|---|---|'];
  if (text) {
    const label = `\`serve\`, one answer of ${mb(text.textBytes)} of upstream text`;
    rows.push(
      `| ${label}: SSE written | ${mb(text.bytesOut)} | ${fixed(text.bytesOut / text.textBytes)} |`,
      `| ${label}: RSS growth (peak), \`store: false\` | ${mb(text.rssGrowth)} | ${fixed(text.rssGrowth / text.textBytes)} |`,
    );
  }
  if (textStored) {
    rows.push(
      `| the same with \`store: true\` (the memory store weighs the record as JSON, and keeps none over 256 MB) | ${mb(textStored.rssGrowth)} | ${fixed(textStored.rssGrowth / textStored.textBytes)} |`,
    );
  }
  for (const entry of providers) {
    rows.push(
      `| \`streamText\` over ${entry.provider}, ${mb(entry.textBytes)} stream: peak heap growth | ${mb(entry.heapGrowth)} | ${fixed(entry.heapGrowth / entry.textBytes)} |`,
    );
  }
  return rows;
}

const table = lines.join('\n');
console.log(table);

if (
  !args.includes('--no-readme') &&
  !quick &&
  only === undefined &&
  option('--sizes') === undefined &&
  option('--scenarios') === undefined &&
  serve &&
  providerMemory.length > 0
) {
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

progress('bench: done');
console.log('');
console.log(`converter/floor ${fixed(headline.converter)}`);
console.log(`pipeline/openai-compatible ${fixed(headline.pipeline)}`);
console.log(`serve/passthrough ${fixed(headline.serve)}`);
