import type { Worker } from 'node:worker_threads';

/**
 * Resolves once the next mapping worker started in this process is ready and has then been busy,
 * never idle, for 100 ms on end: it is evaluating a row that runs away (its other rows take far less).
 *
 * Call it before the run starts its worker. It has no import but a type, so a process that runs the
 * compiled CLI can load it too, through tsx's `tsImport` (see test/scheduler/serve-runaway-mapping.spec.ts).
 */
export function whenMappingRunsAway(): Promise<void> {
  return new Promise((resolve) => {
    process.once('worker', (worker: Worker) => {
      worker.once('message', () => {
        let since = worker.performance.eventLoopUtilization();
        const look = (): void => {
          const now = worker.performance.eventLoopUtilization();
          const busy = worker.performance.eventLoopUtilization(now, since);
          if (busy.idle > 0) since = now;
          if (busy.idle === 0 && busy.active >= 100) resolve();
          else setTimeout(look, 10);
        };
        setTimeout(look, 10);
      });
    });
  });
}
