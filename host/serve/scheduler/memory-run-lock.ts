import type { LockHolder, ReleaseLock, RunLock } from './run-lock.js';

/** A lock that only guards this process: for `:memory:` state and for tests. */
export class MemoryRunLock implements RunLock {
  private readonly held = new Map<string, LockHolder>();

  acquire(nqlId: string): ReleaseLock | undefined {
    if (this.held.has(nqlId)) return undefined;
    const holder: LockHolder = { pid: process.pid, host: 'this process', startedAt: new Date().toISOString() };
    this.held.set(nqlId, holder);
    return () => {
      if (this.held.get(nqlId) === holder) this.held.delete(nqlId);
    };
  }

  holder(nqlId: string): LockHolder | undefined {
    return this.held.get(nqlId);
  }
}
