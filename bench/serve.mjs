/**
 * The serve benchmark, on loopback: `responses-bridge serve` (the real CLI, `cli.js serve` as
 * `npm run bench` builds it into bench/.build/dist, spawned) against the pass-through proxy of
 * `passthrough.mjs`, both in front of the same upstream and under the same clients. This
 * process is the load: the upstream (an HTTP server writing Chat Completions SSE) and the
 * clients (reading `POST /v1/responses` streams), pinned to one core; each server process is
 * pinned to the other (`taskset`), so "on one core" is literal. Each server is preloaded with
 * `probe.mjs`, which reports its CPU time, run-queue wait and memory over IPC.
 *
 * Rounds, each run for both servers, alternating which goes first:
 *   hold      1,000 streams opened, then held mid-answer at a chunk every 100 ms each: RSS and
 *             live heap per open stream, CPU, latency (first, on processes not yet grown)
 *   requests  many one-chunk answers: CPU per request
 *   flat      the upstream writes whole answers at once: CPU per chunk relayed (the ratio)
 *   flat-stored  the same with `store: true` (serve's default): each response is also stored
 *             in serve's memory store; the pass-through stores nothing, as before
 *   paced-N   N streams, a chunk every 20 ms: latency from each upstream write to the
 *             client's receipt of the event it became, first byte, CPU per chunk
 *   text      one answer of 200 MB of text through serve: bytes written and RSS growth, in a
 *             serve process started for it
 *   text-stored  the same with `store: true`, in another
 *
 * Every client sends `store: false` but in the two `-stored` rounds: the pass-through stores
 * nothing, and serve would otherwise also keep every response of the run in its memory store
 * (serve stores by default, as the API does), which is not the conversion being compared.
 *
 *   node bench/serve.mjs [--quick] [--no-pin]   progress on stderr, one JSON line on stdout
 *   BENCH_ROUNDS=flat,text       only these rounds
 *   BENCH_PROFILE=DIR            run the servers with --cpu-prof, profiles written to DIR
 *   BENCH_DEBUG=1                ports and the progress of the hold round
 */
import { execFileSync, fork } from 'node:child_process';
import { createServer, request as httpRequest } from 'node:http';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const quick = process.argv.includes('--quick');

const settings = {
  /** Flat-out: 100 streams of 1,000 chunks at once, for CPU per chunk. */
  flat: { clients: 100, chunks: 1_000, repetitions: quick ? 2 : 5 },
  /** 50 one-chunk answers at once, four times, for CPU per request. */
  requests: { clients: 50, batches: 4 },
  /**
   * A chunk every 20 ms (50 a second, a fast hosted model sending a token per chunk), the
   * clients started one a millisecond so that their chunks fall at every phase.
   */
  paced: { interval: 20, chunks: quick ? 40 : 100, clients: [1, 100], repetitions: quick ? 1 : 2 },
  /** 1,000 streams held open: a chunk every 100 ms each, 10,000 chunks a second in all. */
  hold: {
    clients: 1_000,
    interval: 100,
    window: 50,
    rampLimitMs: quick ? 5_000 : 8_000,
    settleMs: 500,
    measureMs: quick ? 1_000 : 2_000,
    repetitions: 1,
  },
  textBytes: (quick ? 20 : 200) * 1_048_576,
};
/** `BENCH_ROUNDS=flat,text` runs only those rounds (for profiling one path). */
const only = process.env.BENCH_ROUNDS?.split(',');

