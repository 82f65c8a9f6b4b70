import {
  ProblemLog,
  type RowBatch,
  type RunControl,
  type RunDraft,
  type RunInfo,
  type RunResult,
} from '../../../core/index.js';

/**
 * A batch over plain keys (already trimmed + lower-cased, as the host hands them), recording vetoes;
 * given a ProblemLog, it also counts each veto's problem there, as the host's batch does.
 */
export class FakeBatch implements RowBatch {
  /** Row → the problem it was vetoed with (`''` when the listener describes it itself). */
  readonly rejected = new Map<number, string>();
  constructor(
    readonly keys: readonly string[],
    private readonly problems?: ProblemLog,
  ) {}
  get length(): number {
    return this.keys.length;
  }
  key(i: number): string {
    return this.keys[i]!;
  }
  admitted(i: number): boolean {
    return !this.rejected.has(i);
  }
  reject(i: number, problem?: string): void {
    if (this.rejected.has(i)) return;
    this.rejected.set(i, problem ?? '');
    if (problem !== undefined) this.problems?.add(problem);
  }
  get admittedCount(): number {
    return this.keys.length - this.rejected.size;
  }
}

/** A host key as the pipeline produces it from a raw identifier. */
export const normaliseKey = (raw: string): string => raw.trim().toLowerCase();

export class FakeControl implements RunControl {
  stopCalls = 0;
  stopReading(): void {
    this.stopCalls++;
  }
}

export function fakeRunInfo(overrides: Partial<RunInfo> = {}): RunInfo {
  return {
    runId: 'run-1',
    nqlId: 'salesforce_user_attributes',
    name: 'Salesforce user attributes',
    connector: 'Salesforce: User Attributes',
    credentials: 'Salesforce production',
    credentialsId: 'sf-prod',
    identifierKind: 'upn',
    startedAt: new Date('2026-11-20T10:00:00.000Z'),
    dryRun: false,
    ...overrides,
  };
}

export function fakeDraft(overrides: Partial<RunDraft> = {}): RunDraft {
  return {
    status: 'success',
    problems: new ProblemLog(),
    receivedRows: 0,
    processedRows: 0,
    importedRows: 0,
    apiCalls: 0,
    rejectedByMapping: 0,
    fieldValues: {},
    ...overrides,
  };
}

export function fakeResult(overrides: Partial<RunResult> = {}): RunResult {
  const info = fakeRunInfo(overrides);
  const endedAt = overrides.endedAt ?? new Date(info.startedAt.getTime() + 1500);
  return {
    ...info,
    status: 'success',
    endedAt,
    durationMs: endedAt.getTime() - info.startedAt.getTime(),
    description: '',
    receivedRows: 10,
    processedRows: 10,
    importedRows: 10,
    apiCalls: 2,
    ...overrides,
  };
}
