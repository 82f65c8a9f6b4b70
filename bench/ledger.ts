/**
 * `--ledger`: what the change ledger costs. A connector syncs 200,000 users (or --rows) into the
 * sqlite sink; then 10 % of them (or --changed) get a new department and the same connector syncs
 * again, timed. Each round does this twice from an empty state: with the ledger (the default) and
 * without it (`state.ledgerRetentionDays: 0`), alternating which goes first. The ratio of the timed
 * runs' median rows/s is the ledger's cost; the ledger's entries are counted to check it recorded
 * exactly the changed values, and what they add to the execution log's file is measured (the first
 * run, the initial load, is not itemised).
 */
import { statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startSandbox, type Sandbox } from '../plugins/salesforce-sandbox/index.js';
import { measureAgainst, type LatencyRun } from './latency.js';
import { sandboxAccess } from './sandbox-access.js';
import { summarize, type Summary } from './stats.js';

const VARIANTS = ['ledger', 'no ledger'] as const;
type Variant = (typeof VARIANTS)[number];
const STATE: Record<Variant, string | undefined> = { ledger: undefined, 'no ledger': '{ ledgerRetentionDays: 0 }' };

interface LedgerRound {
  readonly variant: Variant;
  readonly seed: LatencyRun;
  readonly timed: LatencyRun;
  /** Ledger entries of the timed run (with the ledger). */
  readonly entries?: number;
  /** Bytes of the execution log's file after both runs. */
  readonly logBytes: number;
}

export interface LedgerResult {
  readonly users: number;
  readonly changed: number;
  readonly rounds: readonly LedgerRound[];
  readonly rowsPerSec: Readonly<Record<Variant, Summary>>;
  readonly peakRssMiB: Readonly<Record<Variant, Summary>>;
  /** Median rows/s with the ledger divided by the median without it. */
  readonly ratio: number;
  /** Bytes per ledger entry: the execution log's file with the ledger minus without, over the entries recorded. */
  readonly bytesPerEntry: number;
  readonly checks: { readonly atMost15Percent: boolean; readonly entriesExact: boolean; readonly success: boolean };
}

function editUsers(sandbox: Sandbox, users: number, changed: number): void {
  for (let k = 0; k < changed; k++)
    sandbox.editUser(Math.floor((k * users) / changed), { Department: `Changed ${k % 7}` });
}

/** The ledger's entries matching `where`, and the log file's size once its write-ahead log is checkpointed into it. */
function inspectLog(stateDir: string, where: string): { entries: number; bytes: number } {
  const file = join(stateDir, 'execution-log.db');
  const db = new Database(file);
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
    const { n } = db.prepare(`SELECT count(*) AS n FROM user_attribute_changes WHERE ${where}`).get() as { n: number };
    return { entries: n, bytes: statSync(file).size };
  } finally {
    db.close();
  }
}

export async function runLedger(options: {
  rows: number;
  rounds: number;
  changedPercent: number;
  childFlags?: readonly string[];
  log: (line: string) => void;
}): Promise<LedgerResult> {
  const { rows, log } = options;
  const changed = Math.round((rows * options.changedPercent) / 100);
  const root = await mkdtemp(join(tmpdir(), 'tributary-bench-ledger-'));
  const original = await startSandbox({ users: rows, prerender: true, apiLimit: 100_000_000 });
  const edited = await startSandbox({ users: rows, prerender: true, apiLimit: 100_000_000 });
  editUsers(edited, rows, changed);
  edited.prerender();
  const rounds: LedgerRound[] = [];
  try {
    for (let round = 1; round <= options.rounds; round++) {
      const order = round % 2 === 1 ? VARIANTS : [...VARIANTS].reverse();
      for (const variant of order) {
        const workDir = await mkdtemp(join(root, 'round-'));
        const input = { ...sandboxAccess(original, rows), scenario: 'tributary-ledger' as const, workDir };
        const state = STATE[variant];
        const seed = await measureAgainst(original, { ...input, state }, options.childFlags);
        const timed = await measureAgainst(
          edited,
          { ...input, ...sandboxAccess(edited, rows), state },
          options.childFlags,
        );
        const inspected = inspectLog(join(workDir, 'state'), `action = 'changed'`);
        const entries = variant === 'ledger' ? inspected.entries : undefined;
        rounds.push({ variant, seed, timed, entries, logBytes: inspected.bytes });
        log(
          `round ${round}/${options.rounds} ${variant.padEnd(9)} seed ${(seed.ms / 1000).toFixed(2)} s, changed run ${Math.round(timed.rowsPerSec).toLocaleString('en-US')} rows/s ${(timed.ms / 1000).toFixed(2)} s${entries === undefined ? '' : `, ${entries.toLocaleString('en-US')} changes recorded`}`,
        );
        await rm(workDir, { recursive: true, force: true });
      }
    }
  } finally {
    await original.close();
    await edited.close();
    await rm(root, { recursive: true, force: true });
  }
  const of = (variant: Variant) => rounds.filter((r) => r.variant === variant);
  const rowsPerSec = {
    ledger: summarize(of('ledger').map((r) => r.timed.rowsPerSec)),
    'no ledger': summarize(of('no ledger').map((r) => r.timed.rowsPerSec)),
  };
  const peakRssMiB = {
    ledger: summarize(of('ledger').map((r) => r.timed.peakRssMiB)),
    'no ledger': summarize(of('no ledger').map((r) => r.timed.peakRssMiB)),
  };
  const ratio = rowsPerSec.ledger.median / rowsPerSec['no ledger'].median;
  // The first run of a round is the initial load, not itemised: the entries are the second run's changes.
  const recorded = changed;
  const extraBytes =
    summarize(of('ledger').map((r) => r.logBytes)).median - summarize(of('no ledger').map((r) => r.logBytes)).median;
  return {
    users: rows,
    changed,
    rounds,
    rowsPerSec,
    peakRssMiB,
    ratio,
    bytesPerEntry: extraBytes / recorded,
    checks: {
      atMost15Percent: ratio >= 0.85,
      entriesExact: of('ledger').every((r) => r.entries === changed),
      success: rounds.every((r) => r.seed.status === 'success' && r.timed.status === 'success'),
    },
  };
}
