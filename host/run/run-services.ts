import type { ConnectorConfig, ConnectorTemplate, Credential, ExecutionListener, LimitsConfig, Logger, Sink } from '../../core/index.js';

/** What a run needs from its host: resolved contributions and configured instances. */
export interface RunServices {
  readonly limits: LimitsConfig;
  readonly logger: Logger;
  readonly listeners: readonly ExecutionListener[];
  /** Hides every known secret; applied to what the run leaves in the execution log. */
  redact(text: string): string;
  template(connector: ConnectorConfig): ConnectorTemplate;
  credential(id: string): Credential;
  credentialName(id: string): string;
  sink(id: string): Sink;
}
