import { expect } from 'chai';
import type { CheckResult, ConnectorTemplate } from 'tributary-kit';
import { recordingSink } from 'tributary-kit/internal/testing/recording-sink.js';
import { syntheticConnector } from 'tributary-kit/internal/testing/synthetic-connector.js';
import { testPlugin } from 'tributary-kit/internal/testing/test-plugin.js';
import { fakeCredentialType, startTestHost } from '../../testing.js';
import { bareHost } from '../support/bare-host.js';
import { syntheticConfig } from '../support/synthetic-config.js';

async function checkWith(verdict: CheckResult, identification = 'Username') {
  const template: ConnectorTemplate = { ...syntheticConnector({ rows: 3 }), check: async () => verdict };
  const host = await bareHost(
    syntheticConfig({
      mapping: {
        identification,
        fields: [
          { source: 'Department', target: 'department' },
          { source: 'Title', target: 'title' },
        ],
      },
    }),
    [testPlugin({ connectorTemplates: [template], sinkTypes: [recordingSink()] })],
  );
  try {
    return await host.check('users');
  } finally {
    await host.close();
  }
}

describe('check: the mapping tried on the sample', () => {
  it('passes when every source resolves on some sample record, null included', async () => {
    const report = await checkWith({
      ok: true,
      messages: ['ready'],
      sample: [
        { Username: 'a@acme.com', Department: null, Title: null },
        { Username: 'b@acme.com', Department: 'IT' },
      ],
    });
    expect(report.ok).to.equal(true);
    expect(report.messages).to.deep.equal([
      'ready',
      'The identification resolved on 2 of the 2 sample records',
      'Department (field department) resolved on 2 of the 2 sample records',
      'Title (field title) resolved on 1 of the 2 sample records',
    ]);
    expect(report.preview).to.deep.equal([
      { identifier: 'a@acme.com', fields: { department: '', title: '' } },
      { identifier: 'b@acme.com', fields: { department: 'IT', title: '' } },
    ]);
  });

  it('fails when a source resolves on no sample record, naming it', async () => {
    const report = await checkWith({
      ok: true,
      messages: ['ready'],
      sample: [{ Username: 'a@acme.com', Department: 'IT' }],
    });
    expect(report.ok).to.equal(false);
    expect(report.messages).to.deep.equal([
      'ready',
      'The identification resolved on 1 of the 1 sample record',
      'Department (field department) resolved on 1 of the 1 sample record',
      'Title (field title) resolves to nothing on any of the 1 sample record: check its spelling and that the query selects it',
    ]);
  });

  it('passes when only some sample records have an identifier (users without an email are normal data), and says how many', async () => {
    const sample = Array.from({ length: 200 }, (_, i) => ({
      Username: i % 20 < 17 ? `u${i}@acme.com` : null,
      Department: 'IT',
      Title: 'x',
    }));
    const report = await checkWith({ ok: true, messages: ['ready'], sample });
    expect(report.ok).to.equal(true);
    expect(report.messages).to.include('The identification resolved on 170 of the 200 sample records');
    expect(report.sampleRecords).to.equal(200);
    expect(report.resolution!.identification).to.deep.equal({ source: 'Username', resolved: 170 });
    expect(report.preview).to.have.length(3);
  });

  it('fails when the identification resolves on no sample record (a misspelt Usernme)', async () => {
    const report = await checkWith(
      { ok: true, messages: ['ready'], sample: [{ Username: 'a@acme.com', Department: 'IT', Title: 'x' }] },
      'Usernme',
    );
    expect(report.ok).to.equal(false);
    expect(report.messages).to.include(
      'The identification Usernme resolves on none of the 1 sample record: check its spelling and that the query selects it',
    );
  });

  it('says nothing about the mapping when the connector’s own check failed', async () => {
    const report = await checkWith({ ok: false, messages: ['Authentication failed: invalid_client'], sample: [] });
    expect(report).to.deep.include({
      ok: false,
      messages: ['Authentication failed: invalid_client'],
      preview: [],
      sampleRecords: 0,
    });
  });
});

describe('check: the credential type’s test()', () => {
  async function checkWithCredential(reject: boolean, check: ConnectorTemplate['check']) {
    const credentials = fakeCredentialType();
    const template: ConnectorTemplate = { ...syntheticConnector({ rows: 3, credentialTypes: ['fake'] }), check };
    const th = await startTestHost({
      config: {
        credentials: [{ id: 'api', name: 'API', type: 'fake', reject }],
        sinks: [{ id: 'out', type: 'recording' }],
        connectors: [
          {
            nqlId: 'users',
            name: 'Users',
            connector: 'synthetic',
            credentials: 'api',
            mapping: { identification: 'Username', fields: [{ source: 'Username', target: 'login' }] },
          },
        ],
      },
      withoutBuiltins: true,
      plugins: [
        testPlugin({ connectorTemplates: [template], sinkTypes: [recordingSink()], credentialTypes: [credentials] }),
      ],
    });
    try {
      return { report: await th.check('users'), requests: credentials.created.flatMap((c) => c.requests) };
    } finally {
      await th.close();
    }
  }
  const sample = [{ Username: 'a@acme.com' }];

  it('is called when the connector’s check did not test the secret, with the AuthRequest the connector used', async () => {
    const { report, requests } = await checkWithCredential(false, async (context) => {
      await context.credential!.authenticate({ scope: 'users.read' });
      return { ok: true, messages: ['ready'], sample };
    });
    expect(report.ok).to.equal(true);
    expect(report.messages.slice(0, 2)).to.deep.equal(['ready', 'Credential "API" (fake) tested']);
    expect(requests.map((r) => [r.scope, r.force])).to.deep.equal([
      ['users.read', undefined],
      ['users.read', true],
    ]);
  });

  it('fails the check, saying why, when the credential is refused', async () => {
    const { report } = await checkWithCredential(true, async () => ({ ok: true, messages: ['ready'], sample }));
    expect(report.ok).to.equal(false);
    expect(report.messages.slice(0, 2)).to.deep.equal([
      'ready',
      'Credential test failed: Credential "API" was refused',
    ]);
  });

  it('is not called twice when the connector’s check tested the secret itself', async () => {
    const { report, requests } = await checkWithCredential(false, async (context) => {
      await context.credential!.test();
      return { ok: true, messages: ['ready'], sample };
    });
    expect(report.messages.filter((m) => m.startsWith('Credential'))).to.deep.equal([]);
    expect(requests).to.have.length(1);
  });
});
