/** A worker thread that appends entries through its own store connection (concurrent-writer test). */
import { parentPort, workerData } from 'node:worker_threads';
import { openLogStore } from '../store/log-store.js';
import { fakeResult } from './fake-run.js';

const { stateDir, prefix, count } = workerData as { stateDir: string; prefix: string; count: number };
const store = openLogStore({ stateDir });
for (let i = 0; i < count; i++) await store.append(fakeResult({ runId: `${prefix}${i}` }));
await store.close();
parentPort?.postMessage('done');
