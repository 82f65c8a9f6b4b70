/** `tributary pause|resume <nqlId>` and `tributary audit`, against the config's state dir, with no serve. */
import { expect } from 'chai';
import { silentLogger, type AuditEntryView } from 'tributary-kit';
import { createHost } from '../../host/builtins/create-host.js';
import { CLI_USER, controlProject, type ControlProject } from './control-project.js';

describe('operator commands: pause, resume and the audit trail', function () {
  this.timeout(60_000);
  let project: ControlProject;
  beforeEach(async () => {
    project = await controlProject({ quarantine: { afterFailures: 1 } });
    project.api.users = ['ann@acme.example'];
  });
  afterEach(() => project.close());

  /** Why serve would not start a scheduled run of `people` now, as any host of the state dir sees it. */
  async function refusal(): Promise<string | undefined> {
    const host = await createHost({ configPath: project.config, logger: silentLogger });
    try {
      return (await host.refuseScheduledRun('people', new Date()))?.message;
    } finally {
      await host.close();
    }
  }

  const audit = async (...args: string[]) => {
    const out = await project.cli(['audit', '--format', 'json', ...args]);
    expect(out.code, out.stderr).to.equal(0);
    return JSON.parse(out.stdout) as { total: number; offset: number; limit: number; entries: AuditEntryView[] };
  };

  it('pauses and resumes the schedule, refuses what it cannot do (exit 1), and audits each with the actor cli', async () => {
    const paused = await project.cli(['pause', 'people']);
    expect(paused.code, paused.stderr).to.equal(0);
    expect(paused.stdout).to.equal('people paused: its scheduled runs do not start until it is resumed\n');
    expect(paused.stderr, 'the audit line is for serve logs only').to.equal('');
    expect(await refusal()).to.match(/paused/);
    const twice = await project.cli(['pause', 'people']);
    expect(twice.code).to.equal(1);
    expect(twice.stderr).to.equal(`people is paused already (by ${CLI_USER})\n`);
    const unknown = await project.cli(['pause', 'peple']);
    expect(unknown.code).to.equal(1);
    expect(unknown.stderr).to.equal('No connector with nqlId "peple"\n');

    const resumed = await project.cli(['resume', 'people']);
    expect(resumed.code, resumed.stderr).to.equal(0);
    expect(resumed.stdout).to.equal('people resumed: its next scheduled run starts as due\n');
    expect(await refusal()).to.equal(undefined);
    const again = await project.cli(['resume', 'people']);
    expect(again.code).to.equal(1);
    expect(again.stderr).to.equal('people is neither paused nor quarantined\n');

    const trail = await audit();
    expect(trail.total).to.equal(5);
    expect(trail.entries.map((e) => [e.actor, e.action, e.target, e.outcome])).to.deep.equal([
      [CLI_USER, 'resume', 'people', 'refused: people is neither paused nor quarantined'],
      [CLI_USER, 'resume', 'people', 'done'],
      [CLI_USER, 'pause', 'peple', 'refused: No connector with nqlId "peple"'],
      [CLI_USER, 'pause', 'people', `refused: people is paused already (by ${CLI_USER})`],
      [CLI_USER, 'pause', 'people', 'done'],
    ]);
    const times = trail.entries.map((e) => Date.parse(e.time));
    expect(times).to.deep.equal([...times].sort((a, b) => b - a));
  });

  it('resume lifts a quarantine', async () => {
    project.api.failing = true;
    expect((await project.cli(['run', 'people'])).code).to.equal(1);
    expect(await refusal()).to.match(/quarantine/);
    const resumed = await project.cli(['resume', 'people']);
    expect(resumed.code, resumed.stderr).to.equal(0);
    expect(resumed.stdout).to.equal('people out of quarantine: its next scheduled run starts as due\n');
    expect(await refusal()).to.equal(undefined);
  });

  it('prints the trail as a table, a page at a time, and refuses a bad --limit or --offset (exit 2)', async () => {
    expect((await project.cli(['audit'])).stdout).to.equal('No audit entries.\n');
    for (let i = 0; i < 3; i++) await project.cli(['pause', 'people']);
    const page = await project.cli(['audit', '--limit', '2', '--offset', '1']);
    expect(page.code, page.stderr).to.equal(0);
    const lines = page.stdout.split('\n');
    expect(lines[0]).to.match(/^TIME +ACTOR +ACTION +TARGET +OUTCOME$/);
    expect(lines[2]).to.match(
      new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ  ${CLI_USER} +pause +people +refused: people is paused`),
    );
    expect(lines[3]).to.match(new RegExp(`  ${CLI_USER} +pause +people +done$`));
    expect(lines.slice(4)).to.deep.equal(['Entries 2–3 of 3', '']);
    const first = await project.cli(['audit', '--limit', '1']);
    expect(first.stdout).to.match(/\nEntries 1–1 of 3 \(--offset 1 for the next ones\)\n$/);
    expect((await audit('--limit', '1', '--offset', '2')).entries.map((e) => e.outcome)).to.deep.equal(['done']);
    expect((await project.cli(['audit', '--offset', '9'])).stdout).to.equal('No entries past 9 (3 in all).\n');
    for (const bad of [
      ['--limit', '0'],
      ['--limit', '501'],
      ['--offset', '-1'],
      ['--limit', 'ten'],
    ]) {
      const out = await project.cli(['audit', ...bad]);
      expect(out.code, bad.join(' ')).to.equal(2);
      expect(out.stderr).to.match(new RegExp(`^${bad[0]} must be a whole number from`));
    }
  });
});
