import type { RunResult } from 'tributary-kit';

/** Why a due run did not start. */
export type SkipReason = 'overlap' | 'locked' | 'lock-error' | 'paused' | 'quarantined' | 'admit-error';

/** What the scheduler does, for displays and tests; every event is also written to the logger. */
export type SchedulerEvent =
  | { readonly type: 'scheduled'; readonly nqlId: string; readonly at: Date; readonly description: string }
  | { readonly type: 'unscheduled'; readonly nqlId: string; readonly reason: string }
  | { readonly type: 'queued'; readonly nqlId: string; readonly running: number }
  | {
      readonly type: 'started';
      readonly nqlId: string;
      /** When the tick was due (absent for a run started by hand). */ readonly due?: Date;
    }
  | { readonly type: 'skipped'; readonly nqlId: string; readonly reason: SkipReason; readonly message: string }
  | { readonly type: 'finished'; readonly nqlId: string; readonly result: RunResult | undefined }
  | { readonly type: 'failed'; readonly nqlId: string; readonly error: unknown }
  | { readonly type: 'stopped' };

export type SchedulerEventListener = (event: SchedulerEvent) => void;
