import { expect } from 'chai';
import { silentLogger, type CheckResult, type ConnectorTemplate } from '../../core/index.js';
import { createHost } from '../../host/create-host.js';
import { recordingSink } from '../../host/testing/recording-sink.js';
import { syntheticConnector } from '../../host/testing/synthetic-connector.js';
import { testPlugin } from '../../host/testing/test-plugin.js';

async function checkWith(verdict: CheckResult) {
  const template: ConnectorTemplate = { ...syntheticConnector({ rows: 3 }), check: async () => verdict };
  const host = await createHost({
    config: {
      sinks: [{ id: 'out', type: 'recording' }],
      connectors: [
        {
          nqlId: 'users',
          name: 'Users',
          connector: 'synthetic',
          mapping: { identification: 'Username', fields: [{ source: 'Department', target: 'department' }, { source: 'Title', target: 'title' }] },
        },
      ],
    },
    withoutBuiltins: true,
    stateDir: ':memory:',
    logger: silentLogger,
    plugins: [testPlugin({ connectorTemplates: [template], sinkTypes: [recordingSink()] })],
  });
  try {
    return await host.check('users');
  } finally {
    await host.close();
  }
}

describe('check: the mapping tried on the sample', () => {
  it('passes when every source resolves on some sample record, null included', async () => {
    const report = await checkWith({ ok: true, messages: ['ready'], sample: [{ Username: 'a@acme.com', Department: null, Title: null }, { Username: 'b@acme.com', Department: 'IT' }] });
    expect(report.ok).to.equal(true);
    expect(report.messages).to.deep.equal(['ready']);
    expect(report.preview).to.deep.equal([
      { identifier: 'a@acme.com', fields: { department: '', title: '' } },
      { identifier: 'b@acme.com', fields: { department: 'IT', title: '' } },
    ]);
  });

  it('fails when a source resolves on no sample record, naming it', async () => {
    const report = await checkWith({ ok: true, messages: ['ready'], sample: [{ Username: 'a@acme.com', Department: 'IT' }] });
    expect(report.ok).to.equal(false);
    expect(report.messages).to.deep.equal([
      'ready',
      'Title (field title) resolves to nothing on any of the 1 sample record(s): check its spelling and that the query selects it',
    ]);
  });

  it('says nothing about the mapping when the connector’s own check failed', async () => {
    const report = await checkWith({ ok: false, messages: ['Authentication failed: invalid_client'], sample: [] });
    expect(report).to.deep.include({ ok: false, messages: ['Authentication failed: invalid_client'], preview: [] });
  });
});
