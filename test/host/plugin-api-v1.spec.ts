import { expect } from 'chai';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  BaselineStoreService,
  ConnectorTemplates,
  contributions,
  definePlugin,
  ExecutionListeners,
  ExecutionLogStoreService,
  ExecutionLogStoreToken,
  type ExecutionLogStore,
} from 'tributary-kit';
import { recordingSink, syntheticConnector, testPlugin } from '../../testing.js';
import { startTestHost } from '../../host/testing/builtin-test-host.js';
import { runCli, tempProject } from '../support/run-cli.js';
import { syntheticConfig } from '../support/synthetic-config.js';

const folder = fileURLToPath(new URL('../fixtures/v1-plugin', import.meta.url));

/** A plugin of API 1, loaded from its folder as a `plugins:` entry, still loads and runs in this release. */
describe('plugin API 1 (deprecated) through the adapter', () => {
  it('loads a v1 plugin folder, warns once, runs its connector, makes its per-run listener per run, and releases its singletons on close', async () => {
    const th = await startTestHost({
      config: {
        plugins: [folder],
        sinks: [{ id: 'out', type: 'recording' }],
        connectors: [
          {
            nqlId: 'v1_users',
            name: 'V1 users',
            connector: 'v1-users',
            sink: 'out',
            mapping: { identification: 'Username', fields: [{ source: 'Department', target: 'department' }] },
          },
        ],
      },
      plugins: [testPlugin({ sinkTypes: [recordingSink()] })],
      withoutBuiltins: true,
    });
    const warnings = th.logger.lines.filter((line) => line.includes('plugin API 1'));
    expect(warnings).to.deep.equal([
      'warn: plugin "acme-v1" uses plugin API 1, which is deprecated and will stop loading in a later release: see docs/plugins.md#moving-to-api-2',
    ]);
    expect(th.plugins.find((p) => p.id === 'acme-v1')).to.deep.include({ apiVersion: 1, source: folder });
    expect(th.contributions(ConnectorTemplates).map((t) => t.id)).to.deep.equal(['v1-users']);
    expect(th.contributions(ExecutionListeners).map((l) => l.id)).to.include('v1-per-run');

    const first = await th.run('v1_users');
    const second = await th.run('v1_users');
    expect([first.status, first.processedRows, second.status]).to.deep.equal(['success', 2, 'success']);
    // Each run's listener was made in that run's scope, with that run's context.
    expect(th.logger.lines.filter((line) => line.includes('v1 listener'))).to.deep.equal([
      `info: v1 listener of ${first.runId} saw ${first.runId} end success`,
      `info: v1 listener of ${second.runId} saw ${second.runId} end success`,
    ]);
    expect(await th.runCommand('v1-hello', ['world'])).to.deep.equal({
      code: 0,
      stdout: 'hello world from :memory:\n',
      stderr: '',
    });
    await th.close();
    expect(th.logger.lines.filter((line) => line.includes('released'))).to.deep.equal(['info: v1-hello released']);
    expect(th.logger.lines.filter((line) => line.includes('plugin API 1'))).to.have.length(1);
  });

  it('is listed by tributary plugins as deprecated, with what it contributes', async () => {
    const dir = tempProject({ 'tributary.config.yaml': `plugins: [${JSON.stringify(folder)}]\n` });
    const listed = await runCli(['plugins', '--config', join(dir, 'tributary.config.yaml')]);
    expect(listed.code, listed.stderr).to.equal(0);
    const lines = listed.stdout.split('\n');
    const at = lines.findIndex((line) => line.startsWith('acme-v1 '));
    expect(lines.slice(at, at + 4)).to.deep.equal([
      `acme-v1 1.0.0 (${folder}) [plugin API 1, deprecated] — Users from a fixed list, written for plugin API 1`,
      '  connector templates: v1-users',
      '  execution listeners: v1-per-run',
      '  commands: v1-hello',
    ]);
  });

  it('turns a binding to ExecutionLogStoreToken into an override of the log store, and of the baselines when the store keeps them', async () => {
    const appended: string[] = [];
    const written: string[] = [];
    const store: ExecutionLogStore = {
      append: async (result) => void appended.push(result.runId),
      query: async () => ({ columns: [], rows: [] }),
      connectors: async () => [],
      close: async () => undefined,
      baselines: { read: async () => undefined, write: async (baseline) => void written.push(baseline.runId) },
    };
    const v1Store = definePlugin({
      id: 'acme-v1-store',
      version: '1.0.0',
      apiVersion: 1,
      module: contributions(({ bind }) => void bind(ExecutionLogStoreToken).toConstantValue(store)),
    });
    const th = await startTestHost({
      config: syntheticConfig({ sink: 'out' }),
      plugins: [
        v1Store,
        testPlugin({ connectorTemplates: [syntheticConnector({ rows: 3 })], sinkTypes: [recordingSink()] }),
      ],
      withoutBuiltins: true,
    });
    try {
      const result = await th.run('users');
      expect(result.status).to.equal('success');
      expect(th.service(ExecutionLogStoreService)).to.equal(store);
      expect(th.service(BaselineStoreService)).to.equal(store.baselines);
      expect([appended, written]).to.deep.equal([[result.runId], [result.runId]]);
    } finally {
      await th.close();
    }
  });
});
