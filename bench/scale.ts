/**
 * `--scale`: the 3,000,500-user sync with the default limits into the SQLite sink, through the CLI.
 * Expected: status `partial`, exactly 3,000,000 rows in the sink, peak RSS under 1 GiB.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEFAULT_LIMITS } from 'tributary-kit';
import { sandboxAccess } from './sandbox-access.js';
import { DEFAULT_SANDBOX_QUERY, startSandbox } from '../plugins/salesforce-sandbox/index.js';
import { measureAgainst } from './latency.js';
import type { ScenarioResult } from './scenario-types.js';

export interface ScaleResult {
  readonly users: number;
  readonly expectedRows: number;
  readonly result: ScenarioResult;
  readonly checks: { readonly partial: boolean; readonly exactRows: boolean; readonly rssUnder1GiB: boolean };
  /** Under the latency model (`--scale --latency`): API calls, peak concurrency and the sequential floor. */
  readonly latency?: {
    readonly api: string | undefined;
    readonly apiCalls: number;
    readonly peakConcurrency: number;
    readonly floorSeconds: number;
  };
}

export async function runScale(options: {
  rows: number;
  profileDir?: string;
  childFlags?: readonly string[];
  latency?: boolean;
  api?: string;
  parameters?: Readonly<Record<string, string | number>>;
  log: (line: string) => void;
}): Promise<ScaleResult> {
  const started = performance.now();
  // Under the latency model the connector reads Id ranges or a Bulk job: nothing to pre-render.
  const sandbox = await startSandbox({
    users: options.rows,
    prerender: !options.latency,
    latency: options.latency,
    apiLimit: 100_000_000,
  });
  const floorSeconds = options.latency ? sandbox.sequentialFloorMs(DEFAULT_SANDBOX_QUERY) / 1000 : 0;
  options.log(
    `sandbox: ${options.rows.toLocaleString('en-US')} users, ready in ${((performance.now() - started) / 1000).toFixed(1)} s${options.latency ? `; sequential floor ${floorSeconds.toFixed(1)} s` : ''}`,
  );
  const workDir = await mkdtemp(join(tmpdir(), 'tributary-bench-scale-'));
  try {
    const profile = options.profileDir ? join(options.profileDir, 'tributary-scale.cpuprofile') : undefined;
    const result = await measureAgainst(
      sandbox,
      {
        ...sandboxAccess(sandbox, options.rows),
        scenario: 'tributary-scale',
        workDir,
        profile,
        parameters: { ...options.parameters, ...(options.api ? { api: options.api } : {}) },
      },
      options.childFlags,
    );
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
      latency: options.latency
        ? { api: options.api, apiCalls: result.apiCalls, peakConcurrency: result.peakConcurrency, floorSeconds }
        : undefined,
    };
  } finally {
    await sandbox.close();
    await rm(workDir, { recursive: true, force: true });
  }
}
