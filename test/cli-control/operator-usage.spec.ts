/** How the operator commands are listed and how they refuse a command line they cannot use (exit 2, nothing done). */
import { expect } from 'chai';
import { controlProject, type ControlProject } from './control-project.js';

describe('operator commands: usage', function () {
  this.timeout(30_000);
  let project: ControlProject;
  beforeEach(async () => (project = await controlProject()));
  afterEach(() => project.close());

  it('lists runs, pause, resume and audit in --help, each with its own help', async () => {
    const help = await project.cli(['--help']);
    for (const name of ['runs', 'pause', 'resume', 'audit'])
      expect(help.stdout).to.match(new RegExp(`\n  ${name} +\\S`));
    const runs = await project.cli(['runs', '--help']);
    expect(runs.code).to.equal(0);
    expect(runs.stdout).to.match(/^Usage: tributary runs <held\|live\|approve\|reject\|cancel> \[runId\]/);
    expect(runs.stdout).to.include('runs approve <runId>');
  });

  it('suggests the closest runs subcommand, and names them all when none or an unknown one is given', async () => {
    const typo = await project.cli(['runs', 'aprove', 'x']);
    expect(typo.code).to.equal(2);
    expect(typo.stderr).to.match(
      /^Unknown runs subcommand "aprove" \(did you mean runs approve\?\): held, live, approve, reject, cancel\nUsage: tributary runs /,
    );
    const none = await project.cli(['runs']);
    expect(none.code).to.equal(2);
    expect(none.stderr).to.match(/^runs needs a subcommand: held, live, approve, reject, cancel\n/);
    const far = await project.cli(['runs', 'everything']);
    expect(far.stderr).to.match(/^Unknown runs subcommand "everything": held/);
  });

  it('refuses a missing or extra argument and a format where it does not apply', async () => {
    const refusals: Array<[string[], RegExp]> = [
      [['runs', 'approve'], /^Expected one run id, got none\n/],
      [['runs', 'reject', 'a', 'b'], /^Expected one run id, got "a" "b"\n/],
      [['runs', 'held', 'x'], /^runs held takes no run id\n/],
      [['runs', 'cancel', 'x', '--format', 'json'], /^--format is for runs held and runs live, not runs cancel\n/],
      [['runs', 'live', '--format', 'csv'], /^Unknown format "csv" for runs live: use table or json\n/],
      [['pause'], /^Expected one connector nqlId, got none\nUsage: tributary pause <nqlId>/],
      [['resume', 'a', 'b'], /^Expected one connector nqlId, got "a" "b"\nUsage: tributary resume <nqlId>/],
      [['audit', 'x'], /^"audit" takes no arguments, got "x"\./],
      [['audit', '--limt', '3'], /^Unknown option --limt for "audit": did you mean --limit\?/],
    ];
    for (const [args, message] of refusals) {
      const out = await project.cli(args);
      expect(out.code, args.join(' ')).to.equal(2);
      expect(out.stderr, args.join(' ')).to.match(message);
    }
    expect(JSON.parse((await project.cli(['audit', '--format', 'json'])).stdout).total, 'nothing audited').to.equal(0);
  });
});
