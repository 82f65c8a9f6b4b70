import type { SinkRun } from '../../core/index.js';
import { BatchMapper } from '../mapping/batch-mapper.js';
import { mappingPlanOf } from '../mapping/mapping-plan-of.js';
import type { RunState } from './run-state.js';

/** Opens the run's staged write on its sink (again, after a restarted read); nothing on a dry run. */
export async function openSinkRun(run: RunState): Promise<SinkRun | undefined> {
  return run.sink?.open({ run: run.info, connector: run.connector, signal: run.signal, sync: run.state.sync });
}

/**
 * What a run needs before it reads, each step able to fail it: every execution listener started, the
 * mapping's plan (compiled once, or the one `validate` compiled) and its mapper, the sink resolved
 * and opened (not on a dry run), and, for a connector with a `sync:` entry, the stage of its members.
 */
export async function startRun(run: RunState): Promise<void> {
  if (run.listenerError !== undefined) throw run.listenerError;
  if (run.syncError !== undefined) throw run.syncError;
  const { services, connector } = run;
  run.mapping = new BatchMapper(mappingPlanOf(connector.mapping), services.limits, run.signal);
  run.sink = run.options.dryRun ? undefined : services.sink(connector.sink);
  run.sinkRun = await openSinkRun(run);
  await run.sync?.open();
}
