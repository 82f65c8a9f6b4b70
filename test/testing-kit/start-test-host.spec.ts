import { expect } from 'chai';
import { AuthenticationError, ConfigProblemsError } from '../../core/index.js';
import { fakeCredential, fakeCredentialType, recordingSink, startTestHost, syntheticConnector, testPlugin } from '../../testing.js';

function config(rows = 30) {
  return {
    credentials: [{ id: 'fake', name: 'Fake', type: 'fake', url: 'https://api.example.test', token: '${FAKE_TOKEN}' }],
    sinks: [{ id: 'out', type: 'recording' }],
    connectors: [
      {
        nqlId: 'synthetic_users',
        name: `Synthetic ${rows}`,
        connector: 'synthetic',
        credentials: 'fake',
        mapping: { identification: 'Username', fields: [{ source: 'Department', target: 'department' }] },
      },
    ],
  };
}

async function host(options: { withoutBuiltins?: boolean; executionLog?: boolean; rows?: number } = {}) {
  const sink = recordingSink();
  const credentials = fakeCredentialType();
  const template = syntheticConnector({ rows: options.rows ?? 30, batchSize: 10, credentialTypes: ['fake'] });
  const th = await startTestHost({
    config: config(options.rows),
    plugins: [testPlugin({ connectorTemplates: [template], sinkTypes: [sink], credentialTypes: [credentials] })],
    env: { FAKE_TOKEN: 'fake-token-value' },
    withoutBuiltins: options.withoutBuiltins,
    executionLog: options.executionLog,
  });
  return { th, sink, credentials };
}

describe('tributary/testing: startTestHost and the fakes', () => {
  it('runs the real pipeline in memory: listener, sink and an execution log queried with NQL', async () => {
    const { th, sink } = await host();
    try {
      const result = await th.run('synthetic_users');
      expect(result.status).to.equal('success');
      expect(th.listener.last()).to.deep.equal(result);
      expect(th.listener.rows.get(result.runId)).to.equal(30);
      expect(sink.committed()).to.have.length(30);
      const entries = await th.logs('platform.inbound_connector_logs | where details.nql_id == "synthetic_users" | list status, details.number_of_imported_rows');
      expect(entries).to.deep.equal([{ status: 'success', 'details.number_of_imported_rows': 30 }]);
      expect(th.host.stateDir).to.equal(':memory:');
    } finally {
      await th.close();
    }
  });

  it('keeps the execution log without the built-ins, and says so when it is switched off', async () => {
    const bare = await host({ withoutBuiltins: true });
    try {
      await bare.th.run('synthetic_users');
      expect(await bare.th.logs()).to.have.length(1);
      expect(bare.th.host.registry.plugins.map((p) => p.plugin.id)).to.deep.equal(['test-plugin', 'execution-log', 'tributary-testing']);
    } finally {
      await bare.th.close();
    }
    const none = await host({ withoutBuiltins: true, executionLog: false });
    try {
      await none.th.logs().then(
        () => expect.fail('logs() answered without an execution log'),
        (error: Error) => expect(error.message).to.contain('execution-log plugin is not loaded'),
      );
    } finally {
      await none.th.close();
    }
  });

  it('fake credentials authenticate from config, register their secret, and can refuse', async () => {
    const { th, credentials } = await host();
    try {
      await th.run('synthetic_users');
      const entry = th.host.config.credentials[0]!;
      const credential = th.host.registry.credentialTypes.get('fake')!.create(entry, { logger: th.logger, addSecret: (s) => th.host.redactor.add(s) });
      expect(await credential.authenticate()).to.deep.equal({ headers: { Authorization: 'Bearer fake-token-value' }, baseUrl: 'https://api.example.test' });
      expect(credentials.created.at(-1)!.requests).to.have.length(1);
      expect(th.host.redactor.redact('sent fake-token-value')).to.equal('sent ***');
    } finally {
      await th.close();
    }
    const refused = fakeCredential({ reject: true });
    const error = await refused.test().catch((e: unknown) => e);
    expect(error).to.be.instanceOf(AuthenticationError);
    expect(refused.requests).to.deep.equal([{ force: true }]);
  });

  it('rejects a configuration that does not validate, with every problem', async () => {
    const error = await startTestHost({ config: { connectors: [{ nqlId: 'x', name: 'X', connector: 'missing', mapping: { identification: 'a', fields: [] } }] } }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(ConfigProblemsError);
    expect((error as ConfigProblemsError).problems.length).to.be.greaterThan(0);
  });
});
