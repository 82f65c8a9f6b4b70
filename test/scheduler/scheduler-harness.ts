import type { ConnectorConfig, Logger, RunResult, ScheduleConfig } from 'tributary-kit';
import {
  FakeClock,
  MemoryRunLock,
  Scheduler,
  type RunLock,
  type SchedulerEvent,
} from '../../host/serve/scheduler/index.js';

/** A logger that keeps every line, prefixed with its level. */
export class RecordingLogger implements Logger {
  readonly lines: string[] = [];
  debug(message: string): void {
    this.lines.push(`debug ${message}`);
  }
  info(message: string): void {
    this.lines.push(`info ${message}`);
  }
  warn(message: string): void {
    this.lines.push(`warn ${message}`);
  }
  error(message: string): void {
    this.lines.push(`error ${message}`);
  }
  at(level: 'debug' | 'info' | 'warn' | 'error'): string[] {
    return this.lines.filter((l) => l.startsWith(`${level} `)).map((l) => l.slice(level.length + 1));
  }
}

export function connector(nqlId: string, schedule?: ScheduleConfig): ConnectorConfig {
  return {
    nqlId,
    name: nqlId,
    connector: 'fake',
    sink: 'users',
    parameters: {},
    mapping: { identification: 'id', identifier: 'upn', onMissingValue: 'clear', fields: [] },
    ...(schedule ? { schedule } : {}),
  };
}

/** One call of the fake runner: the test ends it when it wants. */
export interface FakeRun {
  readonly nqlId: string;
  readonly signal: AbortSignal;
  readonly startedAt: Date;
  finish(result?: Partial<RunResult>): void;
  fail(error: Error): void;
  ended: boolean;
}

/** A runner whose runs last until the test finishes them; a run ends itself when aborted if `endOnAbort`. */
export class FakeRunner {
  readonly runs: FakeRun[] = [];
  constructor(
    private readonly clock: FakeClock,
    private readonly endOnAbort = false,
  ) {}

  readonly run = (nqlId: string, signal: AbortSignal): Promise<RunResult | undefined> =>
    new Promise((resolve, reject) => {
      const startedAt = this.clock.now();
      const run: FakeRun = {
        nqlId,
        signal,
        startedAt,
        ended: false,
        finish: (result = {}) => {
          run.ended = true;
          resolve(
            result.status
              ? ({ nqlId, status: result.status, description: result.description ?? '', processedRows: 0 } as RunResult)
              : undefined,
          );
        },
        fail: (error) => {
          run.ended = true;
          reject(error);
        },
      };
      if (this.endOnAbort)
        signal.addEventListener('abort', () => run.finish({ status: 'failure', description: 'Cancelled by shutdown' }));
      this.runs.push(run);
    });

  of(nqlId: string): FakeRun[] {
    return this.runs.filter((r) => r.nqlId === nqlId);
  }

  active(): string[] {
    return this.runs.filter((r) => !r.ended).map((r) => r.nqlId);
  }
}

export interface Harness {
  readonly clock: FakeClock;
  readonly runner: FakeRunner;
  readonly logger: RecordingLogger;
  readonly events: SchedulerEvent[];
  readonly lock: RunLock;
  readonly scheduler: Scheduler;
}

export function harness(
  connectors: ConnectorConfig[],
  options: { start?: string; maxConcurrentRuns?: number; lock?: RunLock; endOnAbort?: boolean } = {},
): Harness {
  const clock = new FakeClock(options.start ?? '2026-11-25T09:59:00Z');
  const runner = new FakeRunner(clock, options.endOnAbort);
  const logger = new RecordingLogger();
  const events: SchedulerEvent[] = [];
  const lock = options.lock ?? new MemoryRunLock();
  const scheduler = new Scheduler({
    connectors,
    runConnector: runner.run,
    clock,
    logger,
    lock,
    maxConcurrentRuns: options.maxConcurrentRuns ?? 4,
    onEvent: (e) => events.push(e),
  });
  return { clock, runner, logger, events, lock, scheduler };
}

export function ofType<T extends SchedulerEvent['type']>(
  events: SchedulerEvent[],
  type: T,
): Extract<SchedulerEvent, { type: T }>[] {
  return events.filter((e): e is Extract<SchedulerEvent, { type: T }> => e.type === type);
}
