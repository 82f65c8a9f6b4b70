/** Runs report themselves while they run, keep their own log lines, and stop when an operator cancels them. */
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConnectorContext, LiveRun, RecordBatch } from 'tributary-kit';
import { MAX_RUN_LOG_LINES } from 'tributary-kit/internal/kernel/run/run-log-book.js';
import { liveRunView } from '../../host/serve/server/control-operations.js';
import { ChangingSource } from '../support/changing-source.js';
import { stored } from '../support/sync-host.js';
import { gatedTemplate, operatorHost, seed, type OperatorHost, type OperatorSetup } from './operator-host.js';

const CAROL = { name: 'carol', address: '10.0.0.9' };

describe('operator: live runs, run logs and cancel', function () {
  this.timeout(60_000);
  let dir: string;
  let opened: OperatorHost | undefined;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'tributary-live-'))));
  afterEach(async () => {
    await opened?.host.close();
    opened = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  async function open(source: ChangingSource, setup: OperatorSetup = {}): Promise<OperatorHost> {
    await opened?.host.close();
    opened = await operatorHost(dir, source, setup);
    return opened;
  }

  /** Ten users committed, then three of them moved to another department. */
  async function committed(source: ChangingSource): Promise<void> {
    seed(source, 10);
    const first = await (await open(source)).host.run('people');
    expect(first.status, first.description).to.equal('success');
    for (const i of [0, 1, 2]) source.set(`u${i}@acme.example`, { department: 'Moved' });
  }

  it('reports a run in progress with its phase and rows, and cancels it on request: nothing committed', async () => {
    const source = new ChangingSource();
    await committed(source);
    const gated = gatedTemplate(source.template());
    const { host, observed, operations } = await open(source, { template: gated.template });
    const ended = host.run('people');
    await gated.reached;
    const [report] = await observed.after('reportLive', (r) => r.receivedRows === 10);
    const live = await operations.liveRuns();
    expect(live).to.have.length(1);
    expect(live[0]).to.deep.include({
      runId: report.runId,
      nqlId: 'people',
      phase: 'reading',
      receivedRows: 10,
      processedRows: 10,
      expectedRows: 10,
      etaSeconds: 0,
    });
    expect(live[0]!.rowsPerSecond).to.be.greaterThan(0);
    expect(live[0]).not.to.have.property('cancelRequested');
    const asked = await operations.cancel(report.runId, CAROL);
    expect(asked.done, asked.message).to.equal(true);
    const result = await ended;
    expect(result.status).to.equal('failure');
    expect(result.description).to.match(/^Cancelled by carol/);
    expect(stored(dir)['u0@acme.example']).to.equal('D0');
    expect(await operations.liveRuns()).to.deep.equal([]);
    const audit = await operations.audit({ offset: 0, limit: 5 });
    expect(audit.entries.map((e) => [e.actor, e.address, e.action, e.target, e.outcome])).to.deep.equal([
      ['carol', '10.0.0.9', 'cancel', report.runId, 'done'],
    ]);
    const again = await operations.cancel(report.runId, CAROL);
    expect(again).to.deep.include({ done: false, reason: 'unknown' });
    gated.release();
  });

  it("keeps a run's log lines, from its start line to its end line", async () => {
    const source = new ChangingSource();
    await committed(source);
    source.set('u9@acme.example', { active: false });
    const { host, operations } = await open(source, { top: { hold: { maxLeavers: 5 } } });
    const result = await host.run('people');
    expect(result.status, result.description).to.equal('success');
    const lines = await operations.runLog(result.runId);
    expect(lines.length).to.be.greaterThan(1);
    expect(lines[0]).to.deep.include({
      level: 'info',
      message: `Run ${result.runId} started on ${result.host ?? 'this host'}`,
    });
    expect(lines.at(-1)).to.deep.include({ level: 'info', message: `Run ended: success: ${result.description}` });
    for (const line of lines)
      expect(Date.parse(line.time)).to.be.within(result.startedAt.getTime(), result.endedAt.getTime() + 1_000);
    const failed = await open(source, { template: { ...source.template(), read: failingRead } });
    const failure = await failed.host.run('people');
    const failureLines = await failed.operations.runLog(failure.runId);
    expect(failureLines.at(-1)).to.deep.include({
      level: 'error',
      message: `Run ended: failure: ${failure.description}`,
    });
    expect(await failed.operations.runLog('no-such-run')).to.deep.equal([]);
  });

  it('keeps at most MAX_RUN_LOG_LINES (1,000) lines of a run, its end line among them', async () => {
    const source = new ChangingSource();
    seed(source, 2);
    const inner = source.template();
    const chatty = {
      ...inner,
      async *read(context: ConnectorContext): AsyncGenerator<RecordBatch> {
        for (let i = 0; i < 1_100; i++) context.logger.info(`page ${i}`);
        yield* inner.read(context);
      },
    };
    const { host, operations } = await open(source, { template: chatty });
    const result = await host.run('people');
    const lines = await operations.runLog(result.runId);
    expect(lines).to.have.length(MAX_RUN_LOG_LINES);
    expect(lines[0]!.message).to.equal(`Run ${result.runId} started on ${result.host ?? 'this host'}`);
    expect(lines[1]!.message).to.equal('page 0');
    expect(lines.at(-2)!.message).to.equal("page 997 (the run's later lines are in the host's log only)");
    expect(lines.at(-1)!.message).to.equal(`Run ended: success: ${result.description}`);
  });

  it('cancels a held run: it fails as cancelled, commits nothing, and its hold is released', async () => {
    const source = new ChangingSource();
    await committed(source);
    source.set('u9@acme.example', { active: false });
    const { host, observed, operations } = await open(source, { top: { hold: { maxLeavers: 0 } } });
    const reported = observed.after('reportLive', (r) => r.phase === 'held');
    const ended = host.run('people');
    const [report] = (await reported) as [LiveRun];
    expect((await operations.heldRuns()).map((r) => r.runId)).to.deep.equal([report.runId]);
    expect((await operations.liveRuns()).map((r) => [r.runId, r.phase])).to.deep.equal([[report.runId, 'held']]);
    await operations.cancel(report.runId, CAROL);
    const result = await ended;
    expect(result.status).to.equal('failure');
    expect(result.description).to.match(/^Cancelled by carol/);
    expect(stored(dir)).to.include({ 'u0@acme.example': 'D0', 'u9@acme.example': 'D4' });
    expect(await operations.heldRuns()).to.deep.equal([]);
    expect(await observed.store.heldRun(report.runId)).to.equal(undefined);
  });

  it('does not watch a dry run: no live report, no log lines', async () => {
    const source = new ChangingSource();
    seed(source, 3);
    const { host, observed, operations } = await open(source);
    const dry = await host.run('people', { dryRun: true });
    expect(dry.status, dry.description).to.equal('success');
    expect(await operations.runLog(dry.runId)).to.deep.equal([]);
    const reportedReal = observed.after('reportLive');
    const real = await host.run('people');
    const [report] = await reportedReal;
    expect(report.runId).to.equal(real.runId);
  });
});

