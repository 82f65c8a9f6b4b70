/**
 * A worker thread that decides every held run through its own connection to the file, once the test
 * says go (concurrent-decision test): it answers with the runs its decision won.
 */
import { once } from 'node:events';
import { parentPort, workerData } from 'node:worker_threads';
import { openSqliteControlStore } from 'tributary-kit/internal/plugins/execution-log/store/sqlite-control-store.js';

const { file, by, runs } = workerData as { file: string; by: string; runs: number };
const { store, close } = openSqliteControlStore(file);
parentPort!.postMessage('ready');
await once(parentPort!, 'message');
const won: string[] = [];
for (let i = 0; i < runs; i++) {
  const answer = await store.decide(`run-${i}`, { verdict: 'approved', by, at: new Date() });
  if (answer.outcome === 'decided') won.push(`run-${i}`);
  else if (answer.outcome !== 'already' || answer.run?.decision === undefined)
    throw new Error(`run-${i}: ${answer.outcome}`);
}
close();
parentPort!.postMessage(won);
