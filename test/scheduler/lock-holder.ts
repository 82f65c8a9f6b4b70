/**
 * A process for the cross-process lock test: `node --import tsx lock-holder.ts <stateDir> <nqlId>`.
 * Prints one JSON line saying whether it got the lock; if it did, holds it until stdin says `release`
 * (or closes), then releases it and prints `released`.
 */
import { createInterface } from 'node:readline';
import { FileRunLock } from '../../host/serve/scheduler/run-lock.js';

const [stateDir, nqlId] = process.argv.slice(2) as [string, string];
const warnings: string[] = [];
const lock = new FileRunLock(stateDir, {
  logger: { debug: () => undefined, info: () => undefined, warn: (m) => warnings.push(m), error: () => undefined },
});
const release = lock.acquire(nqlId);
process.stdout.write(
  `${JSON.stringify({ pid: process.pid, acquired: release !== undefined, warnings, holder: lock.holder(nqlId) ?? null })}\n`,
);
if (release) {
  const input = createInterface({ input: process.stdin });
  const done = (): void => {
    release();
    process.stdout.write('released\n');
    process.exit(0);
  };
  input.on('line', (line) => {
    if (line.trim() === 'release') done();
  });
  input.on('close', done);
}
