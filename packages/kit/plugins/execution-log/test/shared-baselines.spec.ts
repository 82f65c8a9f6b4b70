import { expect } from 'chai';
import {
  BaselineStoreService,
  ExecutionLogStoreService,
  PLUGIN_API_VERSION,
  definePlugin,
  type SourceRecord,
} from '../../../core/index.js';
import { recordingSink, startTestHost, syntheticConnector, testPlugin } from '../../../testing/index.js';
import { openLogStore } from '../store/log-store.js';

describe('execution log: baselines in a shared store', () => {
  it('keeps the baselines in the store that overrides the default, and guards against them', async () => {
    const shared = openLogStore({ stateDir: ':memory:' });
    const sharedStore = definePlugin({
      id: 'shared-store',
      version: '1.0.0',
      apiVersion: PLUGIN_API_VERSION,
      register(env) {
        env.override(ExecutionLogStoreService, () => shared);
        env.override(BaselineStoreService, () => shared.baselines);
      },
    });
    const record = (i: number): SourceRecord => ({ Username: `user${i}@example.com`, Department: 'Sales' });
    const run = async (rows: number) => {
      const test = await startTestHost({
        config: {
          connectors: [
            {
              nqlId: 'people',
              name: 'People',
              connector: 'synthetic',
              mapping: { identification: 'Username', fields: [{ source: 'Department', target: 'department' }] },
            },
          ],
          sinks: [{ id: 'out', type: 'recording' }],
        },
        plugins: [
          sharedStore,
          testPlugin({ connectorTemplates: [syntheticConnector({ rows, record })], sinkTypes: [recordingSink()] }),
        ],
      });
      try {
        return await test.run('people');
      } finally {
        await test.close();
      }
    };
    try {
      expect((await run(5_000)).status).to.equal('success');
      expect(await shared.baselines.read('people')).to.deep.include({
        processedRows: 5_000,
        fields: { department: 5_000 },
      });
      // A new host (its embedded store empty) still finds the baseline in the shared store.
      const shrunk = await run(200);
      expect(shrunk.status).to.equal('failure');
      expect(shrunk.description).to.match(/^Shrink guard: 200 rows processed, last committed run 5,000/);
    } finally {
      await shared.close();
    }
  });
});
