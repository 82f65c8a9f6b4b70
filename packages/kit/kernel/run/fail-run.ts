import { describeError } from '../../core/index.js';
import type { RunState } from './run-state.js';

/** The failure path: the run fails with the error's sentence first in its description, and the sink's staged rows are discarded. */
export async function failRun(run: RunState, error: unknown): Promise<void> {
  const { draft, services } = run;
  draft.status = 'failure';
  draft.error = error;
  run.problems.add(services.redact(describeError(error)), 1, { priority: 100, counted: false });
  await run.sync
    ?.abort()
    .catch((e: unknown) => services.logger.error(`Aborting the sync stage failed: ${describeError(e)}`));
  const sinkRun = run.sinkRun;
  run.sinkRun = undefined;
  if (sinkRun) {
    await sinkRun
      .abort(describeError(error))
      .catch((e: unknown) => services.logger.error(`Aborting the sink failed: ${describeError(e)}`));
  }
}
