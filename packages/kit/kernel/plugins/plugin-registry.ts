import {
  CliCommands,
  ConnectorTemplates,
  CredentialTypes,
  ExecutionListeners,
  HttpRoutes,
  SinkTypes,
  type CliCommand,
  type ConnectorTemplate,
  type CredentialType,
  type ExecutionListener,
  type ExtensionPoint,
  type HttpRoute,
  type Plugin,
  type SinkType,
} from '../../core/index.js';

/** The host's read side of the built-in points, by the name the registry's maps have. */
export const REGISTRY_POINTS = {
  connectorTemplates: ConnectorTemplates,
  credentialTypes: CredentialTypes,
  sinkTypes: SinkTypes,
  executionListeners: ExecutionListeners,
  commands: CliCommands,
  httpRoutes: HttpRoutes,
} as const;

export type PluginContributions = { readonly [K in keyof typeof REGISTRY_POINTS]: string[] };

export interface LoadedPlugin {
  readonly plugin: Plugin;
  /** `built-in`, or the `plugins:` entry it came from. */
  readonly source: string;
  /** The keys of what it contributed to the built-in points. */
  readonly contributions: PluginContributions;
  /** The keys of what it contributed, by extension point id (plugin-defined points too). */
  readonly contributed: ReadonlyMap<string, readonly string[]>;
}

/** Everything the loaded plugins contribute, by id. Built once per host, read-only afterwards. */
export class PluginRegistry {
  readonly plugins: LoadedPlugin[] = [];
  readonly connectorTemplates = new Map<string, ConnectorTemplate>();
  readonly credentialTypes = new Map<string, CredentialType>();
  readonly sinkTypes = new Map<string, SinkType>();
  /** Resolved once when plugins load (per-run ones with a validation context). */
  readonly executionListeners: ExecutionListener[] = [];
  readonly commands = new Map<string, CliCommand>();
  /** Keyed `GET /path`. */
  readonly httpRoutes = new Map<string, HttpRoute>();
  private readonly byPoint = new Map<
    string,
    Array<{ readonly key: string; readonly value: unknown; readonly owner: string }>
  >();

  /** Everything contributed to a point, in plugin order. */
  contributions<T>(point: ExtensionPoint<T>): readonly T[] {
    return (this.byPoint.get(point.id) ?? []).map((entry) => entry.value as T);
  }

  /** The plugin that contributed `key` to a point, if one did. */
  ownerIn(point: Pick<ExtensionPoint<unknown>, 'id'>, key: string): string | undefined {
    return this.byPoint.get(point.id)?.find((entry) => entry.key === key)?.owner;
  }

  /** The plugin that contributed a template, credential type, sink type or command (for error messages). */
  ownerOf(kind: keyof PluginContributions, id: string): string | undefined {
    return this.ownerIn(REGISTRY_POINTS[kind], id);
  }

  /** Records one validated contribution (the loader checked its shape and key). */
  add<T>(point: ExtensionPoint<T>, value: T, owner: string): string {
    const key = point.key(value);
    const list = this.byPoint.get(point.id) ?? [];
    list.push({ key, value, owner });
    this.byPoint.set(point.id, list);
    const kind = (Object.keys(REGISTRY_POINTS) as Array<keyof PluginContributions>).find(
      (k) => REGISTRY_POINTS[k].id === point.id,
    );
    if (kind === 'executionListeners') this.executionListeners.push(value as ExecutionListener);
    else if (kind) (this[kind] as Map<string, unknown>).set(key, value);
    return key;
  }
}
