import type { CliCommand, ConnectorTemplate, CredentialType, ExecutionListener, HttpRoute, Plugin, SinkType } from '../../../core/index.js';

export interface PluginContributions {
  readonly connectorTemplates: string[];
  readonly credentialTypes: string[];
  readonly sinkTypes: string[];
  readonly executionListeners: string[];
  readonly commands: string[];
  readonly httpRoutes: string[];
}

export interface LoadedPlugin {
  readonly plugin: Plugin;
  /** `built-in`, or the `plugins:` entry it came from. */
  readonly source: string;
  readonly contributions: PluginContributions;
}

/** Everything the loaded plugins contribute, by id. Built once per host, read-only afterwards. */
export class PluginRegistry {
  readonly plugins: LoadedPlugin[] = [];
  readonly connectorTemplates = new Map<string, ConnectorTemplate>();
  readonly credentialTypes = new Map<string, CredentialType>();
  readonly sinkTypes = new Map<string, SinkType>();
  readonly executionListeners: ExecutionListener[] = [];
  readonly commands = new Map<string, CliCommand>();
  /** Keyed `GET /path`. */
  readonly httpRoutes = new Map<string, HttpRoute>();

  /** The plugin that contributed a template, credential type, sink type or command (for error messages). */
  ownerOf(kind: keyof PluginContributions, id: string): string | undefined {
    return this.plugins.find((p) => p.contributions[kind].includes(id))?.plugin.id;
  }
}
