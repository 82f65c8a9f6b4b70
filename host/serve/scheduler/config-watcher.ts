import { createHash } from 'node:crypto';
import { readFileSync, watch } from 'node:fs';
import { basename, dirname } from 'node:path';
import { silentLogger, type Logger } from 'tributary-kit';
import { systemClock, type CancelTimer, type Clock } from 'tributary-kit/internal/kernel/schedule/clock.js';

/** Watches a config file and calls `onChange` after it changed; returns a function that stops watching. */
export type WatchConfig = (path: string, onChange: () => void) => () => void;

export interface ConfigWatcherOptions {
  /** Quiet time after the last file event before `onChange` (editors write in several steps). */
  readonly debounceMs?: number;
  readonly clock?: Clock;
  readonly logger?: Logger;
}

/**
 * Watches the file's folder rather than the file, so a save by rename (as most editors do) is
 * seen too. Events are debounced, and `onChange` only fires when the content really changed.
 */
export function watchConfigFile(path: string, onChange: () => void, options: ConfigWatcherOptions = {}): () => void {
  const { debounceMs = 300, clock = systemClock, logger = silentLogger } = options;
  const name = basename(path);
  let lastHash = hashOf(path);
  let cancelTimer: CancelTimer | undefined;
  const settled = (): void => {
    cancelTimer = undefined;
    const hash = hashOf(path);
    if (hash === undefined || hash === lastHash) return; // gone for a moment (mid-save) or unchanged
    lastHash = hash;
    onChange();
  };
  const watcher = watch(dirname(path), { persistent: false }, (_event, filename) => {
    if (filename !== null && filename.toString() !== name) return;
    cancelTimer?.();
    cancelTimer = clock.setTimer(new Date(clock.now().getTime() + debounceMs), settled);
  });
  watcher.on('error', (error) =>
    logger.warn(`Stopped watching ${path} for changes: ${error.message} (SIGHUP still reloads)`),
  );
  return () => {
    cancelTimer?.();
    watcher.close();
  };
}

function hashOf(path: string): string | undefined {
  try {
    return createHash('sha256').update(readFileSync(path)).digest('hex');
  } catch {
    return undefined;
  }
}
