import { isTributaryError, type Logger, type Notification } from '../../core/index.js';
import type { NotifySender } from './notify-sender.js';

export interface DeliveryPolicy {
  readonly logger: Logger;
  readonly redact: (text: string) => string;
  /** Attempts in all, the first included. */
  readonly attempts: number;
  /** The wait before the second attempt; each next wait doubles. */
  readonly baseDelayMs: number;
  readonly wait: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Aborted when the notifier closes: no more waiting to retry. */
  readonly signal: AbortSignal;
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const retryable = (error: unknown): boolean => !isTributaryError(error) || error.retryable;

/**
 * Sends one notification to one target: again after a failure worth retrying, with exponential
 * backoff, until `attempts` were made. Never throws: the final failure is logged as an error.
 */
export async function deliver(sender: NotifySender, notification: Notification, policy: DeliveryPolicy): Promise<void> {
  const { logger, redact } = policy;
  const what = `the ${notification.kind} notification of ${notification.name} (${notification.nqlId})`;
  for (let attempt = 1; ; attempt++) {
    let failure: unknown;
    try {
      await sender.send(notification);
      return;
    } catch (error) {
      failure = error;
    }
    const tries = `${attempt} attempt${attempt === 1 ? '' : 's'}`;
    if (!retryable(failure) || attempt >= policy.attempts || policy.signal.aborted) {
      logger.error(redact(`Could not send ${what} to ${sender.label} (${tries}): ${reasonOf(failure)}`));
      return;
    }
    const delayMs = policy.baseDelayMs * 2 ** (attempt - 1);
    logger.warn(
      redact(`Sending ${what} to ${sender.label} failed, trying again in ${delayMs} ms: ${reasonOf(failure)}`),
    );
    try {
      await policy.wait(delayMs, policy.signal);
    } catch {
      logger.error(
        redact(
          `Could not send ${what} to ${sender.label} (${tries}; closed before trying again): ${reasonOf(failure)}`,
        ),
      );
      return;
    }
  }
}
