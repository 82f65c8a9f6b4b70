import {
  ConnectorTemplateToken,
  contributions,
  CredentialTypeToken,
  definePlugin,
  ExecutionListenerToken,
  HttpRouteToken,
  PLUGIN_API_VERSION,
  SinkTypeToken,
  type ConnectorTemplate,
  type CredentialType,
  type ExecutionListener,
  type HttpRoute,
  type Plugin,
  type SinkType,
} from '../../core/index.js';

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
    module: contributions(({ bind }) => {
      for (const t of c.connectorTemplates ?? []) bind(ConnectorTemplateToken).toConstantValue(t);
      for (const t of c.credentialTypes ?? []) bind(CredentialTypeToken).toConstantValue(t);
      for (const t of c.sinkTypes ?? []) bind(SinkTypeToken).toConstantValue(t);
      for (const t of c.executionListeners ?? []) bind(ExecutionListenerToken).toConstantValue(t);
      for (const t of c.httpRoutes ?? []) bind(HttpRouteToken).toConstantValue(t);
    }),
  });
}
