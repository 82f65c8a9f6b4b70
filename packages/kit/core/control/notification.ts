/** What a notification is about. */
export type NotificationKind = 'failure' | 'held' | 'quarantine' | 'recovery';

export const NOTIFICATION_KINDS: readonly NotificationKind[] = ['failure', 'held', 'quarantine', 'recovery'];

/** One event worth telling an operator, as every `notify:` target receives it. */
export interface Notification {
  readonly kind: NotificationKind;
  readonly nqlId: string;
  /** The connector's name. */
  readonly name: string;
  readonly runId?: string;
  readonly time: Date;
  /** One line: `Salesforce users (sf_users) failed`. */
  readonly title: string;
  /** The run's description (already redacted), or why the connector is quarantined. */
  readonly text: string;
  /** The run's status and counts, when a run is concerned. */
  readonly run?: {
    readonly status: string;
    readonly receivedRows: number;
    readonly processedRows: number;
    readonly importedRows: number;
  };
  /** The run's page in the console, when `server.publicUrl` is set. */
  readonly link?: string;
}

/** A `notify:` target: a webhook (generic JSON, or Slack's incoming-webhook shape) or email over SMTP. */
export type NotifyTargetConfig = WebhookTargetConfig | EmailTargetConfig;

interface TargetCommon {
  /** The events it receives (default: all of them). */
  readonly events?: readonly NotificationKind[];
}

export interface WebhookTargetConfig extends TargetCommon {
  readonly type: 'webhook';
  /** Where the POST goes; a secret URL (Slack's) belongs in `${ENV}` or `${file:}`. */
  readonly url: string;
  /** `json` (default): the notification itself; `slack`: `{ text, blocks }` as Slack's incoming webhooks take it. */
  readonly format?: 'json' | 'slack';
  /** Extra request headers (an `Authorization`, from `${ENV}`). */
  readonly headers?: Readonly<Record<string, string>>;
}

export interface EmailTargetConfig extends TargetCommon {
  readonly type: 'email';
  readonly smtp: {
    readonly host: string;
    readonly port: number;
    /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
    readonly secure?: boolean;
    readonly user?: string;
    readonly password?: string;
  };
  readonly from: string;
  readonly to: readonly string[];
}
