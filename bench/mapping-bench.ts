/**
 * Micro-benchmark of the mapping stage: a typical connector mapping (identification + 6 fields, all
 * plain paths) evaluated natively vs forced through jsonata, on the same records; the same shape of
 * mapping mixing paths with the common expressions that run natively (concatenation, `$lowercase`,
 * `$trim`, conditionals and defaults), against the all-path rate in the same run; and what isolating
 * jsonata in the mapping worker costs.
 * Run directly: `node --import tsx bench/mapping-bench.ts [rows]`.
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import {
  compileMapping,
  compileMappingPlan,
  type MappingConfig,
  type RowMapper,
  type SourceRecord,
} from 'tributary-kit';
import { IsolatedEvaluator } from 'tributary-kit/internal/kernel/mapping/isolated-evaluator.js';

export interface MappingBenchResult {
  readonly nativeRowsPerSec: number;
  readonly jsonataRowsPerSec: number;
  readonly nativeEvalsPerSec: number;
  readonly jsonataEvalsPerSec: number;
  /** MIXED_MAPPING (paths and native expressions), natively: the median of rounds alternating with the all-path one. */
  readonly mixedRowsPerSec: number;
  /** The all-path rate in those same rounds (median). */
  readonly allPathRowsPerSec: number;
  /** The median over the rounds of mixed / all-path, each round measuring both back to back. */
  readonly mixedToAllPath: number;
  /** LIGHT_MIXED_MAPPING (three native expressions among seven), in the same rounds (median). */
  readonly lightRowsPerSec: number;
  /** The median over the rounds of light / all-path. */
  readonly lightToAllPath: number;
  /** MIXED_MAPPING forced through jsonata, in this thread. */
  readonly mixedJsonataRowsPerSec: number;
  /** The fields of NON_NATIVE_MAPPING, batch by batch: jsonata in this thread. */
  readonly inThreadRowsPerSec: number;
  /** The same in the mapping worker (what a run does): records copied over, outcomes copied back. */
  readonly isolatedRowsPerSec: number;
}

/** Fields that need jsonata's interpreter (functions that do not run natively), and a path. */
const NON_NATIVE_MAPPING: MappingConfig = {
  identification: 'Username',
  identifier: 'upn',
  onMissingValue: 'clear',
  fields: [
    { source: "$substringBefore(Email, '@')", target: 'email' },
    { source: "$join([FirstName, LastName], ' ')", target: 'name' },
    { source: 'Department', target: 'department' },
  ],
};
const BATCH_ROWS = 2000;

const TYPICAL_MAPPING: MappingConfig = {
  identification: 'Username',
  identifier: 'upn',
  onMissingValue: 'clear',
  fields: [
    { source: 'Email', target: 'email' },
    { source: 'Department', target: 'department' },
    { source: 'Title', target: 'title' },
    { source: 'Manager.Name', target: 'manager' },
    { source: '`Cost Center`', target: 'cost_center' },
    { source: 'IsActive', target: 'active' },
  ],
};
const EVALS_PER_ROW = 1 + TYPICAL_MAPPING.fields.length;

/** The typical mapping with three of its seven expressions replaced by common native expressions. */
const LIGHT_MIXED_MAPPING: MappingConfig = {
  ...TYPICAL_MAPPING,
  fields: [
    { source: '$lowercase(Email)', target: 'email' },
    { source: 'Department ?: "n/a"', target: 'department' },
    { source: 'Title', target: 'title' },
    { source: 'Manager.Name', target: 'manager' },
    { source: '`Cost Center`', target: 'cost_center' },
    { source: "FirstName & ' ' & LastName", target: 'name' },
  ],
};

/** The typical mapping's shape with six of its seven expressions replaced by common native expressions. */
const MIXED_MAPPING: MappingConfig = {
  identification: '$lowercase(Username)',
  identifier: 'upn',
  onMissingValue: 'clear',
  fields: [
    { source: '$lowercase(Email)', target: 'email' },
    { source: 'Department ? Department : "n/a"', target: 'department' },
    { source: 'Title ? $trim(Title)', target: 'title' },
    { source: 'Manager.Name', target: 'manager' },
    { source: "FirstName & ' ' & LastName", target: 'name' },
    { source: 'IsActive ? "yes" : "no"', target: 'active' },
  ],
};
const MIN_MEASURE_MS = 300;

/** Salesforce-like User records: relationship nested, some nulls, a key with a space. */
function makeRecords(rows: number): SourceRecord[] {
  const departments = ['Sales', 'Research', 'Finance', null];
  return Array.from({ length: rows }, (_, i) => ({
    Username: `user${i}@example.com`,
    Email: `user${i}@example.com`,
    Department: departments[i % departments.length],
    Title: i % 7 === 0 ? null : `Engineer ${i % 5}`,
    Manager: i % 11 === 0 ? null : { Name: `Manager ${i % 97}` },
    'Cost Center': 1000 + (i % 50),
    IsActive: i % 3 !== 0,
    FirstName: `First${i % 13}`,
    LastName: `Last${i % 17}`,
  }));
}

