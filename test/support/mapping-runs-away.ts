import type { Worker } from 'node:worker_threads';

/**
 * Resolves once the next mapping worker started in this process is ready and has then been busy,
 * never idle, for 100 ms on end: it is evaluating a row that runs away (its other rows take far less).
 *
 * The mapping worker is the first new worker whose first message is its `'ready'`: it need not be the
 * first worker announced, since a module loader's hooks thread (tsx's, started by `tsImport`) is
 * announced as a worker too, after `tsImport` has resolved on Node.js 22 and later. That thread posts
 * no message, and the `'message'` listener put on it is removed once the mapping worker is found: while
 * there, it keeps the process alive.
 *
 * Call it before the run starts its worker. It has no import but a type, so a process that runs the
 * compiled CLI can load it too, through tsx's `tsImport` (see test/scheduler/serve-runaway-mapping.spec.ts).
 */
export function whenMappingRunsAway(): Promise<void> {
  return new Promise((resolve) => {
    const watched = new Map<Worker, (message: unknown) => void>();
    const watch = (worker: Worker): void => {
      const onMessage = (message: unknown): void => {
        if (message !== 'ready') return;
        process.off('worker', watch);
        for (const [other, listener] of watched) other.off('message', listener);
        watched.clear();
        whenBusy(worker, resolve);
      };
      watched.set(worker, onMessage);
      worker.on('message', onMessage);
    };
    process.on('worker', watch);
  });
}

/** Calls `resolve` once `worker` has been busy, never idle, for 100 ms on end. */
function whenBusy(worker: Worker, resolve: () => void): void {
  let since = worker.performance.eventLoopUtilization();
  const look = (): void => {
    const now = worker.performance.eventLoopUtilization();
    const busy = worker.performance.eventLoopUtilization(now, since);
    if (busy.idle > 0) since = now;
    if (busy.idle === 0 && busy.active >= 100) resolve();
    else setTimeout(look, 10);
  };
  setTimeout(look, 10);
}
