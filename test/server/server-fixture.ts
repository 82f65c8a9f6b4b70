import { fakeCredentialType, recordingSink, syntheticConnector, testPlugin } from '../../testing.js';

export const CREDENTIAL_SECRET = 'credential-secret-value-4711';
export const OPERATOR_TOKEN = 'operator-token-0123456789abcdef';

/** Two connectors without schedules (runs come from "run now"): one that succeeds, one whose source fails. */
export function serverConfig() {
  const mapping = { identification: 'Username', fields: [{ source: 'Department', target: 'department' }] };
  return {
    credentials: [{ id: 'fake', name: 'Fake', type: 'fake', url: 'https://api.example.test', token: '${FAKE_TOKEN}' }],
    sinks: [{ id: 'out', type: 'recording' }],
    connectors: [
      { nqlId: 'good_users', name: 'Good users', connector: 'synthetic', credentials: 'fake', mapping },
      { nqlId: 'broken_users', name: 'Broken users', connector: 'synthetic-failing', credentials: 'fake', mapping },
    ],
  };
}

/** The plugins behind {@link serverConfig}; `hold` keeps good_users' first batch waiting until it resolves. */
export function serverPlugins(hold?: () => Promise<void>) {
  return [
    testPlugin({
      connectorTemplates: [
        syntheticConnector({
          rows: 25,
          batchSize: 10,
          credentialTypes: ['fake'],
          beforeBatch: (i) => (i === 0 ? hold?.() : undefined),
        }),
        syntheticConnector({
          id: 'synthetic-failing',
          displayName: 'Failing',
          rows: 25,
          batchSize: 10,
          failAt: 10,
          credentialTypes: ['fake'],
        }),
      ],
      sinkTypes: [recordingSink()],
      credentialTypes: [fakeCredentialType()],
    }),
  ];
}

export const serverEnv = { FAKE_TOKEN: CREDENTIAL_SECRET };

/**
 * A connector (`held_users`) whose check counts its calls and, when `hold` is given, waits for it: the
 * config and plugins for tests of what starts a check.
 */
export function countedChecks(hold?: Promise<void>) {
  const base = syntheticConnector({ rows: 3, credentialTypes: ['fake'] });
  const counter = { started: 0 };
  const plugin = testPlugin({
    connectorTemplates: [
      {
        ...base,
        id: 'counted-check',
        async check(context) {
          counter.started++;
          await hold;
          return base.check(context);
        },
      },
    ],
    sinkTypes: [recordingSink()],
    credentialTypes: [fakeCredentialType()],
  });
  const { credentials, sinks, connectors } = serverConfig();
  const config = {
    credentials,
    sinks,
    connectors: [{ ...connectors[0]!, nqlId: 'held_users', name: 'Held', connector: 'counted-check' }],
  };
  return { config, plugins: [plugin], counter };
}