/** Maps every record, repeating whole passes until enough time has passed; returns rows per second. */
async function measure(
  records: readonly SourceRecord[],
  mapRow: (record: SourceRecord) => unknown,
  minMs = MIN_MEASURE_MS,
): Promise<number> {
  let rows = 0;
  let sink = 0;
  const start = performance.now();
  do {
    for (const record of records) {
      const mapped = mapRow(record);
      sink += mapped instanceof Promise ? ((await mapped) as number) : (mapped as number);
      rows++;
    }
  } while (performance.now() - start < minMs);
  const seconds = (performance.now() - start) / 1000;
  if (sink < 0) throw new Error('unreachable');
  return rows / seconds;
}

// Each row's result feeds a checksum so that no work can be optimised away.
function nativeRow(mapper: RowMapper): (record: SourceRecord) => number {
  return (record) =>
    (mapper.identify(record) as string).length +
    ((mapper.fields(record) as Record<string, unknown>).email === '' ? 0 : 1);
}

function jsonataRow(mapper: RowMapper): (record: SourceRecord) => Promise<number> {
  return async (record) =>
    (await mapper.identify(record)).length + ((await mapper.fields(record)).email === '' ? 0 : 1);
}

/** Rows per second of `mapBatch` over the records in batches of BATCH_ROWS, repeated for long enough. */
async function measureBatches(
  records: readonly SourceRecord[],
  mapBatch: (batch: readonly SourceRecord[]) => Promise<number>,
): Promise<number> {
  let rows = 0;
  let sink = 0;
  const start = performance.now();
  do {
    for (let at = 0; at < records.length; at += BATCH_ROWS) {
      const batch = records.slice(at, at + BATCH_ROWS);
      sink += await mapBatch(batch);
      rows += batch.length;
    }
  } while (performance.now() - start < MIN_MEASURE_MS * 3);
  if (sink < 0) throw new Error('unreachable');
  return rows / ((performance.now() - start) / 1000);
}

/** The isolation's cost: the same non-native fields mapped in this thread and in the mapping worker. */
async function measureIsolation(rows: number): Promise<{ inThreadRowsPerSec: number; isolatedRowsPerSec: number }> {
  const records = makeRecords(rows);
  // A budget no row reaches even on a loaded machine: the bench measures speed, not the guard.
  const inThread = compileMapping(NON_NATIVE_MAPPING, { limits: { timeoutMs: 60_000 } });
  const mapInThread = async (batch: readonly SourceRecord[]): Promise<number> => {
    let n = 0;
    for (const record of batch) n += Object.keys(await inThread.fields(record)).length;
    return n;
  };
  const isolated = new IsolatedEvaluator({
    plan: compileMappingPlan(NON_NATIVE_MAPPING),
    expressionTimeoutMs: 60_000,
    signal: new AbortController().signal,
  });
  const mapIsolated = async (batch: readonly SourceRecord[]): Promise<number> =>
    (
      await isolated.evaluate('fields', batch, NON_NATIVE_MAPPING.fields.length, {
        deadline: performance.now() + 60_000,
        budgetMs: 60_000,
      })
    ).length;
  try {
    await measureBatches(records.slice(0, BATCH_ROWS), mapInThread); // warm up (and start the worker)
    await measureBatches(records.slice(0, BATCH_ROWS), mapIsolated);
    return {
      inThreadRowsPerSec: await measureBatches(records, mapInThread),
      isolatedRowsPerSec: await measureBatches(records, mapIsolated),
    };
  } finally {
    await isolated.close();
  }
}

const MIXED_ROUNDS = 9;

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[values.length >> 1]!;

/**
 * The mixed mapping against the all-path one, natively, in one run: rounds that measure both back to
 * back (alternating which goes first), so that a machine whose load changes during the run weighs on
 * both rates alike; the ratio is the median of the rounds' ratios.
 */
async function measureMixed(
  records: readonly SourceRecord[],
): Promise<
  Pick<
    MappingBenchResult,
    | 'mixedRowsPerSec'
    | 'allPathRowsPerSec'
    | 'mixedToAllPath'
    | 'lightRowsPerSec'
    | 'lightToAllPath'
    | 'mixedJsonataRowsPerSec'
  >
