/**
 * `--scale`: the 3,000,500-user sync with the default limits into the SQLite sink, through the CLI.
 * Expected: status `partial`, exactly 3,000,000 rows in the sink, peak RSS under 1 GiB.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEFAULT_LIMITS } from '../core/index.js';
import { DEFAULT_SANDBOX_QUERY, startSandbox } from '../plugins/salesforce-user-attributes/sandbox/index.js';
import { forkScenario } from './fork-scenario.js';
import type { ScenarioResult } from './scenario-types.js';

export interface ScaleResult {
  readonly users: number;
  readonly expectedRows: number;
  readonly result: ScenarioResult;
  readonly checks: { readonly partial: boolean; readonly exactRows: boolean; readonly rssUnder1GiB: boolean };
}

export async function runScale(options: { rows: number; profileDir?: string; childFlags?: readonly string[]; log: (line: string) => void }): Promise<ScaleResult> {
  const started = performance.now();
  const sandbox = await startSandbox({ users: options.rows, prerender: true });
  options.log(`sandbox: ${options.rows.toLocaleString('en-US')} users, pages pre-rendered in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const workDir = await mkdtemp(join(tmpdir(), 'tributary-bench-scale-'));
  try {
    const profile = options.profileDir ? join(options.profileDir, 'tributary-scale.cpuprofile') : undefined;
    const result = await forkScenario({
      scenario: 'tributary-scale',
      url: sandbox.url,
      clientId: sandbox.clientId,
      clientSecret: sandbox.clientSecret,
      query: DEFAULT_SANDBOX_QUERY,
      rows: options.rows,
      workDir,
      profile,
    }, options.childFlags);
    const expectedRows = Math.min(options.rows, DEFAULT_LIMITS.maxRowsPerSync);
    const expectPartial = options.rows > DEFAULT_LIMITS.maxRowsPerSync;
    return {
      users: options.rows,
      expectedRows,
      result,
      checks: {
        partial: result.status === (expectPartial ? 'partial' : 'success'),
        exactRows: result.rows === expectedRows,
        rssUnder1GiB: result.peakRssMiB < 1024,
      },
    };
  } finally {
    await sandbox.close();
    await rm(workDir, { recursive: true, force: true });
  }
}
