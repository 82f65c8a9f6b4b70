import type { ConnectorConfig, RunResult } from '../../../core/index.js';
import { commitWithGuards } from './commit-with-guards.js';
import { failRun } from './fail-run.js';
import { openRun } from './open-run.js';
import { readBatches } from './read-batches.js';
import type { RunOptions } from './run-options.js';
import { runResult } from './run-result.js';
import { changeReadHasGap } from './settle-sync.js';
import type { RunServices } from './run-services.js';
import { startRun } from './start-run.js';
import { watchRun } from './run-watch.js';

/**
 * One execution of a connector: opened (listeners, context), started (mapping plan, sink), read batch
 * by batch (identification → listeners → fields → tally → sink, see read-batches.ts), read again in
 * full when a change read cannot account for every source row (settle-sync.ts), committed after the
 * guards, or failed; then its result. Always resolves with a result, whatever happened (a
 * connector template or credential that cannot be resolved excepted); listeners record it.
 */
export async function runConnector(
  services: RunServices,
  connector: ConnectorConfig,
  options: RunOptions = {},
): Promise<RunResult> {
  const run = await openRun(services, connector, options);
  const watch = watchRun(run);
  try {
    await startRun(run);
    await readBatches(run);
    if (await changeReadHasGap(run)) await readBatches(run);
    await commitWithGuards(run);
  } catch (error) {
    await failRun(run, error);
  } finally {
    await run.close();
  }
  const result = await runResult(run);
  await watch.stop(result);
  return result;
}