> {
  const mappers = [TYPICAL_MAPPING, LIGHT_MIXED_MAPPING, MIXED_MAPPING].map((config) => compileMapping(config));
  if (!mappers.every((m) => m.allNative)) throw new Error('The mixed mappings must run natively');
  const rows = mappers.map(nativeRow);
  const mixedViaJsonata = compileMapping(MIXED_MAPPING, { forceJsonata: true });
  for (const row of rows) await measure(records.slice(0, 1000), row);
  await measure(records.slice(0, 200), jsonataRow(mixedViaJsonata));
  const rates: number[][] = rows.map(() => []);
  const roundMs = MIN_MEASURE_MS / 2;
  for (let round = 0; round < MIXED_ROUNDS; round++) {
    // Each round rotates which mapping goes first.
    for (let k = 0; k < rows.length; k++) {
      const which = (round + k) % rows.length;
      rates[which]!.push(await measure(records, rows[which]!, roundMs));
    }
  }
  const [allPath, light, mixed] = rates as [number[], number[], number[]];
  return {
    allPathRowsPerSec: median(allPath),
    lightRowsPerSec: median(light),
    lightToAllPath: median(light.map((rate, i) => rate / allPath[i]!)),
    mixedRowsPerSec: median(mixed),
    mixedToAllPath: median(mixed.map((rate, i) => rate / allPath[i]!)),
    mixedJsonataRowsPerSec: await measure(records, jsonataRow(mixedViaJsonata)),
  };
}

export async function runMappingBench(options: { rows?: number } = {}): Promise<MappingBenchResult> {
  const records = makeRecords(options.rows ?? 20_000);
  const native = compileMapping(TYPICAL_MAPPING);
  const viaJsonata = compileMapping(TYPICAL_MAPPING, { forceJsonata: true });
  if (!native.allNative || viaJsonata.allNative)
    throw new Error('The typical mapping must be native, and forced through jsonata');
  // Warm both paths up before measuring.
  await measure(records.slice(0, 1000), nativeRow(native));
  await measure(records.slice(0, 200), jsonataRow(viaJsonata));
  const nativeRowsPerSec = await measure(records, nativeRow(native));
  const jsonataRowsPerSec = await measure(records, jsonataRow(viaJsonata));
  return {
    nativeRowsPerSec,
    jsonataRowsPerSec,
    nativeEvalsPerSec: nativeRowsPerSec * EVALS_PER_ROW,
    jsonataEvalsPerSec: jsonataRowsPerSec * EVALS_PER_ROW,
    ...(await measureMixed(records)),
    ...(await measureIsolation(options.rows ?? 20_000)),
  };
}

/** The expressions of a mapping that are not plain paths. */
const sourcesOf = (config: MappingConfig): string =>
  [config.identification, ...config.fields.map((f) => f.source)].filter((s) => /[$&?]/.test(s)).join(', ');

export function formatMappingBench(result: MappingBenchResult): string {
  const n = (value: number): string => Math.round(value).toLocaleString('en-US');
  return [
    `Mapping (identification + ${TYPICAL_MAPPING.fields.length} fields, plain paths)`,
    `  native : ${n(result.nativeRowsPerSec)} rows/s, ${n(result.nativeEvalsPerSec)} evaluations/s`,
    `  jsonata: ${n(result.jsonataRowsPerSec)} rows/s, ${n(result.jsonataEvalsPerSec)} evaluations/s`,
    `  native is ${(result.nativeRowsPerSec / result.jsonataRowsPerSec).toFixed(0)}x faster`,
    `Mappings with native expressions, in ${MIXED_ROUNDS} rounds beside the all-path one (${n(result.allPathRowsPerSec)} rows/s); ratios are medians of the rounds' ratios`,
    `  3 of 7 native expressions (${sourcesOf(LIGHT_MIXED_MAPPING)})`,
    `    ${n(result.lightRowsPerSec)} rows/s: ${result.lightToAllPath.toFixed(2)}x the all-path rate`,
    `  6 of 7 native expressions (${sourcesOf(MIXED_MAPPING)})`,
    `    ${n(result.mixedRowsPerSec)} rows/s: ${result.mixedToAllPath.toFixed(2)}x the all-path rate`,
    `    ${n(result.mixedJsonataRowsPerSec)} rows/s forced through jsonata (native is ${(result.mixedRowsPerSec / result.mixedJsonataRowsPerSec).toFixed(0)}x faster)`,
    `Mapping isolation (${NON_NATIVE_MAPPING.fields.map((f) => f.source).join(', ')}; batches of ${BATCH_ROWS.toLocaleString('en-US')} rows)`,
    `  jsonata in this thread : ${n(result.inThreadRowsPerSec)} rows/s`,
    `  jsonata in the worker  : ${n(result.isolatedRowsPerSec)} rows/s (what a run does: the worker can be killed)`,
    `  isolation costs ${((1 - result.isolatedRowsPerSec / result.inThreadRowsPerSec) * 100).toFixed(0)}% of the in-thread rate`,
  ].join('\n');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = process.argv[2] === undefined ? undefined : Number(process.argv[2]);
  console.log(formatMappingBench(await runMappingBench({ rows })));
}