/** `taskset` keeps every thread of a process (GC and libuv workers too) on one core. */
function pin(pid, cpu) {
  try {
    execFileSync('taskset', ['-a', '-p', '-c', String(cpu), String(pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const pinned = !process.argv.includes('--no-pin') && os.cpus().length >= 2 && pin(process.pid, 1);

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (text) => process.stderr.write(`  ${text}\n`);
const debug = (text) => process.env.BENCH_DEBUG && log(text);

// ── the upstream ───────────────────────────────────────────────────────────────────────────────
const head = {
  id: 'chatcmpl-bench',
  object: 'chat.completion.chunk',
  created: 1_760_000_000,
  model: 'bench-model',
};
const words = ['The ', 'quick ', 'brown ', 'fox ', 'jumps ', 'over ', 'the ', 'lazy ', 'dog. '];
const frame = (value) => `data: ${JSON.stringify(value)}\n\n`;
const chunk = (delta, finishReason = null) =>
  frame({ ...head, choices: [{ index: 0, delta, finish_reason: finishReason }] });
const roleFrame = Buffer.from(chunk({ role: 'assistant', content: '' }));
const wordFrames = words.map((word) => Buffer.from(chunk({ content: word })));
const tailFrame = (count) =>
  Buffer.from(
    `${chunk({}, 'stop')}${frame({ ...head, choices: [], usage: { prompt_tokens: 5, completion_tokens: count, total_tokens: count + 5 } })}data: [DONE]\n\n`,
  );
const flatBody = (count) =>
  Buffer.concat([
    roleFrame,
    ...Array.from({ length: count }, (_, k) => wordFrames[k % words.length]),
    tailFrame(count),
  ]);

/** What the upstream does for the streams of the round in progress. */
let round;
let nextStreamId = 0;

const upstream = createServer(async (req, res) => {
  const parts = [];
  for await (const part of req) parts.push(part);
  const { model } = JSON.parse(Buffer.concat(parts).toString('utf8'));
  const index = Number(model.slice(1)) - round.firstStreamId;
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  if (round.mode === 'flat') {
    res.end(round.body);
  } else if (round.mode === 'paced') {
    paced(res, index);
  } else {
    await writeText(res);
  }
});

/**
 * The role chunk and the first word at once, then a word every `interval` ms, until `chunks`
 * words are out or the round is stopped; the time of each write is kept.
 */
function paced(res, index) {
  const current = round;
  const writes = [];
  current.writes[index] = writes;
  const writeNext = () => {
    if (current.stopped) {
      clearInterval(timer);
      res.end(tailFrame(writes.length));
      return;
    }
    writes.push(performance.now());
    res.write(wordFrames[writes.length % words.length]);
    if (writes.length === current.chunks) {
      clearInterval(timer);
      res.end(tailFrame(writes.length));
    }
  };
  res.write(roleFrame);
  const timer = setInterval(writeNext, current.interval);
  writeNext();
}

/** 4 KB pieces of text, as the 50 MB test of the provider sends them, with backpressure. */
async function writeText(res) {
  const piece = Buffer.from(chunk({ content: 'x'.repeat(4096) }));
  const count = settings.textBytes / 4096;
  res.write(roleFrame);
  for (let i = 0; i < count; i++) {
    if (!res.write(piece)) await new Promise((resolve) => res.once('drain', resolve));
  }
  res.end(tailFrame(count));
}

// ── the servers ────────────────────────────────────────────────────────────────────────────────
const probeUrl = pathToFileURL(join(here, 'probe.mjs')).href;

async function startServer(name, upstreamUrl) {
  const [script, scriptArgs] =
    name === 'serve'
      ? [
          join(here, '.build', 'dist', 'cli.js'),
          [
            'serve',
            '--upstream',
            upstreamUrl,
            '--port',
            '0',
            '--api-key',
            'sk-bench-key',
            '--max-output-bytes',
            String(2 ** 50),
          ],
        ]
      : [join(here, 'passthrough.mjs'), [upstreamUrl]];
  const child = fork(script, scriptArgs, {
    execArgv: [
      '--expose-gc',
      '--import',
      probeUrl,
      ...(process.env.BENCH_PROFILE
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`]
        : []),
    ],
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  if (pinned) pin(child.pid, 0);
  const port = await new Promise((resolve, reject) => {
    let seen = '';
    const onData = (data) => {
      seen += data;
      const match = /:(\d+)\/v1\/responses|listening (\d+)/.exec(seen);
      if (match) {
        child.stdout.off('data', onData);
        // The CLI logs a line per request: keep reading them, or it would block on a full pipe.
        child.stdout.resume();
        resolve(Number(match[1] ?? match[2]));
      }
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code}: ${seen}`)));
  });
  const pending = new Map();
  let probes = 0;
  child.on('message', (message) => {
    if (message?.type !== 'probe') return;
    pending.get(message.id)?.(message);
    pending.delete(message.id);
  });
  return {
    name,
    port,
    child,
    /** CPU time (µs) and memory of the server process; with `gc`, after a full collection. */
    probe(gc = false) {
      const id = ++probes;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        child.send({ type: 'probe', id, gc });
      });
    },
  };
}

// ── the clients ────────────────────────────────────────────────────────────────────────────────
/** Each event that carries an upstream chunk's text, as the two servers frame it. */
const needles = {
  serve: Buffer.from('event: response.output_text.delta\n'),
  passthrough: Buffer.from('"delta":{"content":"'),
};

/**
 * One `POST /v1/responses` stream. Calls `onEvent(now)` for each event that carries a chunk's
 * text (an event cut across two reads counts when its second part arrives); resolves with the
 * first-byte time and the bytes read.
 */
function openStream(server, streamId, onEvent, store = false) {
  const needle = needles[server.name];
  const body = JSON.stringify({ model: `s${streamId}`, input: 'Go', stream: true, store });
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: server.port,
        path: '/v1/responses',
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        if (res.statusCode !== 200) reject(new Error(`${server.name} answered ${res.statusCode}`));
        let firstByte;
        let bytes = 0;
        let tail;
        res.on('data', (data) => {
          const now = performance.now();
          firstByte ??= now - started;
          bytes += data.length;
          if (onEvent === undefined) return;
          if (tail !== undefined) {
            const joint = Buffer.concat([tail, data.subarray(0, needle.length - 1)]);
            if (joint.includes(needle)) onEvent(now);
          }
          for (let at = data.indexOf(needle); at !== -1; at = data.indexOf(needle, at + 1)) {
            onEvent(now);
          }
          tail = Buffer.from(data.subarray(Math.max(0, data.length - needle.length + 1)));
        });
        res.on('end', () => resolve({ firstByte, bytes }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const sortedOf = (values) => Float64Array.from(values).sort();

async function flatRound(server, { clients, chunks, store = false }) {
  round = { mode: 'flat', firstStreamId: nextStreamId, body: flatBody(chunks) };
  nextStreamId += clients;
  const before = await server.probe();
  const started = performance.now();
  let events = 0;
  const onEvent = () => events++;
  await Promise.all(
    Array.from({ length: clients }, (_, i) =>
      openStream(server, round.firstStreamId + i, onEvent, store),
    ),
  );
  const wall = performance.now() - started;
  const after = await server.probe();
  if (events !== clients * chunks) {
    throw new Error(`${server.name}: ${events} text events for ${clients * chunks} chunks`);
  }
  const cpu = after.cpuMicros - before.cpuMicros;
  return {
    cpuPerChunkNs: (cpu * 1000) / events,
    load: cpu / 1000 / wall,
    waited: (after.waitMicros - before.waitMicros) / 1000 / wall,
  };
}

/** Upstream write → client receipt, for every event written in `[from, to)`. */
function latencies(writes, receipts, from = 0, to = Number.POSITIVE_INFINITY) {
  const values = [];
  for (let i = 0; i < writes.length; i++) {
    for (let k = 0; k < writes[i].length; k++) {
      const written = writes[i][k];
      if (written < from || written >= to) continue;
      if (receipts[i][k] === undefined) throw new Error(`stream ${i} lost event ${k}`);
      values.push(receipts[i][k] - written);
    }
  }
  return sortedOf(values);
}

async function pacedRound(server, { clients, chunks, interval }) {
  const receipts = Array.from({ length: clients }, () => []);
  round = { mode: 'paced', firstStreamId: nextStreamId, chunks, interval, writes: [] };
  nextStreamId += clients;
  const { firstStreamId, writes } = round;
  const before = await server.probe();
  const started = performance.now();
  // One client a millisecond: their chunks then fall at every phase of the interval.
  const results = await Promise.all(
    receipts.map((received, i) =>
      sleep(clients > 1 ? i : 0).then(() =>
        openStream(server, firstStreamId + i, (now) => received.push(now)),
      ),
    ),
  );
  const wall = performance.now() - started;
  const after = await server.probe();
  const sorted = latencies(writes, receipts);
  if (sorted.length !== clients * chunks) throw new Error(`${server.name}: events lost`);
  const firstBytes = sortedOf(results.map((result) => result.firstByte));
  const cpu = after.cpuMicros - before.cpuMicros;
  return {
    cpuPerChunkNs: (cpu * 1000) / (clients * chunks),
    load: cpu / 1000 / wall,
    waited: (after.waitMicros - before.waitMicros) / 1000 / wall,
    p50: quantile(sorted, 0.5),
    p99: quantile(sorted, 0.99),
    firstByteP50: quantile(firstBytes, 0.5),
    firstByteP99: quantile(firstBytes, 0.99),
  };
}

/**
 * 1,000 streams opened as fast as the server takes them (at most `window` waiting for their
 * first event, so that no connection is refused by a full accept queue), then held: once all
 * have begun, and after `settleMs`, the server's CPU, RSS and heap are read over `measureMs`,
 * with every stream open mid-answer. Then the upstream finishes them all.
 */
async function holdRound(
  server,
  { clients, interval, window, rampLimitMs, settleMs, measureMs },
  memory,
) {
  const receipts = Array.from({ length: clients }, () => []);
  round = {
    mode: 'paced',
    firstStreamId: nextStreamId,
    chunks: Number.POSITIVE_INFINITY,
    interval,
    writes: [],
    stopped: false,
  };
  nextStreamId += clients;
  const current = round;
  const before = await server.probe(memory);
  const started = performance.now();
  let waiting = 0;
  let begun = 0;
  let ended = 0;
  let wake = () => {};
  const streams = [];
  const deadline = started + rampLimitMs;
  let opened = 0;
  // A server that cannot take them all in time is measured with those it took.
  for (; opened < clients && performance.now() < deadline; opened++) {
    const i = opened;
    while (waiting >= window) await new Promise((resolve) => (wake = resolve));
    waiting++;
    const received = receipts[i];
    const onEvent = (now) => {
      if (received.push(now) === 1) {
        waiting--;
        begun++;
        wake();
      }
    };
    streams.push(
      openStream(server, current.firstStreamId + i, onEvent).finally(() => {
        ended++;
      }),
    );
  }
  while (begun < opened) await new Promise((resolve) => (wake = resolve));
  const rampSeconds = (performance.now() - started) / 1000;
  debug(`${server.name} hold: ${opened} begun in ${rampSeconds.toFixed(1)} s`);
  await sleep(settleMs);
  const from = performance.now();
  const first = await server.probe();
  await sleep(measureMs);
  const to = performance.now();
  const last = await server.probe();
  const openAtEnd = opened - ended;
  // After a full collection: what the open streams hold, not the garbage they left.
  const held = memory ? await server.probe(true) : undefined;
  current.stopped = true;
  await Promise.all(streams);
  debug(`${server.name} hold: all ended after ${((performance.now() - to) / 1000).toFixed(1)} s`);
  const sorted = latencies(current.writes, receipts, from, to);
  const cpu = last.cpuMicros - first.cpuMicros;
  return {
    streamsPerSecond: opened / rampSeconds,
    open: openAtEnd,
    cpuPerChunkNs: (cpu * 1000) / sorted.length,
    load: cpu / 1000 / (to - from),
    waited: (last.waitMicros - first.waitMicros) / 1000 / (to - from),
    p50: quantile(sorted, 0.5),
    p99: quantile(sorted, 0.99),
    ...(memory
      ? {
          rssPerStream: (Math.max(first.rss, last.rss) - before.rss) / openAtEnd,
          heapPerStream: (held.heapUsed - before.heapUsed) / openAtEnd,
        }
      : {}),
  };
}

async function textRound(server, store) {
  round = { mode: 'text', firstStreamId: nextStreamId++ };
  const before = await server.probe(true);
  let peak = before.rss;
  let streaming = true;
  const sampler = (async () => {
    while (streaming) {
      peak = Math.max(peak, (await server.probe()).rss);
      await sleep(50);
    }
  })();
  const started = performance.now();
  const { bytes } = await openStream(server, round.firstStreamId, undefined, store);
  const seconds = (performance.now() - started) / 1000;
  streaming = false;
  await sampler;
  const last = await server.probe();
  // The process's own high-water mark, where the system keeps one: sampling can miss a peak
  // that lasts less than its interval. The process was started for this round.
  peak = Math.max(peak, last.rss, Number.isFinite(last.peakRss) ? last.peakRss : 0);
  return {
    textBytes: settings.textBytes,
    bytesOut: bytes,
    rssGrowth: peak - before.rss,
    seconds,
  };
}

// ── the run ────────────────────────────────────────────────────────────────────────────────────
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** CPU per request: many short answers (one chunk each), so the request costs dominate. */
async function requestsRound(server, { clients, batches }) {
  let cpuPerRequestNs = 0;
  for (let batch = 0; batch < batches; batch++) {
    cpuPerRequestNs += (await flatRound(server, { clients, chunks: 1 })).cpuPerChunkNs / batches;
  }
  return { cpuPerRequestUs: cpuPerRequestNs / 1000 };
}

const rounds = [
  // First, on processes that have not yet grown for other rounds: RSS per open stream.
  {
    key: 'hold',
    repetitions: settings.hold.repetitions,
    run: (server, rep) => holdRound(server, settings.hold, rep === 0),
  },
  {
    key: 'requests',
    repetitions: settings.flat.repetitions,
    run: (server) => requestsRound(server, settings.requests),
  },
  {
    key: 'flat',
    repetitions: settings.flat.repetitions,
    run: (server) => flatRound(server, settings.flat),
  },
  {
    key: 'flat-stored',
    repetitions: settings.flat.repetitions,
    run: (server) => flatRound(server, { ...settings.flat, store: true }),
  },
  ...settings.paced.clients.map((clients) => ({
    key: `paced-${clients}`,
    repetitions: settings.paced.repetitions,
    run: (server) => pacedRound(server, { ...settings.paced, clients }),
  })),
].filter(({ key }) => only === undefined || only.includes(key));

await new Promise((resolve) => upstream.listen(0, '127.0.0.1', resolve));
const upstreamUrl = `http://127.0.0.1:${upstream.address().port}/v1`;
const servers = [];
for (const name of ['serve', 'passthrough']) servers.push(await startServer(name, upstreamUrl));
if (process.env.BENCH_DEBUG)
  log(
    `ports: upstream ${upstream.address().port}, ${servers.map((server) => `${server.name} ${server.port}`).join(', ')}`,
  );
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;

for (const server of servers) {
  await flatRound(server, { clients: 10, chunks: 2_000 });
  await pacedRound(server, { clients: 20, chunks: 20, interval: 5 });
  await holdRound(
    server,
    { clients: 20, interval: 5, window: 10, rampLimitMs: 5_000, settleMs: 10, measureMs: 50 },
    false,
  );
  await requestsRound(server, { clients: 20, batches: 2 });
}
log(`serve warm-up: done (${elapsed()})`);

const measured = Object.fromEntries(rounds.map(({ key }) => [key, []]));
const repetitions = Math.max(0, ...rounds.map((round) => round.repetitions));
for (let rep = 0; rep < repetitions; rep++) {
  // Alternate which server goes first, as the converter benchmark does.
  const order = rep % 2 === 0 ? servers : [...servers].reverse();
  for (const { key, run, repetitions } of rounds) {
    if (rep >= repetitions) continue;
    const pair = {};
    for (const server of order) {
      const ownBefore = process.cpuUsage();
      const wallBefore = performance.now();
      pair[server.name] = await run(server, rep);
      const own = process.cpuUsage(ownBefore);
      // If this process (upstream and clients) were saturated, latencies would be its own.
      pair[server.name].loadGenerator =
        (own.user + own.system) / 1000 / (performance.now() - wallBefore);
    }
    measured[key].push(pair);
  }
  log(`serve repetition ${rep + 1}: done (${elapsed()})`);
}

/** Per server, the median of each figure over the repetitions; the per-repetition CPU ratio. */
const summary = {};
for (const [key, pairs] of Object.entries(measured)) {
  const entry = {};
  for (const { name } of servers) {
    entry[name] = {};
    for (const figure of Object.keys(pairs[0][name])) {
      const values = pairs.map((pair) => pair[name][figure]).filter((value) => value !== undefined);
      if (values.length > 0) entry[name][figure] = median(values);
    }
  }
  const cpu = key === 'requests' ? 'cpuPerRequestUs' : 'cpuPerChunkNs';
  entry.ratio = median(pairs.map((pair) => pair.serve[cpu] / pair.passthrough[cpu]));
  summary[key] = entry;
}

/**
 * A memory round in a serve process of its own: a process does not give back to the system
 * all it once grew to, and a round after another would start from what that one left.
 */
async function textRoundApart(store) {
  const server = await startServer('serve', upstreamUrl);
  try {
    return await textRound(server, store);
  } finally {
    const exited = new Promise((resolve) => server.child.once('exit', resolve));
    server.child.send({ type: 'exit' });
    await exited;
  }
}
const text = only === undefined || only.includes('text') ? await textRoundApart(false) : undefined;
if (text !== undefined)
  log(`serve ${settings.textBytes / 1_048_576} MB of text: done (${elapsed()})`);
const textStored =
  only === undefined || only.includes('text-stored') ? await textRoundApart(true) : undefined;
if (textStored !== undefined)
  log(`serve ${settings.textBytes / 1_048_576} MB of text, stored: done (${elapsed()})`);

// Through IPC, so that a process run with --cpu-prof writes its profile as it exits.
for (const server of servers) server.child.send({ type: 'exit' });
upstream.close();
upstream.closeAllConnections();

process.stdout.write(
  `${JSON.stringify({ pinned, settings, summary, measured, text, textStored })}\n`,
);
