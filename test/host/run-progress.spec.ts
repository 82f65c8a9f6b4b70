import { expect } from 'chai';
import { silentLogger } from '../../core/index.js';
import { createHost } from '../../host/kernel/create-host.js';
import type { RunProgress } from '../../host/kernel/run/run-options.js';
import { recordingSink } from '../../host/testing/recording-sink.js';
import { syntheticConnector } from '../../host/testing/synthetic-connector.js';
import { testPlugin } from '../../host/testing/test-plugin.js';

async function hostFor(rows: number) {
  return createHost({
    config: {
      sinks: [{ id: 'out', type: 'recording' }],
      connectors: [
        {
          nqlId: 'synthetic_users',
          name: 'Synthetic users',
          connector: 'synthetic',
          sink: 'out',
          mapping: { identification: 'Username', fields: [{ source: 'Department', target: 'department' }] },
        },
      ],
    },
    withoutBuiltins: true,
    stateDir: ':memory:',
    logger: silentLogger,
    plugins: [
      testPlugin({ connectorTemplates: [syntheticConnector({ rows, batchSize: 1000 })], sinkTypes: [recordingSink()] }),
    ],
  });
}

describe('run progress', () => {
  it('reports every batch while reading, then one committing update with the final counts', async () => {
    const host = await hostFor(2500);
    const updates: RunProgress[] = [];
    const result = await host.run('synthetic_users', { onProgress: (p) => updates.push(p) });
    await host.close();
    expect(result.status).to.equal('success');
    expect(updates.map((u) => [u.receivedRows, u.phase])).to.deep.equal([
      [1000, undefined],
      [2000, undefined],
      [2500, undefined],
      [2500, 'committing'],
    ]);
    expect(updates.at(-1)!.processedRows).to.equal(2500);
  });

  it('sends no committing update on a dry run (nothing to commit)', async () => {
    const host = await hostFor(1500);
    const updates: RunProgress[] = [];
    await host.run('synthetic_users', { dryRun: true, onProgress: (p) => updates.push(p) });
    await host.close();
    expect(updates.map((u) => u.phase)).to.deep.equal([undefined, undefined]);
  });
});
