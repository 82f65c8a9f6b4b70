/**
 * The text report of `npm run bench`.
 */
import { formatMappingBench, type MappingBenchResult } from './mapping-bench.js';
import type { Comparison } from './compare.js';
import type { Goal } from './goals.js';
import type { LatencyComparison } from './latency.js';
import type { MachineInfo } from './machine.js';
import type { IncrementalResult } from './incremental.js';
import type { LedgerResult } from './ledger.js';
import type { ScaleResult } from './scale.js';
import type { StartupResult } from './startup.js';
import type { DevInstallResult } from './dev-install.js';
import type { CounterMemory } from './upn-memory.js';

export interface BenchReport {
  readonly machine: MachineInfo;
  readonly comparison?: Comparison;
  readonly goals?: readonly Goal[];
  readonly latency?: LatencyComparison;
  readonly latencyGoals?: readonly Goal[];
  readonly mapping?: MappingBenchResult;
  readonly upnCounter?: readonly CounterMemory[];
  readonly scale?: ScaleResult;
  readonly incremental?: IncrementalResult;
  readonly ledger?: LedgerResult;
  readonly startup?: StartupResult;
  readonly startupGoals?: readonly Goal[];
  readonly devInstall?: DevInstallResult;
  readonly devInstallGoals?: readonly Goal[];
}

const int = (n: number): string => Math.round(n).toLocaleString('en-US');
const fixed = (n: number, digits = 2): string => n.toFixed(digits);

function comparisonTable(c: Comparison): string {
  const head = `${'scenario'.padEnd(25)}${'rows/s (median)'.padStart(16)}${'min…max'.padStart(20)}${'noise'.padStart(8)}${'seconds'.padStart(9)}${'peak RSS MiB'.padStart(14)}`;
  const lines = c.scenarios.map((s) =>
    [
      s.scenario.padEnd(25),
      int(s.rowsPerSec.median).padStart(16),
      `${int(s.rowsPerSec.min)}…${int(s.rowsPerSec.max)}`.padStart(20),
      `${fixed(s.rowsPerSec.spreadPercent, 0)}%`.padStart(8),
      fixed(s.seconds.median).padStart(9),
      `${int(s.peakRssMiB.median)} (max ${int(s.peakRssMiB.max)})`.padStart(14),
    ].join(''),
  );
  const ratios = Object.entries(c.ratios).map(([name, value]) => `  ${name.padEnd(42)} ${fixed(value)}×`);
  return [
    `Sync of ${int(c.rows)} rows (identification + 3 mapped fields), ${c.rounds} round${c.rounds === 1 ? '' : 's'}, medians; noise = (max − min) / median`,
    head,
    ...lines,
    `Peak RSS floor (a child that only loads Node, tsx and Tributary's modules): ${int(c.baselineRssMiB)} MiB`,
    '',
    'Ratios of median rows/s:',
    ...ratios,
  ].join('\n');
}

function latencyTable(c: LatencyComparison): string {
  const m = c.model;
  const head = `${'scenario'.padEnd(18)}${'seconds'.padStart(9)}${'min…max'.padStart(15)}${'API calls'.padStart(11)}${'peak conc.'.padStart(12)}${'peak RSS MiB'.padStart(18)}`;
  const lines = c.scenarios.map((s) =>
    [
      s.scenario.padEnd(18),
      fixed(s.seconds.median, 1).padStart(9),
      `${fixed(s.seconds.min, 1)}…${fixed(s.seconds.max, 1)}`.padStart(15),
      int(s.apiCalls).padStart(11),
      int(s.peakConcurrency).padStart(12),
      `${int(s.peakRssMiB.median)} (max ${int(s.peakRssMiB.max)})`.padStart(18),
    ].join(''),
  );
  return [
    `Latency scenario: sync of ${int(c.rows)} users, ${c.rounds} round${c.rounds === 1 ? '' : 's'}, medians. Model: token ${m.tokenMs} ms; first page ${m.firstPageMs} ms;`,
    `further pages ${m.nextPageMs} ms + ${m.perRecordMs * 1000} µs/record; ${m.bytesPerSecond / 1e6} MB/s per connection; Bulk ${m.bulkMsPer1000Rows} ms/1,000 rows (min ${m.bulkMinProcessingMs / 1000} s)`,
    head,
    ...lines,
    `${'sequential floor'.padEnd(18)}${fixed(c.floorSeconds, 1).padStart(9)}   (token + every page one after the other, modelled)`,
    '',
    "How many times faster (the other's seconds / ours):",
    ...Object.entries(c.speedups).map(([name, value]) => `  ${name.padEnd(40)} ${fixed(value)}×`),
  ].join('\n');
}

