import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { silentLogger, type Logger } from 'tributary-kit';
import { ageMs, codeOf, createLockFile, readText, removeIfUnchanged } from './lock-file.js';

/** Who holds a connector's lock. */
export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  readonly startedAt: string;
}

export type ReleaseLock = () => void;

/** At most one run per connector across every process sharing a state dir. */
export interface RunLock {
  /** Takes the connector's lock: a function that releases it, or undefined when someone else holds it. */
  acquire(nqlId: string): ReleaseLock | undefined;
  /** Who holds the lock now, if anyone (for messages). */
  holder(nqlId: string): LockHolder | undefined;
}

export interface FileRunLockOptions {
  readonly logger?: Logger;
  /** A lock file that cannot be read is treated as held for this long (it may be being written). */
  readonly unreadableGraceMs?: number;
}

/**
 * Lock files `<stateDir>/locks/<nqlId>.lock`, created with O_EXCL (`wx`) and holding
 * `{ pid, host, startedAt }`. A lock left by a process that no longer exists on this host is stale
 * and taken over; a lock from another host is never judged (remove the file by hand if that host died).
 */
export class FileRunLock implements RunLock {
  private readonly dir: string;
  private readonly logger: Logger;
  private readonly unreadableGraceMs: number;

  constructor(stateDir: string, options: FileRunLockOptions = {}) {
    this.dir = join(stateDir, 'locks');
    this.logger = options.logger ?? silentLogger;
    this.unreadableGraceMs = options.unreadableGraceMs ?? 60_000;
  }

  acquire(nqlId: string): ReleaseLock | undefined {
    mkdirSync(this.dir, { recursive: true });
    const path = this.pathOf(nqlId);
    const created = createLockFile(path);
    if (created !== undefined) return created;
    const seen = readText(path);
    if (seen === undefined) return createLockFile(path); // released in between
    const holder = parseHolder(seen);
    if (holder ? !isStale(holder) : ageMs(path) < this.unreadableGraceMs) return undefined;
    if (!removeIfUnchanged(path, seen)) return undefined;
    const release = createLockFile(path);
    if (release)
      this.logger.warn(
        `Took over the stale run lock of ${nqlId}${holder ? ` left by pid ${holder.pid} on ${holder.host} (since ${holder.startedAt})` : ' (unreadable lock file)'}`,
      );
    return release;
  }

  holder(nqlId: string): LockHolder | undefined {
    const text = readText(this.pathOf(nqlId));
    return text === undefined ? undefined : parseHolder(text);
  }

  private pathOf(nqlId: string): string {
    return join(this.dir, `${encodeURIComponent(nqlId)}.lock`);
  }
}

function isStale(holder: LockHolder): boolean {
  return holder.host === hostname() && holder.pid !== process.pid && !isAlive(holder.pid);
}

/** Signal 0 tests for existence: ESRCH means gone, EPERM means alive but not ours. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return codeOf(error) === 'EPERM';
  }
}

function parseHolder(text: string): LockHolder | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    if (typeof value.pid === 'number' && typeof value.host === 'string' && typeof value.startedAt === 'string') {
      return { pid: value.pid, host: value.host, startedAt: value.startedAt };
    }
  } catch {
    // not JSON: being written, or damaged
  }
  return undefined;
}
