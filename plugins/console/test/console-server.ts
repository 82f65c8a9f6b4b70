import type { ConnectorTemplate } from 'tributary-kit';
import {
  fakeCredentialType,
  recordingSink,
  startTestServer,
  syntheticConnector,
  testPlugin,
  type TestServer,
} from '../../../testing.js';

const departmentMapping = { identification: 'Username', fields: [{ source: 'Department', target: 'department' }] };

/** A test server with the fake CRM credential, a recording sink and `connectors` (default: `synthetic`, department mapping) read by `templates`. */
export function startConsoleServer(
  token: string,
  connectors: ReadonlyArray<{ nqlId: string; name: string; connector?: string; mapping?: object; schedule?: object }>,
  templates: ConnectorTemplate[] = [syntheticConnector({ rows: 1, credentialTypes: ['fake'] })],
): Promise<TestServer> {
  const config = {
    credentials: [{ id: 'crm', name: 'CRM API', type: 'fake', url: 'https://api.example.test', token: '${CRM_TOKEN}' }],
    sinks: [{ id: 'store', type: 'recording' }],
    connectors: connectors.map((c) => ({
      connector: 'synthetic',
      credentials: 'crm',
      mapping: departmentMapping,
      ...c,
    })),
  };
  const plugins = [
    testPlugin({
      connectorTemplates: templates,
      sinkTypes: [recordingSink({ type: 'recording' })],
      credentialTypes: [fakeCredentialType()],
    }),
  ];
  return startTestServer({ config, plugins, env: { CRM_TOKEN: 'crm-secret-value' }, token });
}
