import { expect } from 'chai';
import type { CliCommand, HostContext } from 'tributary-kit';
import { sqliteSinkType } from '../sqlite-sink-type.js';
import { createUsersCommand } from '../users-command.js';
import { runContext, sinkContext, tempStateDir, upn } from './sqlite-fixtures.js';

async function runCommand(
  command: CliCommand,
  options: Record<string, string>,
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await command.run(
    { positionals: [], options },
    { stdout: { write: (t) => void (out += t) }, stderr: { write: (t) => void (err += t) } },
  );
  return { code, out, err };
}

function host(
  stateDir: string,
  sinks: HostContext['config']['sinks'] = [],
): Pick<HostContext, 'stateDir' | 'configDir' | 'config'> {
  return { stateDir, configDir: stateDir, config: { sinks } as unknown as HostContext['config'] };
}

describe('tributary users', () => {
  let state: ReturnType<typeof tempStateDir>;
  let command: CliCommand;

  beforeEach(async () => {
    state = tempStateDir();
    const sink = sqliteSinkType.create({ id: 'users', type: 'sqlite' }, sinkContext(state.dir));
    const run = await sink.open(runContext());
    run.write([
      upn('JDoe@acme.com', { department: 'Sales, EMEA', manager: '' }),
      upn('asmith@acme.com', { department: 'IT', level: 4 }),
    ]);
    await run.commit();
    await sink.close?.();
    command = createUsersCommand(host(state.dir));
  });
  afterEach(() => state.cleanup());

  it('prints an aligned table by default', async () => {
    const { code, out } = await runCommand(command, {});
    expect(code).to.equal(0);
    const lines = out.trimEnd().split('\n');
    expect(lines).to.have.length(6);
    expect(lines[0]).to.match(/^kind +identifier +field +value +connector +updated_at$/);
    expect(lines[2]).to.match(/^upn +asmith@acme\.com +department +IT +sf_users +\d{4}-\d\d-\d\dT/);
    // every column starts at the same offset on every line
    const offset = lines[0]!.indexOf('field');
    expect(lines.slice(2).map((l) => l.indexOf(l.split(/ {2,}/)[2]!))).to.deep.equal([offset, offset, offset, offset]);
  });

  it('filters by identifier case-insensitively and by field, as JSON', async () => {
    const { code, out } = await runCommand(command, {
      identifier: 'jdoe@ACME.com',
      field: 'department',
      format: 'json',
    });
    expect(code).to.equal(0);
    const rows = JSON.parse(out) as Array<Record<string, unknown>>;
    expect(rows).to.have.length(1);
    expect(rows[0]).to.include({
      kind: 'upn',
      identifier: 'JDoe@acme.com',
      field: 'department',
      value: 'Sales, EMEA',
      connector: 'sf_users',
    });
    expect(Object.keys(rows[0]!)).to.deep.equal(['kind', 'identifier', 'field', 'value', 'connector', 'updated_at']);
  });

  it('prints CSV with quoting and integer values', async () => {
    const { out } = await runCommand(command, { format: 'csv' });
    const lines = out.split('\r\n');
    expect(lines[0]).to.equal('kind,identifier,field,value,connector,updated_at');
    expect(lines[1]).to.match(/^upn,asmith@acme\.com,department,IT,sf_users,/);
    expect(lines[2]).to.match(/^upn,asmith@acme\.com,level,4,sf_users,/);
    expect(lines[3]).to.match(/^upn,JDoe@acme\.com,department,"Sales, EMEA",sf_users,/);
    expect(lines[4]).to.match(/^upn,JDoe@acme\.com,manager,,sf_users,/);
    expect(lines).to.have.length(6); // trailing CRLF
  });

  it('says so when nothing matches', async () => {
    const { code, out, err } = await runCommand(command, { identifier: 'nobody@acme.com' });
    expect(code).to.equal(0);
    expect(out).to.equal('');
    expect(err).to.match(/No stored user attributes match/);
  });

  it('gives a friendly message when the store does not exist', async () => {
    const empty = tempStateDir();
    try {
      const { code, out, err } = await runCommand(createUsersCommand(host(empty.dir)), { format: 'json' });
      expect(code).to.equal(0);
      expect(out).to.equal('[]\n');
      expect(err).to.match(/No user attributes stored yet .*users\.db does not exist/);
    } finally {
      empty.cleanup();
    }
  });

  it('reads the store of the configured sqlite sink and rejects an unknown format or sink', async () => {
    const configured = createUsersCommand(
      host('/nonexistent', [{ id: 'users', type: 'sqlite', path: `${state.dir}/users.db` }]),
    );
    expect((await runCommand(configured, { format: 'csv' })).out.split('\r\n')).to.have.length(6);
    expect(await runCommand(configured, { format: 'xml' })).to.include({ code: 2 });
    expect((await runCommand(configured, { sink: 'other' })).err).to.match(/No sink of type sqlite has the id "other"/);
  });
});
