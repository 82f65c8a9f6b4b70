import { expect } from 'chai';
import { CancelledError, silentLogger, type LimitsConfig, type MappingConfig } from 'tributary-kit';
import { createHost } from '../../host/builtins/create-host.js';
import { recordingSink } from 'tributary-kit/internal/testing/recording-sink.js';
import { syntheticConnector } from 'tributary-kit/internal/testing/synthetic-connector.js';
import { testPlugin } from 'tributary-kit/internal/testing/test-plugin.js';
import { whenMappingRunsAway } from '../support/mapping-runs-away.js';

/** Catastrophic backtracking: `(a+)+$` on a's followed by "!" never ends in practice, and V8 cannot interrupt it in place. */
export const CATASTROPHIC = `$contains(Evil, /^(a+)+$/)`;
const EVIL = `${'a'.repeat(40)}!`;

const people = (i: number) => ({
  Username: `user${i}@example.com`,
  Email: `User${i}@Example.COM`,
  FirstName: 'Ada',
  LastName: `L${i}`,
  Evil: i === 1 ? EVIL : 'aaa',
});

async function hostWith(mapping: Partial<MappingConfig>, limits: Partial<LimitsConfig> = {}, rows = 10) {
  const sink = recordingSink();
  const host = await createHost({
    // The batch deadline (default 10 s) is out of the way unless a test sets it: worker starts alone may take seconds on a loaded machine.
    config: {
      limits: { mappingBatchTimeoutMs: 600_000, ...limits },
      sinks: [{ id: 'out', type: 'recording' }],
      connectors: [{ nqlId: 'people', name: 'People', connector: 'synthetic', mapping }],
    },
    withoutBuiltins: true,
    stateDir: ':memory:',
    logger: silentLogger,
    plugins: [
      testPlugin({
        connectorTemplates: [syntheticConnector({ rows, batchSize: 5, record: people })],
        sinkTypes: [sink],
      }),
    ],
  });
  return { host, sink };
}

// No test bounds the time a run takes: a runaway that is not stopped holds its run for minutes (far
// past the suite's timeout), while a loaded machine may take seconds to start a worker.
describe('mapping isolation: expressions that are not native run in a worker a runaway cannot hold', function () {
  this.timeout(60_000); // worker starts (tsx compiles the worker's sources) and the 2 s budget of the check, on a loaded machine
  it('maps like jsonata in-thread did (identification and fields, native and not)', async () => {
    const { host, sink } = await hostWith({
      // $string(…) keeps the identification in the worker: $lowercase of a path alone runs natively.
      identification: '$lowercase($string(Email))',
      identifier: 'email',
      fields: [
        { source: "FirstName & ' ' & LastName", target: 'name' },
        { source: 'Username', target: 'username' },
        { source: '$count(Nothing)', target: 'none' },
      ],
    });
    const result = await host.run('people');
    expect(result.status, result.description).to.equal('success');
    expect(sink.committed()[7]).to.deep.equal({
      identifier: { kind: 'email', value: 'user7@example.com' },
      fields: { name: 'Ada L7', username: 'user7@example.com', none: 0 },
    });
    expect(sink.committed()).to.have.length(10);
    await host.close();
  });

  it('rejects the row whose expression runs away (catastrophic regex), maps the others, ends partial', async () => {
    const { host, sink } = await hostWith({
      identification: 'Username',
      fields: [
        { source: CATASTROPHIC, target: 'evil' },
        { source: '$uppercase(FirstName)', target: 'first' },
      ],
    });
    const result = await host.run('people');
    expect(result.status, result.description).to.equal('partial');
    expect(result.processedRows).to.equal(9);
    expect(result.description).to.match(
      /^Fields: evaluation stopped: it ran longer than 1000 ms and had to be killed \(a regular expression with catastrophic backtracking\?\)/,
    );
    expect(sink.committed().map((r) => r.identifier.value)).not.to.include('user1@example.com');
    expect(sink.committed()[0]!.fields).to.deep.equal({ evil: 'true', first: 'ADA' });
    await host.close();
  });

  it('fails the run when one batch takes longer than limits.mappingBatchTimeoutMs, committing nothing', async () => {
    const { host, sink } = await hostWith(
      { identification: 'Username', fields: [{ source: CATASTROPHIC, target: 'evil' }] },
      { expressionTimeoutMs: 60_000, mappingBatchTimeoutMs: 300 },
    );
    const result = await host.run('people');
    expect(result.status).to.equal('failure');
    expect(result.description).to.match(
      /^Mapping one batch of rows took longer than 300 ms \(limits\.mappingBatchTimeoutMs\): the run was stopped/,
    );
    expect(sink.runs.map((r) => r.state)).to.deep.equal(['aborted']);
    expect(sink.committed()).to.deep.equal([]);
    await host.close();
  });

  it('is cancelled at once while an expression runs away: failure, the sink aborted, nothing written after the signal', async () => {
    const { host, sink } = await hostWith(
      { identification: 'Username', fields: [{ source: CATASTROPHIC, target: 'evil' }] },
      { expressionTimeoutMs: 60_000 },
    );
    const controller = new AbortController();
    void whenMappingRunsAway().then(() => controller.abort(new CancelledError('Cancelled by shutdown')));
    // The row's budget is 2 minutes: without cancellation, the run could not end before the test's timeout.
    const result = await host.run('people', { signal: controller.signal });
    expect(result.status).to.equal('failure');
    expect(result.description).to.equal('Cancelled by shutdown');
    expect(sink.runs.map((r) => [r.state, r.records.length])).to.deep.equal([['aborted', 0]]);
    await host.close();
  });

  it('check tries such a mapping in the worker too: the runaway row is reported, check still answers', async () => {
    const { host } = await hostWith(
      {
        identification: 'Username',
        fields: [
          { source: CATASTROPHIC, target: 'evil' },
          { source: 'Nothing', target: 'none' },
        ],
      },
      { expressionTimeoutMs: 200 },
    );
    const report = await host.check('people');
    expect(
      report.preview.map((p) => ('error' in p ? p.error : p.fields['evil'])),
      JSON.stringify(report),
    ).to.deep.equal([
      'true',
      'Mapping: evaluation stopped: it ran longer than 2000 ms and had to be killed (a regular expression with catastrophic backtracking?)',
      'true',
    ]);
    expect(report.resolution!.fields.map((f) => f.resolved)).to.deep.equal([2, 0]);
    expect(report.ok).to.equal(false); // Nothing resolves on no sample record
    await host.close();
  });
});
