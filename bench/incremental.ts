/**
 * `--incremental`: an incremental connector over 3,000,000 users, 1 % of them changed since its last
 * run, under the latency model. The connector's first run (a full read, the sandbox without the latency
 * model, so that it takes a minute rather than several) leaves its cursor and members, beside the same
 * full read by a connector without a `sync:` entry (what tracking members costs); the same users
 * are then served by a sandbox at the model's pace with 1 % of them edited, and the change read is
 * timed, its API calls counted. Beside it, the sequential floor of a full read under the same model.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SANDBOX_QUERY, startSandbox, type Sandbox } from '../plugins/salesforce-sandbox/index.js';
import { measureAgainst, type LatencyRun } from './latency.js';
import { sandboxAccess } from './sandbox-access.js';
import type { ScenarioResult } from './scenario-types.js';

/** The connector's `sync:` entry. */
const SYNC = '{ mode: incremental, lookBack: 5m }';
/** When the edits happen: after every generated modstamp, one second apart. */
const EDITS_FROM = Date.UTC(2026, 5, 1);

export interface IncrementalResult {
  readonly users: number;
  readonly changed: number;
  /** The first run: a full read without the latency model. */
  readonly seed: ScenarioResult;
  /** The same full read by a connector without a `sync:` entry (no cursor, no members), on the same sandbox. */
  readonly plain: ScenarioResult;
  /** The change read under the latency model. */
  readonly incremental: LatencyRun;
  /** Rows the change read received (from its execution-log entry). */
  readonly receivedRows: number;
  /** The sequential floor of a full read of the same query under the same model, in seconds. */
  readonly fullFloorSeconds: number;
  readonly checks: { readonly success: boolean; readonly within15s: boolean; readonly within25Calls: boolean };
}

function received(detail: string | undefined): number {
  const match = /details\.number_of_received_rows\s+([\d,]+)/.exec(detail ?? '');
  return match ? Number(match[1]!.replace(/,/g, '')) : NaN;
}

/** Edits `changed` users spread over the table: a new department, each a second after the previous. */
function editUsers(sandbox: Sandbox, users: number, changed: number): void {
  for (let k = 0; k < changed; k++) {
    const index = Math.floor((k * users) / changed);
    sandbox.editUser(index, { Department: `Changed ${k % 7}` }, { modstamp: EDITS_FROM + k * 1000 });
  }
}

export async function runIncremental(options: {
  rows: number;
  changedPercent: number;
  childFlags?: readonly string[];
  log: (line: string) => void;
}): Promise<IncrementalResult> {
  const { rows, log } = options;
  const changed = Math.round((rows * options.changedPercent) / 100);
  const workDir = await mkdtemp(join(tmpdir(), 'tributary-bench-incremental-'));
  try {
    const plain = await startSandbox({ users: rows, prerender: true, apiLimit: 100_000_000 });
    log(`first run: a full read of ${rows.toLocaleString('en-US')} users (no latency model)…`);
    let seed: ScenarioResult;
    let plainRead: ScenarioResult;
    try {
      const access = { ...sandboxAccess(plain, rows), scenario: 'tributary-incremental' as const };
      plainRead = await measureAgainst(
        plain,
        { ...access, workDir: await mkdtemp(join(workDir, 'plain-')) },
        options.childFlags,
      );
      log(`  without sync: ${(plainRead.ms / 1000).toFixed(1)} s, ${plainRead.status}`);
      seed = await measureAgainst(plain, { ...access, workDir, sync: SYNC }, options.childFlags);
    } finally {
      await plain.close();
    }
    log(`  with sync: ${(seed.ms / 1000).toFixed(1)} s, ${seed.status}`);
    const paced = await startSandbox({ users: rows, latency: true, apiLimit: 100_000_000 });
    try {
      editUsers(paced, rows, changed);
      const fullFloorSeconds = paced.sequentialFloorMs(DEFAULT_SANDBOX_QUERY) / 1000;
      log(`change read: ${changed.toLocaleString('en-US')} users changed, under the latency model…`);
      const input = { ...sandboxAccess(paced, rows), scenario: 'tributary-incremental' as const, workDir, sync: SYNC };
      const incremental = await measureAgainst(paced, input, options.childFlags);
      const seconds = incremental.ms / 1000;
      log(`  ${seconds.toFixed(1)} s, ${incremental.apiCalls} API calls, ${incremental.status}`);
      return {
        users: rows,
        changed,
        seed,
        plain: plainRead,
        incremental,
        receivedRows: received(incremental.detail),
        fullFloorSeconds,
        checks: {
          success: incremental.status === 'success' && /sync_mode\s+changes/.test(incremental.detail ?? ''),
          within15s: seconds <= 15,
          within25Calls: incremental.apiCalls <= 25,
        },
      };
    } finally {
      await paced.close();
    }
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
