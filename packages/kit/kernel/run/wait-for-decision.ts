import { FatalError, type ControlStore, type HoldDecision } from '../../core/index.js';

/**
 * Waits for a held run's decision, asking the store every `pollMs` (any host may decide it). At the
 * deadline the run is rejected in the store (`timeout`), unless a decision came first: the first one
 * stored wins. Rejects with the signal's reason when the run is cancelled meanwhile.
 */
export async function waitForDecision(
  store: ControlStore,
  runId: string,
  deadline: Date,
  signal: AbortSignal,
  pollMs: number,
): Promise<HoldDecision> {
  for (;;) {
    if (signal.aborted) throw signal.reason;
    const held = await store.heldRun(runId);
    if (!held) throw new FatalError('RUN_HOLD_LOST', `The record of held run ${runId} is gone: nothing was committed`);
    if (held.decision) return held.decision;
    if (Date.now() >= deadline.getTime()) {
      await store.decide(runId, { verdict: 'rejected', by: 'timeout', at: new Date() });
      continue;
    }
    await pause(Math.min(pollMs, Math.max(1, deadline.getTime() - Date.now())), signal);
  }
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
