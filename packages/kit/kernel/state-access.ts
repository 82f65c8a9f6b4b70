import { isMainThread } from 'node:worker_threads';
import type { StateAccess } from '../core/index.js';

/** The umask each `state.access` stands for: what Tributary creates is never world-readable. */
const STATE_UMASK: Readonly<Record<StateAccess, number>> = Object.freeze({ private: 0o077, group: 0o027 });

/**
 * Sets the process umask from `state.access`, so that every file and folder the CLI creates (the
 * state dir, SQLite stores with their -wal/-shm, run locks, jsonl exports and their temp files) is
 * 0600/0700 (`private`) or 0640/0750 (`group`). Returns a function restoring the previous umask.
 */
export function applyStateAccess(access: StateAccess = 'private'): () => void {
  if (!isMainThread) return () => undefined; // a worker cannot set the umask: its process's applies
  const previous = process.umask(STATE_UMASK[access]);
  return () => void process.umask(previous);
}
