import { setTimeout as delay } from 'node:timers/promises';
import {
  NOTIFICATION_KINDS,
  type HttpClient,
  type Logger,
  type Notification,
  type NotificationKind,
  type NotifyTargetConfig,
} from '../../core/index.js';
import { createHttpClient } from '../http/create-http-client.js';
import { deliver, type DeliveryPolicy } from './deliver.js';
import { createEmailSender } from './email-sender.js';
import type { Notifier } from './notifier.js';
import type { NotifySender } from './notify-sender.js';
import { redactStrings } from './redact-strings.js';
import { createWebhookSender } from './webhook-sender.js';

export interface NotifierOptions {
  /** Where a notification that could not be sent is reported (an error), and each retry (a warning). */
  readonly logger: Logger;
  /** The host's redactor: every text that leaves (bodies, subjects, logs) goes through it. */
  readonly redact: (text: string) => string;
  /** Posts the webhooks (its own retries are not used). Default: a client of its own. */
  readonly http?: HttpClient;
  /** Attempts per target and notification, the first included. Default 3. */
  readonly attempts?: number;
  /** The wait before the second attempt; each next one doubles. Default 1,000 ms. */
  readonly baseDelayMs?: number;
  /** Waits between attempts, rejecting when the signal aborts (the notifier closes). Tests inject their own. */
  readonly wait?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Bound of one attempt: a webhook's request, each step of an SMTP exchange. Default 10,000 ms. */
  readonly timeoutMs?: number;
}

const realWait = (ms: number, signal: AbortSignal): Promise<void> => delay(ms, undefined, { signal });

interface Target {
  readonly events: ReadonlySet<NotificationKind>;
  readonly sender: NotifySender;
}

function senderOf(target: NotifyTargetConfig, options: NotifierOptions, http: () => HttpClient): NotifySender {
  const { redact } = options;
  const timeoutMs = options.timeoutMs ?? 10_000;
  return target.type === 'webhook'
    ? createWebhookSender(target, { http: http(), redact, timeoutMs })
    : createEmailSender(target, { redact, timeoutMs });
}

/**
 * The notifier of the `notify:` targets. Each notification goes to every target whose `events` take
 * its kind (all kinds when it lists none), to each one independently: a target that fails is tried
 * again with exponential backoff and, when it still fails, logged as an error; `notify` never rejects.
 */
export function createNotifier(targets: readonly NotifyTargetConfig[], options: NotifierOptions): Notifier {
  let http = options.http;
  const httpClient = (): HttpClient => (http ??= createHttpClient());
  const configured: Target[] = targets.map((target) => ({
    events: new Set(target.events ?? NOTIFICATION_KINDS),
    sender: senderOf(target, options, httpClient),
  }));
  const closing = new AbortController();
  const policy: DeliveryPolicy = {
    logger: options.logger,
    redact: options.redact,
    attempts: Math.max(1, options.attempts ?? 3),
    baseDelayMs: options.baseDelayMs ?? 1_000,
    wait: options.wait ?? realWait,
    signal: closing.signal,
  };
  const underWay = new Set<Promise<void>>();

  return {
    async notify(notification: Notification): Promise<void> {
      if (closing.signal.aborted) {
        options.logger.warn(options.redact(`Not sent, the notifier is closed: ${notification.title}`));
        return;
      }
      const redacted = redactStrings(notification, options.redact);
      const sending = Promise.all(
        configured
          .filter((target) => target.events.has(notification.kind))
          .map((target) => deliver(target.sender, redacted, policy)),
      ).then(() => undefined);
      underWay.add(sending);
      try {
        await sending;
      } finally {
        underWay.delete(sending);
      }
    },
    async close(): Promise<void> {
      closing.abort();
      await Promise.all(underWay);
      await Promise.all(configured.map((target) => target.sender.close?.()));
    },
  };
}