function goalLines(goals: readonly Goal[], title: string): string {
  return [
    `Goals (${title}):`,
    ...goals.map((g) => {
      const mark = g.met === undefined ? '  n/a' : g.met ? '  met' : ' MISS';
      const rss = g.goal.includes('RSS');
      const times = g.goal.includes('×');
      const measured = g.measured === undefined ? '-' : fixed(g.measured, rss ? 0 : 3);
      return `${mark}  ${g.goal.padEnd(48)} ${measured}${times ? '×' : ''} (goal ${g.atMost ? '≤' : '≥'} ${fixed(g.target, rss ? 0 : 2)})`;
    }),
  ].join('\n');
}

function counterLines(memory: readonly CounterMemory[]): string {
  return [
    `Per-UPN counter memory for ${int(memory[0]?.distinctUpns ?? 0)} distinct UPNs (after a full GC):`,
    ...memory.map(
      (m) =>
        `  ${m.kind.padEnd(20)} retained ${fixed(m.retainedMiB, 1).padStart(6)} MiB, RSS +${fixed(m.rssDeltaMiB, 1).padStart(6)} MiB` +
        `${m.tableMiB === undefined ? '' : `, table ${fixed(m.tableMiB, 1)} MiB`}, ${int(m.ms)} ms`,
    ),
  ].join('\n');
}

function scaleLines(s: ScaleResult): string {
  const r = s.result;
  const check = (ok: boolean): string => (ok ? 'ok' : 'FAILED');
  return [
    `Scale: ${int(s.users)} users, default limits, into sqlite`,
    `  status ${r.status} (${check(s.checks.partial)}), ${int(r.rows)} rows in the sink (expected ${int(s.expectedRows)}: ${check(s.checks.exactRows)})`,
    `  ${fixed(r.ms / 1000, 1)} s, ${int(r.rowsPerSec)} rows/s, peak RSS ${int(r.peakRssMiB)} MiB (< 1 GiB: ${check(s.checks.rssUnder1GiB)})`,
    ...(s.latency
      ? [
          `  under the latency model${s.latency.api ? ` (api: ${s.latency.api})` : ''}: ${int(s.latency.apiCalls)} API calls, peak concurrency ${s.latency.peakConcurrency}; sequential floor ${fixed(s.latency.floorSeconds, 1)} s (${fixed(s.latency.floorSeconds / (r.ms / 1000), 1)}× the wall time)`,
        ]
      : []),
    ...(r.progress?.length ? ['  last progress lines:', ...r.progress.map((l) => `    ${l}`)] : []),
    ...(r.detail ? ['  execution-log entry:', ...r.detail.split('\n').map((l) => `    ${l}`)] : []),
  ].join('\n');
}

function incrementalLines(i: IncrementalResult): string {
  const r = i.incremental;
  const seconds = r.ms / 1000;
  const check = (ok: boolean): string => (ok ? 'ok' : 'MISSED');
  return [
    `Incremental: ${int(i.users)} users, ${int(i.changed)} changed since the last run, under the latency model`,
    `  first run (full read, no latency model): ${fixed(i.seed.ms / 1000, 1)} s, ${i.seed.status}; the same read without a sync entry ${fixed(i.plain.ms / 1000, 1)} s (${fixed(i.seed.ms / i.plain.ms)}×)`,
    `  change read: ${fixed(seconds, 1)} s (at most 15 s: ${check(i.checks.within15s)}), ${int(r.apiCalls)} API calls (at most 25: ${check(i.checks.within25Calls)}), ${int(i.receivedRows)} rows received, ${r.status} (${check(i.checks.success)}), peak RSS ${int(r.peakRssMiB)} MiB`,
    `  a full read's sequential floor under the same model: ${fixed(i.fullFloorSeconds, 1)} s, ${fixed(i.fullFloorSeconds / seconds, 1)}× the change read`,
    ...(r.detail ? ['  execution-log entry:', ...r.detail.split('\n').map((l) => `    ${l}`)] : []),
  ].join('\n');
}

