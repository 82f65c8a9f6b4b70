import {
  type ConnectorContext,
  type Credential,
  type Logger,
  type ConnectorTemplate,
  type RecordBatch,
  type SourceRecord,
  type SyncRead,
} from '../core/index.js';
import type { Host } from '../kernel/create-host.js';
import type { PluginTestHost } from './start-test-host.js';
import { createConnectorContext, type ContextState } from '../kernel/run/connector-context.js';
import type { RunServices } from '../kernel/run/run-services.js';

export interface DirectOptions {
  /** `ctx.maxRows`. Default: the config's `limits.maxRowsPerSync`. */
  readonly maxRows?: number;
  readonly signal?: AbortSignal;
  /** `ctx.sync`: what to read. Default: a plain full read. */
  readonly sync?: SyncRead;
}

/** A configured connector's template with the context the host would give it, for calling it by hand. */
export interface DirectConnector {
  readonly template: ConnectorTemplate;
  readonly context: ConnectorContext;
  /** What the connector reported through its context (`apiCalls`, `expectedRows`, `moreAvailable`, `warnings`, `cursor`, `sourceCount`). */
  readonly state: ContextState;
}

/** The template and context (validated parameters, its credential) of a connector of a started host. */
export function connectorDirectly(
  started: Host | PluginTestHost,
  nqlId: string,
  options: DirectOptions = {},
): DirectConnector {
  const host = hostOf(started);
  const connector = host.connector(nqlId);
  const template = host.registry.connectorTemplates.get(connector.connector)!;
  const services = {
    limits: { ...host.config.limits, maxRowsPerSync: options.maxRows ?? host.config.limits.maxRowsPerSync },
    credential: (id: string) => credentialDirectly(host, id),
  } as Pick<RunServices, 'limits' | 'credential'> as RunServices;
  const { context, state } = createConnectorContext(
    services,
    connector,
    options.signal ?? new AbortController().signal,
    host.logger,
    options.sync,
  );
  return { template, context, state };
}

/**
 * The `Credential` a configured credentials entry makes, built by its (real) credential type as a run
 * would build it: for testing a template or a sink with a built-in credential type such as
 * `oauth2-client-credentials`, without importing that plugin. Its secrets are registered with the host.
 */
export function credentialDirectly(
  started: Host | PluginTestHost,
  credentialId: string,
  options: CredentialDirectlyOptions = {},
): Credential {
  const host = hostOf(started);
  const entry = host.config.credentials.find((c) => c.id === credentialId);
  if (!entry) throw new Error(`No credentials entry with id "${credentialId}" in the test host's config`);
  const addSecret = (secret: string): void => {
    host.redactor.add(secret);
    options.addSecret?.(secret);
  };
  return host.registry.credentialTypes
    .get(entry.type)!
    .create(entry, { logger: options.logger ?? host.logger, addSecret });
}

export interface CredentialDirectlyOptions {
  /** Where the credential logs (default: the host's logger, a test host's `logger.lines`). */
  readonly logger?: Logger;
  /** Also told every secret the credential registers (the tokens it obtains), e.g. to scrub a recording. */
  readonly addSecret?: (secret: string) => void;
}

/** A connector's `read()` pulled by hand, without the pipeline: for tests of paging, limits and cancellation. */
export interface DirectRead extends DirectConnector {
  readonly batches: AsyncIterator<RecordBatch>;
}

export function readDirectly(host: Host | PluginTestHost, nqlId: string, options: DirectOptions = {}): DirectRead {
  const direct = connectorDirectly(host, nqlId, options);
  return { ...direct, batches: direct.template.read(direct.context)[Symbol.asyncIterator]() };
}

/** Pulls every batch of a direct read; the records after the last restart only. */
export async function readAll(read: DirectRead): Promise<SourceRecord[]> {
  let records: SourceRecord[] = [];
  for (;;) {
    const next = await read.batches.next();
    if (next.done) return records;
    if (next.value.restarted !== undefined) records = [];
    records = records.concat(next.value.records);
  }
}

/** The host a kit test host was started with (the kit's test hosts carry it, unlisted in their public type). */
function hostOf(started: Host | PluginTestHost): Host {
  return 'registry' in started ? started : (started as PluginTestHost & { readonly host: Host }).host;
}
