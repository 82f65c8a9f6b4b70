/**
 * Measures the memory the per-UPN counts hold for N distinct UPNs (default 3,000,000): the typed-array
 * UpnCounter against the Map<string, number> it replaces. Not a test (timings and heap sizes vary).
 *
 *   node --expose-gc --import tsx plugins/execution-log/test/measure-upn-counter.ts [N]
 */
import { UpnCounter } from '../upn-counter.js';

const n = Number(process.argv[2] ?? 3_000_000);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

const upn = (i: number) => `first.last${i}@subsidiary.example.com`;
const retained = (): number => {
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

function measure(name: string, fill: () => unknown): void {
  const before = retained();
  const started = process.hrtime.bigint();
  const holder = fill();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const bytes = retained() - before;
  console.log(
    `${name.padEnd(22)} ${(bytes / 2 ** 20).toFixed(1).padStart(7)} MiB  ${(bytes / n).toFixed(1).padStart(6)} B/UPN  ${ms.toFixed(0).padStart(6)} ms`,
  );
  if (!holder) throw new Error('unreachable');
}

console.log(`${n.toLocaleString('en-US')} distinct UPNs, node ${process.version}`);
measure('UpnCounter', () => {
  const counter = new UpnCounter();
  for (let i = 0; i < n; i++) counter.increment(upn(i));
  return counter;
});
measure('Map<string, number>', () => {
  const map = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const key = upn(i);
    map.set(key, (map.get(key) ?? 0) + 1);
  }
  return map;
});
