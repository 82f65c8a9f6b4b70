import { expect } from 'chai';
import { AuthenticationError, ConfigProblemsError } from 'tributary-kit';
import {
  fakeCredential,
  fakeCredentialType,
  readAll,
  readDirectly,
  recordingSink,
  syntheticConnector,
  testPlugin,
} from '../../testing.js';
// The kit's own view (with the host it started), to check what the public one hides.
import { startTestHost } from '../../host/testing/builtin-test-host.js';
import { syntheticConfig } from '../support/synthetic-config.js';

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

describe('tributary-host/testing: startTestHost and the fakes', () => {
  it('runs the real pipeline in memory: listener, sink and an execution log queried with NQL', async () => {
    const { th, sink } = await host();
    try {
      const result = await th.run('synthetic_users');
      expect(result.status).to.equal('success');
      expect(th.listener.last()).to.deep.equal(result);
      expect(th.listener.rows.get(result.runId)).to.equal(30);
      expect(sink.committed()).to.have.length(30);
      const entries = await th.logs(
        'platform.inbound_connector_logs | where details.nql_id == "synthetic_users" | list status, details.number_of_imported_rows',
      );
      expect(entries).to.deep.equal([{ status: 'success', 'details.number_of_imported_rows': 30 }]);
      expect(th.host.stateDir).to.equal(':memory:');
    } finally {
      await th.close();
    }
  });

  it('keeps the execution log without the built-ins; switched off, it keeps the limits but records nothing', async () => {
    const bare = await host({ withoutBuiltins: true });
    try {
      await bare.th.run('synthetic_users');
      expect(await bare.th.logs()).to.have.length(1);
      expect(bare.th.plugins.map((p) => p.id)).to.deep.equal(['execution-log', 'test-plugin', 'tributary-testing']);
    } finally {
      await bare.th.close();
    }
    const none = await host({ withoutBuiltins: true, executionLog: false, rows: 30 });
    try {
      expect(none.th.plugins.map((p) => p.id)).to.include('execution-log');
      const result = await none.th.run('synthetic_users', {});
      expect(result.status).to.equal('success');
      expect(await none.th.runCommand('logs', ['--format', 'json'])).to.deep.include({ code: 0, stdout: '[]\n' });
      await none.th.logs().then(
        () => expect.fail('logs() answered with the execution log switched off'),
        (error: Error) => expect(error.message).to.contain('switched off (executionLog: false)'),
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
      const credential = th.host.registry.credentialTypes
        .get('fake')!
        .create(entry, { logger: th.logger, addSecret: (s) => th.host.redactor.add(s) });
      expect(await credential.authenticate()).to.deep.equal({
        headers: { Authorization: 'Bearer fake-token-value' },
        baseUrl: 'https://api.example.test',
      });
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
    const error = await startTestHost({
      config: {
        connectors: [{ nqlId: 'x', name: 'X', connector: 'missing', mapping: { identification: 'a', fields: [] } }],
      },
    }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(ConfigProblemsError);
    expect((error as ConfigProblemsError).problems.length).to.be.greaterThan(0);
  });

  it("readDirectly and connectorDirectly log into the test host's logger.lines, like a run", async () => {
    const template = syntheticConnector({
      rows: 20,
      batchSize: 10,
      announceTotal: false,
      beforeBatch: (index, context) => {
        context.logger.info(`fetching page ${index}`);
        if (index === 1) context.warn('page 1 was slow');
      },
    });
    const th = await startTestHost({
      config: syntheticConfig(),
      plugins: [testPlugin({ connectorTemplates: [template], sinkTypes: [recordingSink()] })],
      withoutBuiltins: true,
    });
    try {
      const read = readDirectly(th, 'users', { maxRows: 10 });
      expect(await readAll(read)).to.have.length(10);
      expect(th.logger.lines).to.deep.equal(['info: fetching page 0']);
      expect(read.state.moreAvailable).to.equal(true);
      await readAll(readDirectly(th, 'users'));
      // The template counts its fetches across reads: the second read fetches its pages as 1 and 2.
      expect(th.logger.lines.slice(1)).to.deep.equal([
        'info: fetching page 1',
        'warn: page 1 was slow',
        'info: fetching page 2',
      ]);
    } finally {
      await th.close();
    }
  });
});
