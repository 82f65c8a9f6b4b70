import { expect } from 'chai';
import { CancelledError, silentLogger, type ExecutionListener, type SinkRecord } from 'tributary-kit';
import { createHost } from '../../host/builtins/create-host.js';
import { recordingSink } from 'tributary-kit/internal/testing/recording-sink.js';
import {
  syntheticConnector,
  type SyntheticConnectorOptions,
} from 'tributary-kit/internal/testing/synthetic-connector.js';
import { testPlugin } from 'tributary-kit/internal/testing/test-plugin.js';
import { syntheticConfig } from '../support/synthetic-config.js';

async function hostWith(
  source: SyntheticConnectorOptions,
  sink = recordingSink(),
  connector: Record<string, unknown> = {},
  listeners: ExecutionListener[] = [],
) {
  const template = syntheticConnector(source);
  const host = await createHost({
    config: syntheticConfig({ nqlId: 'synthetic_users', name: 'Synthetic users', ...connector }),
    withoutBuiltins: true,
    stateDir: ':memory:',
    logger: silentLogger,
    plugins: [testPlugin({ connectorTemplates: [template], sinkTypes: [sink], executionListeners: listeners })],
  });
  return { host, template, sink };
}

describe('run pipeline', () => {
  it('streams every batch through mapping into the sink and commits', async () => {
    const { host, sink } = await hostWith({ rows: 4500, batchSize: 2000 });
    const result = await host.run('synthetic_users');
    expect(result.status).to.equal('success');
    expect(result.receivedRows).to.equal(4500);
    expect(result.processedRows).to.equal(4500);
    expect(result.importedRows).to.equal(4500);
    expect(result.apiCalls).to.equal(3);
    expect(result.connector).to.equal('Synthetic');
    expect(sink.runs).to.have.length(1);
    expect(sink.runs[0]!.state).to.equal('committed');
    expect(sink.runs[0]!.records[4499]).to.deep.equal({
      identifier: { kind: 'upn', value: 'user4499@example.com' },
      fields: { department: 'D5' },
    });
  });

  it('applies backpressure: the source is not read ahead while the sink is still writing', async () => {
    const releases: Array<() => void> = [];
    const writesStarted: number[] = [];
    const sink = recordingSink({
      beforeWrite: () =>
        new Promise<void>((resolve) => {
          writesStarted.push(template.fetches);
          releases.push(resolve);
        }),
    });
    const { host, template } = await hostWith({ rows: 10_000, batchSize: 1000 }, sink);
    const running = host.run('synthetic_users');
    for (let batch = 1; batch <= 10; batch++) {
      while (releases.length < batch) await new Promise((r) => setImmediate(r));
      // While batch N is being written, the source has produced exactly N batches.
      expect(template.fetches).to.equal(batch);
      releases[batch - 1]!();
    }
    const result = await running;
    expect(result.status).to.equal('success');
    expect(writesStarted).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('is cancelled by its signal: failure, sink aborted, nothing committed', async () => {
    const controller = new AbortController();
    const { host, sink } = await hostWith({
      rows: 10_000,
      batchSize: 1000,
      beforeBatch: (index) => {
        if (index === 3) controller.abort(new CancelledError('Cancelled by shutdown'));
      },
    });
    const result = await host.run('synthetic_users', { signal: controller.signal });
    expect(result.status).to.equal('failure');
    expect(result.description).to.equal('Cancelled by shutdown');
    expect(sink.runs[0]!.state).to.equal('aborted');
    expect(sink.committed()).to.have.length(0);
  });

  it('fails the run on a source error and aborts the sink', async () => {
    const { host, sink } = await hostWith({ rows: 5000, batchSize: 1000, failAt: 2000 });
    const result = await host.run('synthetic_users');
    expect(result.status).to.equal('failure');
    expect(result.description).to.equal('Synthetic source failed at row 2000');
    expect(sink.runs[0]!.state).to.equal('aborted');
  });

  it('discards what was staged when the source restarts from the beginning', async () => {
    const { host, sink } = await hostWith({ rows: 3000, batchSize: 1000, restartAt: 2000 });
    const result = await host.run('synthetic_users');
    expect(result.status).to.equal('success');
    expect(sink.runs.map((r) => r.state)).to.deep.equal(['aborted', 'committed']);
    const committed = sink.committed();
    expect(committed).to.have.length(3000);
    expect(new Set(committed.map((r: SinkRecord) => r.identifier.value)).size).to.equal(3000);
    expect(result.description).to.match(/^Read restarted from the beginning: synthetic session expired/);
  });

  it('ignores rows with an empty identifier or a rejected mapping, and reports partial', async () => {
    const { host, sink } = await hostWith({
      rows: 10,
      batchSize: 4,
      record: (i) => ({
        Username: i % 5 === 0 ? '  ' : ` U${i}@X.com `,
        Department: i === 3 ? { nested: true } : 'Sales',
      }),
    });
    const result = await host.run('synthetic_users');
    expect(result.status).to.equal('partial');
    expect(result.processedRows).to.equal(7);
    expect(result.receivedRows).to.equal(10);
    expect(result.description).to.include('Rows ignored because their identifier is empty (×2)');
    expect(result.description).to.match(/department/);
    expect(sink.committed()[0]!.identifier.value).to.equal('U1@X.com');
  });

  it('lets an execution listener veto rows and stop reading', async () => {
    const listener: ExecutionListener = {
      id: 'cap',
      start: (_run, control) => {
        let seen = 0;
        return {
          onRows(batch) {
            for (let i = 0; i < batch.length; i++) {
              if (!batch.admitted(i)) continue;
              if (++seen > 2500) batch.reject(i, 'Too many rows received');
            }
            if (seen >= 2500) control.stopReading();
          },
        };
      },
    };
    const { host, template, sink } = await hostWith({ rows: 10_000, batchSize: 1000 }, recordingSink(), {}, [listener]);
    const result = await host.run('synthetic_users');
    expect(result.status).to.equal('partial');
    expect(result.processedRows).to.equal(2500);
    expect(result.receivedRows).to.equal(10_000);
    expect(template.fetches).to.equal(3);
    expect(sink.committed()).to.have.length(2500);
  });

  it('writes nothing on a dry run', async () => {
    const { host, sink } = await hostWith({ rows: 100 });
    const result = await host.run('synthetic_users', { dryRun: true });
    expect(result.status).to.equal('success');
    expect(result.processedRows).to.equal(100);
    expect(result.dryRun).to.equal(true);
    expect(sink.runs).to.have.length(0);
  });
});
