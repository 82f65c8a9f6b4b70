/** The change ledger end to end: what runs into the sqlite sink record, and how it is read back. */
import Database from 'better-sqlite3';
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ChangeLedgerService,
  PLUGIN_API_VERSION,
  definePlugin,
  type ChangeLedger,
  type LedgerEntry,
  type RunResult,
} from 'tributary-kit';
import type { Host } from 'tributary-kit/internal/kernel/create-host.js';
import { sqliteChangeLedger } from 'tributary-kit/internal/plugins/execution-log/store/sqlite-change-ledger.js';
import { ChangingSource } from '../support/changing-source.js';
import { runCli } from '../support/run-cli.js';
import { syncHost, type Setup } from '../support/sync-host.js';

const DAY_MS = 86_400_000;

function seed(source: ChangingSource, n: number): void {
  for (let i = 0; i < n; i++) source.set(`u${i}@acme.example`, { department: `D${i % 3}` });
}

const brief = (e: LedgerEntry): string =>
  `${e.identifier} ${e.field} ${e.oldValue ?? '∅'}→${e.newValue ?? '∅'} ${e.action}${e.flip ? ' flip' : ''}`;

describe('change ledger', function () {
  this.timeout(60_000);
  let dir: string;
  let host: Host | undefined;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'tributary-ledger-'))));
  afterEach(async () => {
    await host?.close();
    host = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  async function run(source: ChangingSource, setup: Setup = {}, options = {}): Promise<RunResult> {
    await host?.close();
    host = await syncHost(dir, source, { sync: null, ...setup });
    return host.run('people', options);
  }
  const ledger = (): ChangeLedger => host!.changeLedger()!;
  const entries = async (filter: Parameters<ChangeLedger['entries']>[0] = {}): Promise<string[]> =>
    (await ledger().entries({ limit: 1000, ...filter })).entries.map(brief);

  it('does not itemise the initial load, then records what each later run changes, with the old and the new value', async () => {
    const source = new ChangingSource();
    seed(source, 6);
    const first = await run(source);
    expect(first.status, first.description).to.equal('success');
    expect(first.changes).to.equal(undefined);
    expect(first.description).to.include(
      'Changes: the initial load, not itemised in the change ledger (every later run is)',
    );
    expect(await entries()).to.deep.equal([]);

    source.set('u1@acme.example', { department: 'Sales' });
    source.set('u4@acme.example', { department: '' });
    source.set('new@acme.example', { department: 'Legal' });
    const second = await run(source);
    expect(second.status, second.description).to.equal('success');
    expect(second.description).to.include('Changes: 3 values (department: 1 added, 1 changed, 1 cleared)');
    expect(await entries({ runId: second.runId })).to.deep.equal([
      'u4@acme.example department D1→ cleared',
      'u1@acme.example department D1→Sales changed',
      'new@acme.example department ∅→Legal added',
    ]);
    expect(await ledger().summary(second.runId)).to.deep.equal({
      runId: second.runId,
      nqlId: 'people',
      total: 3,
      fields: [{ field: 'department', added: 1, changed: 1, cleared: 1, left: 0, flips: 0 }],
    });

    const third = await run(source);
    expect(third.changes, 'a run that changes nothing').to.equal(undefined);
    expect(await ledger().summary(third.runId)).to.equal(undefined);
    expect(third.description).not.to.include('Changes:');
  });

  it('flags a value that flips back, and the CLI and NQL show it', async () => {
    const source = new ChangingSource();
    seed(source, 3);
    await run(source);
    source.set('u0@acme.example', { department: 'Sales' });
    await run(source);
    source.set('u0@acme.example', { department: 'D0' });
    const back = await run(source);
    expect(back.description).to.include('department: 1 changed, 1 flipped back');
    expect(await entries({ flips: true })).to.deep.equal(['u0@acme.example department Sales→D0 changed flip']);
    await host!.close();
    host = undefined;

    const config = join(dir, 'tributary.json');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(config, JSON.stringify({ state: { dir } }));
    const cli = await runCli(['changes', '--config', config, '--user', 'U0@ACME.example', '--format', 'json']);
    expect(cli.code, cli.stderr).to.equal(0);
    const rows = JSON.parse(cli.stdout) as Array<Record<string, string>>;
    expect(rows.map((r) => `${r['old_value'] ?? '∅'}→${r['new_value']} ${r['action']} ${r['flip']}`)).to.deep.equal([
      'Sales→D0 changed true',
      'D0→Sales changed false',
    ]);
    expect(Object.keys(rows[0]!), 'the fields of platform.user_attribute_changes, in its order').to.deep.equal([
      'time',
      'run_id',
      'nql_id',
      'identifier_kind',
      'identifier',
      'field',
      'old_value',
      'new_value',
      'action',
      'flip',
    ]);
    const table = await runCli(['changes', '--config', config, '--flips']);
    expect(table.code, table.stderr).to.equal(0);
    expect(table.stdout).to.match(/upn\s+u0@acme\.example\s+department\s+Sales\s+D0\s+changed\s+true/);
    const nql = await runCli([
      'logs',
      '--config',
      config,
      '--format',
      'json',
      'platform.user_attribute_changes | where flip == true | list identifier, old_value, new_value',
    ]);
    expect(nql.code, nql.stderr).to.equal(0);
    expect(JSON.parse(nql.stdout)).to.deep.equal([
      { identifier: 'u0@acme.example', old_value: 'Sales', new_value: 'D0' },
    ]);
    const counted = await runCli([
      'logs',
      '--config',
      config,
      '--format',
      'json',
      'platform.inbound_connector_logs | where details.number_of_changes > 0 | list details.number_of_changes',
    ]);
    expect(JSON.parse(counted.stdout)).to.deep.equal([
      { 'details.number_of_changes': 1 },
      { 'details.number_of_changes': 1 },
    ]);
    const wrong = await runCli(['changes', '--config', config, '--action', 'renamed']);
    expect(wrong.code).to.equal(2);
    expect(wrong.stderr).to.include('Unknown --action "renamed": expected added, changed, cleared, left');
    const empty = await runCli(['changes', '--config', config, '--user', '']);
    expect([empty.code, empty.stderr]).to.deep.equal([2, '--user needs a value\n']);
    const known = await runCli(['changes', '--config', config, '--connector', 'people', '--format', 'json']);
    expect(known.code, 'a connector the ledger knows, though no longer configured').to.equal(0);
    const typo = await runCli(['changes', '--config', config, '--connector', 'peple']);
    expect(typo.code).to.equal(2);
    expect(typo.stderr).to.include('No connector with nqlId "peple" in the config or the change ledger');
  });

  it('records the leavers a full read deletes or clears as left', async () => {
    const source = new ChangingSource();
    seed(source, 20);
    const sync = (action: string) => ({
      sync: { mode: 'full', leavers: { action, afterFullReads: 1 } },
      limits: { minShrinkRows: 5 },
    });
    await run(source, sync('delete'));
    source.set('u0@acme.example', { active: false });
    const deleted = await run(source, sync('delete'));
    expect(deleted.status, deleted.description).to.equal('success');
    expect(await entries({ runId: deleted.runId })).to.deep.equal(['u0@acme.example department D0→∅ left']);
    source.set('u1@acme.example', { active: false });
    const cleared = await run(source, sync('clear'));
    expect(await entries({ runId: cleared.runId })).to.deep.equal(['u1@acme.example department D1→ left']);
  });

  it('records nothing for a dry run, and prunes entries older than the retention', async () => {
    const source = new ChangingSource();
    seed(source, 2);
    const dry = await run(source, {}, { dryRun: true });
    expect(dry.status).to.equal('success');
    expect(await entries()).to.deep.equal([]);
    const old = await ledger().stage({ runId: 'old-run', nqlId: 'people' });
    await old.add([
      {
        kind: 'upn',
        identifier: 'gone@acme.example',
        field: 'department',
        oldValue: null,
        newValue: 'X',
        action: 'added',
      },
    ]);
    await old.commit(new Date(Date.now() - 40 * DAY_MS));
    await run(source, { state: { ledgerRetentionDays: 30 } });
    expect(await entries({ runId: 'old-run' })).to.deep.equal([]);
    expect(await entries()).to.have.length(2);
  });

  it('keeps no ledger with state.ledgerRetentionDays: 0', async () => {
    const source = new ChangingSource();
    seed(source, 3);
    const result = await run(source, { state: { ledgerRetentionDays: 0 } });
    expect(result.status, result.description).to.equal('success');
    expect(result.changes).to.equal(undefined);
    expect(await entries()).to.deep.equal([]);
  });

  /** A plugin putting `ledger` in place of the execution log's. */
  const ledgerPlugin = (ledger: ChangeLedger) =>
    definePlugin({
      id: 'replaced-ledger',
      version: '1.0.0',
      apiVersion: PLUGIN_API_VERSION,
      register(env) {
        env.override(ChangeLedgerService, () => ledger);
      },
    });
  /** A working ledger in memory, with some of its methods replaced. */
  const ledgerWith = (replaced: Partial<ChangeLedger>): ChangeLedger => ({
    ...sqliteChangeLedger(new Database(':memory:')),
    ...replaced,
  });
  const failing = (message: string) => async (): Promise<never> => {
    throw new Error(message);
  };

  it('commits the data and warns when the ledger cannot stage the changes, or cannot be opened', async () => {
    const source = new ChangingSource();
    seed(source, 2);
    const opened = ledgerWith({});
    const staging: ChangeLedger = {
      ...opened,
      knows: async () => true,
      stage: async (run) => ({ ...(await opened.stage(run)), add: failing('disk full') }),
    };
    const result = await run(source, { plugins: [ledgerPlugin(staging)] });
    expect(result.status, result.description).to.equal('success');
    expect(result.importedRows).to.equal(2);
    expect(result.description).to.include(
      'The data was committed but the change ledger could not record its 2 changes (disk full)',
    );
    const unreachable = await run(source, { plugins: [ledgerPlugin(ledgerWith({ knows: failing('no database') }))] });
    expect(unreachable.status, unreachable.description).to.equal('success');
    expect(unreachable.description).to.include("The change ledger could not record this run's changes (no database)");
  });

  it('records the changes and warns when the retention cannot be applied', async () => {
    const source = new ChangingSource();
    seed(source, 2);
    const ledger = ledgerWith({ knows: async () => true, prune: failing('locked') });
    const result = await run(source, { plugins: [ledgerPlugin(ledger)] });
    expect(result.status, result.description).to.equal('success');
    expect(result.changes).to.equal(2);
    expect(result.description).to.include("The change ledger's entries past the retention were not deleted (locked)");
  });
});