// eslint-disable-next-line require-yield -- a source that fails before its first row
async function* failingRead(): AsyncGenerator<never> {
  throw new Error('The source is down');
}

describe('operator: liveRunView', () => {
  const startedAt = new Date('2026-12-01T10:00:00Z');
  const live = {
    runId: 'r-1',
    nqlId: 'people',
    host: 'h:1',
    startedAt,
    updatedAt: new Date('2026-12-01T10:00:09Z'),
    phase: 'reading',
    receivedRows: 50,
    processedRows: 48,
  };
  const at = new Date('2026-12-01T10:00:10Z');

  it('gives the rate since the start, and the ETA at that rate when the source announced its rows', () => {
    expect(liveRunView({ ...live, expectedRows: 200 }, at)).to.deep.equal({
      runId: 'r-1',
      nqlId: 'people',
      host: 'h:1',
      startedAt: '2026-12-01T10:00:00.000Z',
      updatedAt: '2026-12-01T10:00:09.000Z',
      phase: 'reading',
      receivedRows: 50,
      processedRows: 48,
      expectedRows: 200,
      rowsPerSecond: 5,
      etaSeconds: 30,
    });
    expect(liveRunView({ ...live, receivedRows: 1 }, new Date('2026-12-01T10:00:03Z')).rowsPerSecond).to.equal(0.3);
  });

  it('gives no ETA without announced rows or without progress, and shows a cancel request', () => {
    expect(liveRunView(live, at)).not.to.have.property('etaSeconds');
    const still = liveRunView({ ...live, receivedRows: 0, expectedRows: 10 }, at);
    expect([still.rowsPerSecond, still.etaSeconds]).to.deep.equal([0, undefined]);
    const asked = liveRunView({ ...live, cancelRequested: { by: 'carol', at } }, at);
    expect(asked.cancelRequested).to.deep.equal({ by: 'carol', at: '2026-12-01T10:00:10.000Z' });
  });
});
