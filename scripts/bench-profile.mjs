/**
 * Summarises a `node --cpu-prof` profile: the functions with the most self time, with their
 * file and line (source-mapped to `src/` when the file has a `.map` beside it), and the share
 * of garbage collection and idle time.
 *
 *   node scripts/bench-profile.mjs PROFILE.cpuprofile [--top 25] [--busy] [--by-file]
 *     --busy      shares of the busy time (idle left out), not of the whole profile
 *     --by-file   self time per file (per package under node_modules), not per function
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const path = args.find((arg) => !arg.startsWith('--') && !/^\d+$/.test(arg));
const topIndex = args.indexOf('--top');
const top = topIndex === -1 ? 25 : Number(args[topIndex + 1]);
const busyOnly = args.includes('--busy');
const byFile = args.includes('--by-file');
if (path === undefined) {
  console.error(
    'Usage: node scripts/bench-profile.mjs PROFILE.cpuprofile [--top N] [--busy] [--by-file]',
  );
  process.exit(2);
}

const profile = JSON.parse(readFileSync(path, 'utf8'));
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const selfMicros = new Map();
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i];
  selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
}

const sourceMaps = new Map();
/** The `src/` position of a line of a built file, through its source map (VLQ, no library). */
function original(url, line, column) {
  if (!url.startsWith('file://')) return undefined;
  const file = fileURLToPath(url);
  if (!sourceMaps.has(file)) {
    const mapFile = `${file}.map`;
    sourceMaps.set(
      file,
      existsSync(mapFile) ? decode(JSON.parse(readFileSync(mapFile, 'utf8'))) : null,
    );
  }
  const map = sourceMaps.get(file);
  const segments = map?.lines[line];
  if (!segments) return undefined;
  let best;
  for (const segment of segments) if (segment[0] <= column) best = segment;
  best ??= segments[0];
  if (!best) return undefined;
  // A package's own source map names its own src/: keep the package in front.
  const owner = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file)?.[1];
  const source = map.sources[best[1]].replace(/^(\.\.\/)+/, '').replace(/^node_modules\//, '');
  return `${owner && !source.startsWith(owner) ? `${owner}/` : ''}${source}:${best[2] + 1}`;
}

function decode(map) {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const lines = [];
  let source = 0;
  let sourceLine = 0;
  let sourceColumn = 0;
  for (const text of map.mappings.split(';')) {
    const segments = [];
    let column = 0;
    for (const group of text.split(',')) {
      if (group === '') continue;
      const values = [];
      let value = 0;
      let shift = 0;
      for (const char of group) {
        const digit = chars.indexOf(char);
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          values.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      column += values[0];
      if (values.length >= 4) {
        source += values[1];
        sourceLine += values[2];
        sourceColumn += values[3];
        segments.push([column, source, sourceLine, sourceColumn]);
      }
    }
    lines.push(segments);
  }
  return { lines, sources: map.sources };
}

const totals = new Map();
let all = 0;
let idle = 0;
for (const [id, micros] of selfMicros) {
  const { callFrame } = byId.get(id);
  all += micros;
  if (callFrame.functionName === '(idle)') {
    idle += micros;
    continue;
  }
  const where =
    original(callFrame.url, callFrame.lineNumber, callFrame.columnNumber) ??
    (callFrame.url
      ? `${callFrame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/(bench|dist)\//, '$1/')}:${callFrame.lineNumber + 1}`
      : '');
  const key = byFile
    ? where
        .replace(/:\d+$/, '')
        .replace(/^((?:@[^/]+\/)?[^/@][^/]*)\/.*$/, (whole, name) =>
          whole.startsWith('src/') || whole.startsWith('bench/') || whole.startsWith('node:')
            ? whole
            : name,
        ) || callFrame.functionName
    : `${callFrame.functionName || '(anonymous)'} ${where}`;
  totals.set(key, (totals.get(key) ?? 0) + micros);
}
const base = busyOnly ? all - idle : all;
console.log(
  `${path}: ${(all / 1000).toFixed(0)} ms sampled, ${((idle / all) * 100).toFixed(0)}% idle; shares of ${busyOnly ? 'busy' : 'all'} time`,
);
for (const [key, micros] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, top)) {
  console.log(
    `${((micros / base) * 100).toFixed(1).padStart(5)}%  ${(micros / 1000).toFixed(0).padStart(6)} ms  ${key}`,
  );
}