function ledgerLines(l: LedgerResult): string {
  const check = (ok: boolean): string => (ok ? 'ok' : 'MISSED');
  const line = (variant: keyof LedgerResult['rowsPerSec']) => {
    const r = l.rowsPerSec[variant];
    return `  ${variant.padEnd(9)} ${int(r.median).padStart(9)} rows/s (${int(r.min)}…${int(r.max)}, noise ${fixed(r.spreadPercent, 0)}%), peak RSS ${int(l.peakRssMiB[variant].median)} MiB`;
  };
  return [
    `Change ledger: ${int(l.users)} users into sqlite, then again with ${int(l.changed)} of them changed; ${l.rounds.length / 2} rounds, medians of the second sync`,
    line('ledger'),
    line('no ledger'),
    `  with / without the ledger: ${fixed(l.ratio)}× rows/s (at least 0.85×: ${check(l.checks.atMost15Percent)}); changes recorded exactly ${int(l.changed)} each round: ${check(l.checks.entriesExact)}; every run succeeded: ${check(l.checks.success)}`,
    `  size: about ${int(l.bytesPerEntry)} bytes per ledger entry in the execution log's file`,
  ].join('\n');
}

function startupLines(r: StartupResult): string {
  const head = `${'command'.padEnd(22)}${'ms (median)'.padStart(12)}${'min…max'.padStart(14)}${'over bare node'.padStart(16)}${'ratio'.padStart(8)}`;
  return [
    `Start-up of the built CLI (bin/tributary.js), ${r.rounds} round${r.rounds === 1 ? '' : 's'}, medians; ratio = median / bare node's median`,
    head,
    ...r.scenarios.map((s) =>
      [
        s.scenario.padEnd(22),
        int(s.ms.median).padStart(12),
        `${int(s.ms.min)}…${int(s.ms.max)}`.padStart(14),
        `${s.overBareMs >= 0 ? '+' : ''}${int(s.overBareMs)} ms`.padStart(16),
        `${fixed(s.ratio)}×`.padStart(8),
      ].join(''),
    ),
  ].join('\n');
}

function devInstallLines(r: DevInstallResult, title: string): string {
  return [
    title,
    `  installs: ${Object.entries(r.installed)
      .map(([name, range]) => `${name}@${range}`)
      .join(', ')}`,
    `  ${fixed(r.seconds, 1)} s; node_modules ${fixed(r.bytesMB, 2)} MB of files (${fixed(r.diskMiB, 1)} MiB on disk), ${r.nativeModules} native modules`,
    `  largest: ${r.largest.map((p) => `${p.name} ${fixed(p.kib / 1024, 1)} MiB`).join(', ')}`,
  ].join('\n');
}

export function formatReport(report: BenchReport): string {
  const m = report.machine;
  const parts = [
    `Machine: ${m.cpus} CPUs (${m.cpuModel}), ${m.memoryGiB} GiB, Node ${m.node}, ${m.platform}, load average ${m.loadAverage} at start`,
  ];
  if (report.comparison) parts.push(comparisonTable(report.comparison));
  if (report.goals) parts.push(goalLines(report.goals, 'throughput at zero latency'));
  if (report.latency) parts.push(latencyTable(report.latency));
  if (report.latencyGoals) parts.push(goalLines(report.latencyGoals, 'wall time under the latency model'));
  if (report.mapping) parts.push(formatMappingBench(report.mapping));
  if (report.upnCounter) parts.push(counterLines(report.upnCounter));
  if (report.scale) parts.push(scaleLines(report.scale));
  if (report.incremental) parts.push(incrementalLines(report.incremental));
  if (report.ledger) parts.push(ledgerLines(report.ledger));
  if (report.startup) parts.push(startupLines(report.startup));
  if (report.startupGoals) parts.push(goalLines(report.startupGoals, "start-up, as ratios to node -e ''"));
  if (report.devInstall) {
    const kit = `A plugin's development install (the scaffolded connector and tributary-kit, packed; npm install, empty cache)`;
    parts.push(devInstallLines(report.devInstall, kit));
  }
  if (report.devInstallGoals) parts.push(goalLines(report.devInstallGoals, "a plugin's development install"));
  return `${parts.join('\n\n')}\n`;
}
