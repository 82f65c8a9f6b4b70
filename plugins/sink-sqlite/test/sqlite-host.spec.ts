import { expect } from 'chai';
import { join } from 'node:path';
import { startTestHost, syntheticConnector, testPlugin, type TestHost } from '../../../testing.js';
import sinkSqlitePlugin from '../index.js';
import { tempStateDir } from './sqlite-fixtures.js';

/** The sqlite sink inside the real host: a failing or cancelled run leaves the store as it was. */
describe('sqlite sink in the host', () => {
  let state: ReturnType<typeof tempStateDir>;
  let host: TestHost;
  let cancel: AbortController;

  beforeEach(async () => {
    state = tempStateDir();
    cancel = new AbortController();
    const mapping = { identification: 'Username', fields: [{ source: 'Department', target: 'department' }] };
    const connector = (nqlId: string, template: string) => ({
      nqlId,
      name: nqlId,
      connector: template,
      sink: 'users',
      mapping,
    });
    host = await startTestHost({
      config: {
        sinks: [{ id: 'users', type: 'sqlite', path: join(state.dir, 'users.db') }],
        connectors: [connector('good', 'good'), connector('failing', 'failing'), connector('cancelled', 'cancelled')],
      },
      withoutBuiltins: true,
      executionLog: false,
      plugins: [
        sinkSqlitePlugin,
        testPlugin({
          connectorTemplates: [
            syntheticConnector({ id: 'good', rows: 3000, batchSize: 1000 }),
            syntheticConnector({
              id: 'failing',
              rows: 3000,
              batchSize: 1000,
              failAt: 2000,
              record: (i) => ({ Username: `user${i}@example.com`, Department: 'NEW' }),
            }),
            syntheticConnector({
              id: 'cancelled',
              rows: 3000,
              batchSize: 1000,
              record: (i) => ({ Username: `USER${i}@example.com`, Department: 'NEW' }),
              beforeBatch: (index) => void (index === 2 && cancel.abort()),
            }),
          ],
        }),
      ],
    });
  });
  afterEach(async () => {
    await host.close();
    state.cleanup();
  });

  async function stored(): Promise<Array<Record<string, unknown>>> {
    const { stdout } = await host.runCommand('users', ['--format', 'json']);
    return JSON.parse(stdout) as Array<Record<string, unknown>>;
  }

  it('commits a successful run and reports every row imported', async () => {
    const result = await host.run('good');
    expect(result).to.include({ status: 'success', importedRows: 3000 });
    const rows = await stored();
    expect(rows).to.have.length(3000);
    expect(rows.find((r) => r.identifier === 'user10@example.com')).to.include({
      field: 'department',
      value: 'D3',
      connector: 'good',
    });
  });

  it('keeps the previous values when the source fails after rows were written', async () => {
    await host.run('good');
    const before = await stored();
    const result = await host.run('failing');
    expect(result.status).to.equal('failure');
    expect(await stored()).to.deep.equal(before);
  });

  it('keeps the previous values when the run is cancelled', async () => {
    await host.run('good');
    const before = await stored();
    const result = await host.run('cancelled', { signal: cancel.signal });
    expect(result.status).to.equal('failure');
    expect(await stored()).to.deep.equal(before);
  });
});
