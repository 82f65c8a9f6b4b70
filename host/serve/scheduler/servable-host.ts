import type { ScheduledRunRefusal } from 'tributary-kit/internal/kernel/connector-control.js';
import type { RunCoordinator, RunLease, RunResult, TributaryConfig } from 'tributary-kit';

/** What `serveHost` needs of a host (the host's `Host` has this shape). */
export interface ServableHost {
  readonly config: TributaryConfig;
  /** Absolute state dir, or `:memory:`. */
  readonly stateDir: string;
  /** The config file the host was built from, watched for changes. */
  readonly configPath: string | undefined;
  /** In a cluster, the run coordinator; undefined on one machine. */
  readonly coordinator?: RunCoordinator;
  run(
    nqlId: string,
    options: { readonly signal: AbortSignal; readonly scheduledFor?: Date; readonly lease?: RunLease },
  ): Promise<RunResult>;
  /** Why a scheduled run of the connector does not start now (paused, quarantined); undefined: it starts. */
  refuseScheduledRun?(nqlId: string, now: Date): Promise<ScheduledRunRefusal | undefined>;
  close(): Promise<void>;
}
