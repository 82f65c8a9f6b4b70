import type { Notification } from '../../core/index.js';

/** Sends notifications to the configured `notify:` targets. */
export interface Notifier {
  /** Sends to every target that takes this kind of event, each on its own, retried; never rejects. */
  notify(notification: Notification): Promise<void>;
  /** Stops waiting to retry, lets the attempts under way end, and closes connections. */
  close?(): Promise<void>;
}
