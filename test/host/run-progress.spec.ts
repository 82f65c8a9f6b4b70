import { expect } from 'chai';
import type { RunProgress } from 'tributary-kit/internal/kernel/run/run-options.js';
import { recordingSink } from 'tributary-kit/internal/testing/recording-sink.js';
import { syntheticConnector } from 'tributary-kit/internal/testing/synthetic-connector.js';
import { testPlugin } from 'tributary-kit/internal/testing/test-plugin.js';
import { bareHost } from '../support/bare-host.js';
import { syntheticConfig } from '../support/synthetic-config.js';

async function hostFor(rows: number) {
  return bareHost(syntheticConfig({ nqlId: 'synthetic_users', name: 'Synthetic users', sink: 'out' }), [
    testPlugin({ connectorTemplates: [syntheticConnector({ rows, batchSize: 1000 })], sinkTypes: [recordingSink()] }),
  ]);
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
