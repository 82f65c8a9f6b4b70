import type { CliCommand } from '../cli-command.js';
import type { ConnectorTemplate } from '../connector-template.js';
import type { CredentialType } from '../credential-type.js';
import type { ExecutionListener } from '../execution-listener.js';
import type { HttpRoute } from '../http-route.js';
import type { SinkType } from '../sink-type.js';
import type { UserAttributeReader } from '../user-attribute-reader.js';
import {
  commandProblems,
  credentialTypeProblems,
  listenerProblems,
  routeProblems,
  sinkTypeProblems,
  templateProblems,
} from './contribution-problems.js';
import { createExtensionPoint } from './extension-point.js';
import { RESERVED_COMMANDS, RESERVED_ROUTES, routeKey } from './reserved-names.js';

/** Connector templates, keyed by `id` (`connectors[].connector`). */
export const ConnectorTemplates = createExtensionPoint<ConnectorTemplate>({
  id: 'core.connector-template',
  label: 'connector template',
  key: (t) => t.id,
  problems: templateProblems,
  unique: true,
});

/** Credential types, keyed by `type` (`credentials[].type`). */
export const CredentialTypes = createExtensionPoint<CredentialType>({
  id: 'core.credential-type',
  label: 'credential type',
  key: (c) => c.type,
  problems: credentialTypeProblems,
  unique: true,
});

/** Sink types, keyed by `type` (`sinks[].type`). */
export const SinkTypes = createExtensionPoint<SinkType>({
  id: 'core.sink-type',
  label: 'sink type',
  key: (s) => s.type,
  problems: sinkTypeProblems,
  unique: true,
});

/** Observers of every run, in plugin order; may be made per run (`{ perRun: true }`). */
export const ExecutionListeners = createExtensionPoint<ExecutionListener>({
  id: 'core.execution-listener',
  label: 'execution listener',
  key: (l) => l.id,
  problems: listenerProblems,
  perRun: true,
});

/** `tributary <name>` commands, keyed by `name`; the host's own names are reserved. */
export const CliCommands = createExtensionPoint<CliCommand>({
  id: 'core.cli-command',
  label: 'CLI command',
  key: (c) => c.name,
  problems: commandProblems,
  unique: true,
  reserved: (name) => RESERVED_COMMANDS.has(name),
});

/** Routes `serve` answers, keyed `GET /path`; the host's health checks and JSON API are reserved. */
export const HttpRoutes = createExtensionPoint<HttpRoute>({
  id: 'core.http-route',
  label: 'HTTP route',
  key: routeKey,
  problems: routeProblems,
  unique: true,
  reserved: (key) => RESERVED_ROUTES.some((prefix) => (key.split(' ')[1] ?? '').startsWith(prefix)),
});

/** Readers of a sink type's store, for `tributary users`, keyed by `sinkType`. */
export const UserAttributeReaders = createExtensionPoint<UserAttributeReader>({
  id: 'core.user-attribute-reader',
  label: 'user-attribute reader',
  key: (r) => r.sinkType,
  unique: true,
});

/** The host's own extension points, in the order `tributary plugins` lists them. */
export const BUILTIN_EXTENSION_POINTS = [
  ConnectorTemplates,
  CredentialTypes,
  SinkTypes,
  ExecutionListeners,
  CliCommands,
  HttpRoutes,
  UserAttributeReaders,
] as const;
