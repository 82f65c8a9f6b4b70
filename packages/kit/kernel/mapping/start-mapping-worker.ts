import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { MappingWorkerData } from './mapping-protocol.js';
import { tsxApiUrl } from './tsx-api-url.js';

const FROM_SOURCE = import.meta.url.endsWith('.ts');

/**
 * The space for new objects, in MB, whatever the limit. At the limit, Node gives the worker 16 MB of
 * grace while it stops it, and V8 may first promote what survives in the young generation to the old
 * one: with a larger young generation (V8's default, or 32 MB), `$map([1..10000000], …)` under a
 * limit of 128 MB aborted the whole process; at 16 MB the worker is stopped, and mapping is as fast.
 */
const YOUNG_GENERATION_MB = 16;

/**
 * Starts the mapping worker: the compiled `mapping-worker.js` beside this module, or, when Tributary
 * runs from its TypeScript sources (tests, `npm run bench`), `mapping-worker.ts` loaded through tsx
 * (worker threads do not inherit the process's loader). Its heap is bounded by `memoryLimitMb`:
 * beyond it, Node stops the worker with an 'error' coded ERR_WORKER_OUT_OF_MEMORY, and the process
 * goes on.
 */
export function startMappingWorker(data: MappingWorkerData, memoryLimitMb: number): Worker {
  const entry = new URL(`./mapping-worker.${FROM_SOURCE ? 'ts' : 'js'}`, import.meta.url);
  const resourceLimits: ResourceLimits = {
    maxOldGenerationSizeMb: memoryLimitMb,
    maxYoungGenerationSizeMb: YOUNG_GENERATION_MB,
  };
  if (!FROM_SOURCE) return new Worker(entry, { workerData: data, resourceLimits });
  const tsx = tsxApiUrl();
  const load = `import(${JSON.stringify(tsx)}).then(({ tsImport }) => tsImport(${JSON.stringify(entry.href)}, ${JSON.stringify(import.meta.url)}))`;
  return new Worker(load, { eval: true, workerData: data, resourceLimits });
}
