#!/usr/bin/env node
/**
 * Keeps one CPU core busy until it is stopped (SIGINT, SIGTERM) or for `--seconds N`: the load
 * beside which `npm test` must still pass.
 *
 *   node scripts/cpu-hog.mjs & HOG=$!; npm test; npm test; npm test; kill $HOG
 */
const index = process.argv.indexOf('--seconds');
const seconds = index === -1 ? Number.POSITIVE_INFINITY : Number(process.argv[index + 1]);
const until = Date.now() + seconds * 1000;
let spins = 0;
// No await and no timer: the loop never yields, so the core stays busy; the default action of
// SIGINT and SIGTERM still ends the process.
while (Date.now() < until) {
  for (let i = 0; i < 1e6; i++) spins = (spins + i) % 1_000_003;
}
process.stdout.write(`cpu-hog: done (${spins})\n`);
