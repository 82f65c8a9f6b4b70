import {
  ConnectorTemplates,
  CredentialTypes,
  definePlugin,
  ExecutionListeners,
  HttpRoutes,
  PLUGIN_API_VERSION,
  SinkTypes,
  type ConnectorTemplate,
  type CredentialType,
  type ExecutionListener,
  type HttpRoute,
  type Plugin,
  type SinkType,
} from '../core/index.js';

export interface TestPluginContributions {
  readonly id?: string;
  readonly connectorTemplates?: readonly ConnectorTemplate[];
  readonly credentialTypes?: readonly CredentialType[];
  readonly sinkTypes?: readonly SinkType[];
  readonly executionListeners?: readonly ExecutionListener[];
  readonly httpRoutes?: readonly HttpRoute[];
}

/** Wraps contributions (fakes or real ones) into a plugin, for a test host. */
export function testPlugin(c: TestPluginContributions): Plugin {
  return definePlugin({
    id: c.id ?? 'test-plugin',
    version: '0.0.0',
    apiVersion: PLUGIN_API_VERSION,
    description: 'Contributions under test',
    register(env) {
      for (const t of c.connectorTemplates ?? []) env.contribute(ConnectorTemplates, t);
      for (const t of c.credentialTypes ?? []) env.contribute(CredentialTypes, t);
      for (const t of c.sinkTypes ?? []) env.contribute(SinkTypes, t);
      for (const t of c.executionListeners ?? []) env.contribute(ExecutionListeners, t);
      for (const t of c.httpRoutes ?? []) env.contribute(HttpRoutes, t);
    },
  });
}
