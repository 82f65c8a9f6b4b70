import type { Notification } from '../../core/index.js';
import type { Notifier } from './notify/notifier.js';

/** A notifier whose sendings run in the background: `notify` returns at once, `close` waits for them. */
export interface BackgroundNotifier {
  notify(notification: Notification): void;
  close(): Promise<void>;
}

export function backgroundNotifier(notifier: Notifier): BackgroundNotifier {
  const sending = new Set<Promise<void>>();
  return {
    notify(notification) {
      const sent: Promise<void> = notifier
        .notify(notification)
        .catch(() => undefined)
        .finally(() => sending.delete(sent));
      sending.add(sent);
    },
    async close() {
      await Promise.all([...sending]);
      await notifier.close?.();
    },
  };
}
