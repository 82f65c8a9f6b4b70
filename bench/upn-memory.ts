/**
 * Memory of the execution log's per-UPN counter (the `maxRecordsPerUpn` limit) for N distinct UPNs, measured in a child
 * started with `--expose-gc`: heap, array buffers and RSS before and after counting, after a full GC.
 * For contrast, the same for a `Map<string, number>` holding every UPN.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { UpnCounter } from 'tributary-kit/internal/plugins/execution-log/upn-counter.js';

export interface CounterMemory {
  readonly kind: 'UpnCounter' | 'Map<string, number>';
  readonly distinctUpns: number;
  /** Growth of heapUsed + arrayBuffers (external typed arrays), in MiB. */
  readonly retainedMiB: number;
  readonly rssDeltaMiB: number;
  /** The counter's own figure (`byteLength`), when it has one. */
  readonly tableMiB?: number;
  readonly ms: number;
}

const MiB = 2 ** 20;

function retained(): { bytes: number; rss: number } {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  return { bytes: m.heapUsed + m.arrayBuffers, rss: m.rss };
}

const upn = (i: number): string => `user.${i}@acme-${i % 97}.example.com`;

/** Counts `n` distinct UPNs in this process and reports what stays allocated. */
function measureCounter(kind: CounterMemory['kind'], n: number): CounterMemory {
  const before = retained();
  const start = performance.now();
  let tableMiB: number | undefined;
  let keep: unknown;
  if (kind === 'UpnCounter') {
    const counter = new UpnCounter();
    for (let i = 0; i < n; i++) counter.increment(upn(i));
    if (counter.size !== n) throw new Error(`expected ${n} distinct UPNs, counted ${counter.size}`);
    tableMiB = counter.byteLength / MiB;
    keep = counter;
  } else {
    const map = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const key = upn(i);
      map.set(key, (map.get(key) ?? 0) + 1);
    }
    keep = map;
  }
  const ms = performance.now() - start;
  const after = retained();
  if (keep === undefined) throw new Error('unreachable');
  return {
    kind,
    distinctUpns: n,
    retainedMiB: (after.bytes - before.bytes) / MiB,
    rssDeltaMiB: (after.rss - before.rss) / MiB,
    tableMiB,
    ms,
  };
}

/** Runs {@link measureCounter} in a fresh child with `--expose-gc`. */
export function forkCounterMemory(kind: CounterMemory['kind'], n: number): Promise<CounterMemory> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), [kind, String(n)], {
      execArgv: ['--conditions=tributary-source', '--import', 'tsx', '--expose-gc'],
    });
    let result: CounterMemory | undefined;
    child.on('message', (message) => (result = message as CounterMemory));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 && result ? resolve(result) : reject(new Error(`upn-memory child exited with ${code}`)),
    );
  });
}

if (process.send && process.argv[1] === fileURLToPath(import.meta.url)) {
  process.send(measureCounter(process.argv[2] as CounterMemory['kind'], Number(process.argv[3])));
  process.disconnect();
}
