import { expect } from 'chai';
import { startSandbox, type Sandbox } from '../../plugins/salesforce-sandbox/index.js';
import { syntheticConnector } from 'tributary-kit/internal/testing/synthetic-connector.js';
import { recordingSink } from 'tributary-kit/internal/testing/recording-sink.js';
import { testPlugin } from 'tributary-kit/internal/testing/test-plugin.js';
import { runCli } from '../support/run-cli.js';
import { syntheticConfig } from '../support/synthetic-config.js';
import { runOnSandbox, sandboxConnector } from './sandbox-cli.js';

interface DescribedJson {
  nqlId: string;
  name: string;
  ok: boolean;
  error: string | null;
  apiCalls: number;
  fields: Array<{ name: string; type: string; label?: string; referenceTo?: string[] }> | null;
  findings: Array<{ kind: string; field: string; usedBy: string; suggestion?: string; message: string }>;
  warnings: string[];
}

describe('tributary describe', () => {
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await startSandbox({ users: 40 });
  });
  after(() => sandbox.close());

  const users = sandboxConnector('users', 'SELECT Username, Department, Manager.Email FROM User', [
    'Department',
    'Manager.Email',
  ]);

  it("prints the source's fields as a table: name, type, label and what a lookup references", async () => {
    const out = await runOnSandbox(sandbox, ['describe', 'users'], [users]);
    expect(out.code, out.stderr).to.equal(0);
    const lines = out.stdout.split('\n');
    expect(lines[0]).to.equal('users (Sandbox users): 50 fields (1 API call)');
    expect(lines[1]).to.match(/^ {2}NAME +TYPE +LABEL +REFERENCE TO$/);
    expect(lines[2]).to.match(/^ {2}-+ {2}-+ {2}-+ {2}-+$/);
    const row = (name: string) =>
      lines
        .find((l) => l.trim().split(/\s{2,}/)[0] === name)
        ?.trim()
        .split(/\s{2,}/);
    expect(row('Id')).to.deep.equal(['Id', 'id', 'User ID']);
    expect(row('Department')).to.deep.equal(['Department', 'string', 'Department']);
    expect(row('ManagerId')).to.deep.equal(['ManagerId', 'reference', 'Manager ID', 'User']);
    expect(row('Manager.Email')).to.deep.equal(['Manager.Email', 'email', 'Email']);
    // The columns line up: every row's type starts where the header's TYPE does.
    const typeAt = lines[1]!.indexOf('TYPE');
    expect(lines.slice(3, 53).every((l) => l[typeAt - 1] === ' ' && l[typeAt] !== ' ')).to.equal(true);
  });

  it('--json: one object per connector, every field with its type, the API calls it cost', async () => {
    const out = await runOnSandbox(sandbox, ['describe', '--json'], [users]);
    expect(out.code, out.stderr).to.equal(0);
    const [report, ...others] = JSON.parse(out.stdout) as DescribedJson[];
    expect(others).to.deep.equal([]);
    expect(report).to.deep.include({ nqlId: 'users', name: 'Sandbox users', ok: true, error: null, apiCalls: 1 });
    expect(report!.findings).to.deep.equal([]);
    expect(report!.fields).to.have.length(50);
    expect(report!.fields!.find((f) => f.name === 'ManagerId')).to.deep.equal({
      name: 'ManagerId',
      type: 'reference',
      label: 'Manager ID',
      referenceTo: ['User'],
      relationshipName: 'Manager',
    });
    expect(report!.fields!.find((f) => f.name === 'IsActive')).to.deep.equal({
      name: 'IsActive',
      type: 'boolean',
      label: 'Active',
    });
  });

  it('names below the table the fields the query or the mapping use that the source does not have', async () => {
    const typos = sandboxConnector('typos', 'SELECT Username, Departmnt FROM User', ['Departmnt']);
    const out = await runOnSandbox(sandbox, ['describe', 'typos'], [typos]);
    expect(out.code, out.stderr).to.equal(0); // describing worked: check and validate --online fail on findings
    expect(out.stdout).to.include(
      "  The query's field Departmnt is not a field of the source: did you mean Department?\n" +
        '  Departmnt (field field_0) is not a field of the source: did you mean Department?\n',
    );
  });

  it('describes every connector when none is named, and fails for one whose source refuses', async () => {
    const refused = await runOnSandbox(sandbox, ['describe', '--json'], [users], 'wrong-secret');
    expect(refused.code).to.equal(1);
    const [report] = JSON.parse(refused.stdout) as DescribedJson[];
    expect(report).to.deep.include({ nqlId: 'users', ok: false, fields: null });
    expect(report!.error).to.match(/refused the token request/);
    expect(refused.stdout).not.to.include('wrong-secret');

    const second = sandboxConnector('titles', 'SELECT Username, Title FROM User', ['Title']);
    const both = await runOnSandbox(sandbox, ['describe', '--json'], [users, second]);
    expect(both.code, both.stderr).to.equal(0);
    expect((JSON.parse(both.stdout) as DescribedJson[]).map((r) => [r.nqlId, r.ok])).to.deep.equal([
      ['users', true],
      ['titles', true],
    ]);
  });

  it('says clearly when a template cannot list its fields (exit 1), and refuses an unknown connector (exit 2)', async () => {
    const host = {
      withoutBuiltins: true,
      stateDir: ':memory:',
      config: syntheticConfig(),
      plugins: [testPlugin({ connectorTemplates: [syntheticConnector({ rows: 3 })], sinkTypes: [recordingSink()] })],
    };
    const out = await runCli(['describe'], { host });
    expect(out.code).to.equal(1);
    expect(out.stdout).to.equal(
      "users (Users): not described: The connector template synthetic (Synthetic) cannot list its source's fields: it has no describeFields\n",
    );
    const unknown = await runCli(['describe', 'nope'], { host });
    expect(unknown.code).to.equal(2);
    expect(unknown.stderr).to.include('No connector with nqlId "nope"');
  });

  it('has its help, and the command list names it', async () => {
    const help = await runCli(['describe', '--help']);
    expect(help.code).to.equal(0);
    expect(help.stdout).to.match(/^Usage: tributary describe \[nqlId…\] \[--json\]/);
    expect(help.stdout).to.include('--json');
    const list = await runCli(['help'], { host: { withoutBuiltins: true, stateDir: ':memory:', config: {} } });
    expect(list.stdout).to.match(/\n {2}describe +List the source's fields and their types/);
    expect(list.stdout).to.match(/\n {2}config +Print the config file's JSON Schema/);
  });
});
