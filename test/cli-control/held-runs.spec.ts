/** `tributary runs held|approve|reject|live|cancel` against a run held in another process, with no serve. */
import { expect } from 'chai';
import type { HeldRunView, LiveRunView } from 'tributary-kit';
import { createHost } from '../../host/builtins/create-host.js';
import { silentLogger } from 'tributary-kit';
import { stored } from '../support/sync-host.js';
import { CLI_USER, controlProject, type CliProcess, type ControlProject } from './control-project.js';

const USERS = ['ann@acme.example', 'bob@acme.example', 'cy@acme.example'];

describe('operator commands: held runs', function () {
  this.timeout(60_000);
  let project: ControlProject;
  let child: CliProcess | undefined;
  beforeEach(async () => {
    project = await controlProject({ hold: { maxLeavers: 0 } });
    project.api.users = [...USERS];
  });
  afterEach(async () => {
    child?.kill();
    await child?.exited;
    child = undefined;
    await project.close();
  });

  /** A first run commits the three users; a second, with one of them gone, is held in a child process. */
  async function heldRun(): Promise<HeldRunView> {
    const first = await project.cli(['run', 'people']);
    expect(first.code, first.stderr).to.equal(0);
    project.api.users = USERS.slice(0, 2);
    child = project.spawnCli(['run', 'people']);
    await child.stderrLine(/held before its commit/);
    const held = await project.cli(['runs', 'held', '--format', 'json']);
    expect(held.code, held.stderr).to.equal(0);
    const runs = JSON.parse(held.stdout) as HeldRunView[];
    expect(runs).to.have.length(1);
    return runs[0]!;
  }

  it('lists the held run, and approve in this process lets the waiting run commit (exit 0, approved by cli)', async () => {
    const run = await heldRun();
    expect(run).to.include({ nqlId: 'people' });
    expect(run.reasons).to.deep.equal(['1 leaver (hold.maxLeavers 0)']);
    expect(run.counts).to.include({ receivedRows: 2, processedRows: 2, leavers: 1 });
    expect(Date.parse(run.deadline) - Date.parse(run.heldAt)).to.equal(24 * 3_600_000);

    const table = await project.cli(['runs', 'held']);
    const [header, rule, row, ...rest] = table.stdout.split('\n');
    expect(header).to.match(
      /^RUN ID +CONNECTOR +HOST +HELD SINCE +DEADLINE +ROWS +LEAVERS +CLEARED +CHANGED +REASONS$/,
    );
    expect(rule).to.match(/^-+( +-+){9}$/);
    expect(row)
      .to.include(run.runId)
      .and.to.include(run.heldAt.replace(/\.\d{3}Z$/, 'Z'));
    expect(row).to.match(/ people .* 2 +1 +- +- +1 leaver \(hold\.maxLeavers 0\)$/);
    expect(rest).to.deep.equal(['']);

    const approved = await project.cli(['runs', 'approve', run.runId]);
    expect(approved.code, approved.stderr).to.equal(0);
    expect(approved.stdout).to.equal(`Run ${run.runId} approved: its host commits it within seconds\n`);
    const ended = await child!.exited;
    expect(ended.code, ended.stderr).to.equal(0);
    expect(ended.stdout).to.match(new RegExp(`Held: 1 leaver \\(hold\\.maxLeavers 0\\); approved by ${CLI_USER} at `));
    expect(Object.keys(stored(project.stateDir)).sort()).to.deep.equal(USERS.slice(0, 2));
    expect((await project.cli(['runs', 'held'])).stdout).to.equal('No held runs waiting.\n');
  });

  it('reject makes the waiting run fail (exit 1) and commit nothing', async () => {
    const run = await heldRun();
    const rejected = await project.cli(['runs', 'reject', run.runId]);
    expect(rejected.code, rejected.stderr).to.equal(0);
    expect(rejected.stdout).to.equal(`Run ${run.runId} rejected: its host fails it within seconds\n`);
    const ended = await child!.exited;
    expect(ended.code).to.equal(1);
    expect(ended.stdout).to.include(
      `Held: 1 leaver (hold.maxLeavers 0); rejected by ${CLI_USER}: nothing was committed`,
    );
    expect(Object.keys(stored(project.stateDir)).sort()).to.deep.equal(USERS);
    const audit = await project.cli(['audit', '--format', 'json']);
    expect(JSON.parse(audit.stdout).entries[0]).to.include({
      actor: CLI_USER,
      action: 'reject',
      target: run.runId,
      outcome: 'done',
    });
  });

  it('lists the run in progress, and cancel stops it in its own process (exit 1, cancelled by cli)', async () => {
    const run = await heldRun();
    const live = await project.cli(['runs', 'live', '--format', 'json']);
    expect(live.code, live.stderr).to.equal(0);
    const runs = JSON.parse(live.stdout) as LiveRunView[];
    expect(runs.map((r) => [r.runId, r.nqlId])).to.deep.equal([[run.runId, 'people']]);
    const table = await project.cli(['runs', 'live']);
    expect(table.stdout.split('\n')[0]).to.match(
      /^RUN ID +CONNECTOR +HOST +PHASE +STARTED +ROWS +EXPECTED +PROCESSED +ROWS\/S +ETA +CANCEL REQUESTED$/,
    );
    expect(table.stdout.split('\n')[2]).to.match(new RegExp(`^${run.runId} +people `));

    const cancelled = await project.cli(['runs', 'cancel', run.runId]);
    expect(cancelled.code, cancelled.stderr).to.equal(0);
    expect(cancelled.stdout).to.equal(`Run ${run.runId}: cancel requested; its host stops it within seconds\n`);
    const ended = await child!.exited;
    expect(ended.code).to.equal(1);
    expect(ended.stdout).to.include(`Cancelled by ${CLI_USER}`);
    expect(Object.keys(stored(project.stateDir)).sort()).to.deep.equal(USERS);
    expect((await project.cli(['runs', 'live'])).stdout).to.equal('No runs in progress.\n');
    const again = await project.cli(['runs', 'cancel', run.runId]);
    expect(again.code).to.equal(1);
    expect(again.stderr).to.equal(`No run ${run.runId} in progress\n`);
  });

  it('refuses a second decision, saying who decided, and an unknown run (exit 1); both audited', async () => {
    // A held run recorded by another host: nothing waits for it here, so its decision stays.
    const host = await createHost({ configPath: project.config, logger: silentLogger });
    try {
      const heldAt = new Date();
      await host.controlStore()!.hold({
        runId: 'run-elsewhere',
        nqlId: 'people',
        host: 'other-host',
        heldAt,
        deadline: new Date(heldAt.getTime() + 3_600_000),
        reasons: ['5 leavers (hold.maxLeavers 0)'],
        counts: { receivedRows: 10, processedRows: 10, leavers: 5, clearedValues: 12, changedUsers: 7 },
      });
      expect((await project.cli(['runs', 'held'])).stdout).to.match(/other-host .* 10 +5 +12 +7 +5 leavers/);
      expect((await project.cli(['runs', 'approve', 'run-elsewhere'])).code).to.equal(0);
      const second = await project.cli(['runs', 'reject', 'run-elsewhere']);
      expect(second.code).to.equal(1);
      expect(second.stderr).to.equal(`Run run-elsewhere was approved already by ${CLI_USER}\n`);
      expect((await host.controlStore()!.heldRun('run-elsewhere'))?.decision).to.include({
        verdict: 'approved',
        by: CLI_USER,
      });
      const unknown = await project.cli(['runs', 'approve', 'no-such-run']);
      expect(unknown.code).to.equal(1);
      expect(unknown.stderr).to.equal('No held run no-such-run\n');
    } finally {
      await host.close();
    }
    const audit = JSON.parse((await project.cli(['audit', '--format', 'json'])).stdout) as {
      entries: Array<Record<string, string>>;
    };
    expect(audit.entries.map((e) => [e.actor, e.action, e.target, e.outcome])).to.deep.equal([
      [CLI_USER, 'approve', 'no-such-run', 'refused: No held run no-such-run'],
      [CLI_USER, 'reject', 'run-elsewhere', `refused: Run run-elsewhere was approved already by ${CLI_USER}`],
      [CLI_USER, 'approve', 'run-elsewhere', 'done'],
    ]);
  });
});
