import type { Notification } from '../../core/index.js';

/** Sends one notification to one target, once; throws when it was not delivered. */
export interface NotifySender {
  /** What the logs call the target: `webhook hooks.slack.com`, never its path or query (they may hold a token). */
  readonly label: string;
  /** Throws a `TransientError` (or any non-Tributary error) when trying again may help, another Tributary error when not. */
  send(notification: Notification): Promise<void>;
  close?(): Promise<void>;
}
