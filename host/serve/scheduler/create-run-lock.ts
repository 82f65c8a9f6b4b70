import type { Logger } from 'tributary-kit';
import { MemoryRunLock } from './memory-run-lock.js';
import { FileRunLock, type RunLock } from './run-lock.js';

/** The run lock for a state dir: lock files under `<stateDir>/locks`, or in-process for `:memory:`. */
export function createRunLock(stateDir: string, logger?: Logger): RunLock {
  return stateDir === ':memory:' ? new MemoryRunLock() : new FileRunLock(stateDir, { logger });
}
