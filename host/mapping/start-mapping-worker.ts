import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { MappingWorkerData } from './mapping-protocol.js';

const FROM_SOURCE = import.meta.url.endsWith('.ts');

/**
 * Starts the mapping worker: the compiled `mapping-worker.js` beside this module, or, when Tributary
 * runs from its TypeScript sources (tests, `npm run bench`), `mapping-worker.ts` loaded through tsx
 * (worker threads do not inherit the process's loader).
 */
export function startMappingWorker(data: MappingWorkerData): Worker {
  const entry = new URL(`./mapping-worker.${FROM_SOURCE ? 'ts' : 'js'}`, import.meta.url);
  if (!FROM_SOURCE) return new Worker(entry, { workerData: data });
  const tsx = tsxApiUrl();
  const load = `import(${JSON.stringify(tsx)}).then(({ tsImport }) => tsImport(${JSON.stringify(entry.href)}, ${JSON.stringify(import.meta.url)}))`;
  return new Worker(load, { eval: true, workerData: data });
}

/** The ES module of tsx's `tsx/esm/api` (import.meta.resolve is not available under tsx). */
function tsxApiUrl(): string {
  const manifest = createRequire(import.meta.url).resolve('tsx/package.json');
  const { exports } = JSON.parse(readFileSync(manifest, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  return new URL(exports['./esm/api']!.import.default, pathToFileURL(manifest)).href;
}
