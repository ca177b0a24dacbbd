/**
 * Preloaded (`node --import`) into each server process the serve benchmark measures, the real
 * `responses-bridge serve` CLI and the pass-through proxy alike: answers the benchmark's
 * questions over IPC with this process's CPU time and memory, and exits when told to (so that
 * `--cpu-prof` writes its profile) or when its parent goes.
 */
import { readFileSync } from 'node:fs';

/**
 * How long the main thread has waited, runnable, for a core (Linux): on a shared machine, the
 * time other processes took from this one.
 */
function runQueueWaitNs() {
  try {
    return Number(readFileSync('/proc/self/schedstat', 'utf8').split(' ')[1]);
  } catch {
    return Number.NaN;
  }
}

/** The most this process has ever had resident (Linux: VmHWM), or NaN. */
function peakRss() {
  try {
    const kilobytes = /VmHWM:\s*(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    return kilobytes === undefined ? Number.NaN : Number(kilobytes) * 1024;
  } catch {
    return Number.NaN;
  }
}

process.on('message', (message) => {
  if (message?.type === 'exit') process.exit(0);
  if (message?.type !== 'probe') return;
  if (message.gc) globalThis.gc?.();
  const memory = process.memoryUsage();
  const cpu = process.cpuUsage();
  process.send({
    type: 'probe',
    id: message.id,
    cpuMicros: cpu.user + cpu.system,
    waitMicros: runQueueWaitNs() / 1000,
    rss: memory.rss,
    peakRss: peakRss(),
    heapUsed: memory.heapUsed,
  });
});
process.on('disconnect', () => process.exit(0));
