/**
 * Samples the process's memory while a scenario runs, to tell where a peak RSS comes from. RSS is
 * sampled from a worker thread, so that it keeps sampling while the main thread is busy in a long
 * synchronous call (a SQLite commit); the JS heap and external memory from the main thread.
 */
import { Worker } from 'node:worker_threads';

interface MemorySample {
  readonly atMs: number;
  readonly rssMiB: number;
}

export interface MemoryTimeline {
  /** Process RSS, sampled from a worker thread. */
  readonly rss: readonly MemorySample[];
  /** Largest heapUsed and external (Buffers, typed arrays) seen by the main thread, in MiB. */
  readonly peakHeapUsedMiB: number;
  readonly peakExternalMiB: number;
}

const MiB = 2 ** 20;

const SAMPLER = `
const { parentPort, workerData } = require('node:worker_threads');
const start = performance.now();
const samples = [];
const sample = () => samples.push({ atMs: Math.round(performance.now() - start), rssMiB: Math.round(process.memoryUsage.rss() / ${MiB}) });
sample();
const timer = setInterval(sample, workerData.everyMs);
parentPort.once('message', () => { clearInterval(timer); sample(); parentPort.postMessage(samples); });
`;

export function startMemorySampler(everyMs = 250): () => Promise<MemoryTimeline> {
  const worker = new Worker(SAMPLER, { eval: true, workerData: { everyMs } });
  let peakHeapUsedMiB = 0;
  let peakExternalMiB = 0;
  const local = setInterval(() => {
    const m = process.memoryUsage();
    peakHeapUsedMiB = Math.max(peakHeapUsedMiB, m.heapUsed / MiB);
    peakExternalMiB = Math.max(peakExternalMiB, m.external / MiB);
  }, everyMs);
  local.unref();
  return async () => {
    clearInterval(local);
    const rss = new Promise<MemorySample[]>((resolve) => worker.once('message', resolve));
    worker.postMessage('stop');
    const samples = await rss;
    await worker.terminate();
    return { rss: samples, peakHeapUsedMiB: Math.round(peakHeapUsedMiB), peakExternalMiB: Math.round(peakExternalMiB) };
  };
}
