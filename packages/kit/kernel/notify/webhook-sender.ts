import {
  FatalError,
  TransientError,
  type HttpClient,
  type Notification,
  type WebhookTargetConfig,
} from '../../core/index.js';
import { hostOf } from '../http/send-once.js';
import type { NotifySender } from './notify-sender.js';
import { redactStrings } from './redact-strings.js';
import { slackMessage } from './slack-message.js';

/** A webhook's answer is not read beyond this (Slack answers `ok`). */
const MAX_ANSWER_BYTES = 64 * 1024;
/** How much of a refusal's body the log quotes (Slack says why: `invalid_payload`, `no_service`). */
const QUOTED_ANSWER = 200;

/** The notification as the `json` format posts it: every field, dates as ISO strings, and `source`. */
function jsonMessage(notification: Notification): Record<string, unknown> {
  return { source: 'tributary', ...notification, time: notification.time.toISOString() };
}

/** 4xx answers that say "later" rather than "never". */
const RETRIED_4XX = new Set([408, 429]);

export interface WebhookSenderOptions {
  readonly http: HttpClient;
  readonly redact: (text: string) => string;
  readonly timeoutMs: number;
}

/** POSTs each notification to the target's URL as JSON (the notification, or Slack's shape); any 2xx is delivered. */
export function createWebhookSender(target: WebhookTargetConfig, options: WebhookSenderOptions): NotifySender {
  const label = `webhook ${hostOf(target.url)}`;
  return {
    label,
    async send(notification) {
      const message = target.format === 'slack' ? slackMessage(notification) : jsonMessage(notification);
      const response = await options.http.request({
        method: 'POST',
        url: target.url,
        headers: { ...target.headers },
        json: redactStrings(message, options.redact),
        timeoutMs: options.timeoutMs,
        retry: { limit: 0 },
        maxResponseBytes: MAX_ANSWER_BYTES,
      });
      const { status } = response;
      if (status >= 200 && status < 300) return;
      const said = response.body.trim().slice(0, QUOTED_ANSWER);
      const text = `${label} answered HTTP ${status}${said ? `: ${said}` : ''}`;
      const final = status >= 400 && status < 500 && !RETRIED_4XX.has(status);
      throw final
        ? new FatalError('NOTIFY_WEBHOOK_REFUSED', text, { details: { status } })
        : new TransientError('NOTIFY_WEBHOOK_FAILED', text, { details: { status } });
    },
  };
}
