import { expect } from 'chai';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { UserPreview } from 'tributary-kit';
import { testHttpClient } from 'tributary-kit/internal/testing/start-test-host.js';
import type { Sandbox } from '../../plugins/salesforce-sandbox/index.js';
import { logsJson, runCli, tempProject, type CliOutcome } from '../support/run-cli.js';
import { PREVIEWED, SECRET, previewConfig, previewSandbox, storedRows } from './preview-fixture.js';

describe('tributary preview: one user, step by step, against the Salesforce sandbox', () => {
  let sandbox: Sandbox;
  let dir: string;
  let config: string;
  const host = { http: testHttpClient() };
  const env = { SF_CLIENT_SECRET: SECRET };
  const cli = (...argv: string[]): Promise<CliOutcome> => runCli([...argv, '--config', config], { env, host });
  const json = async (...argv: string[]): Promise<{ out: CliOutcome; preview: UserPreview }> => {
    const out = await cli('preview', ...argv, '--json');
    return { out, preview: JSON.parse(out.stdout) as UserPreview };
  };
  /** Fails the test when a secret shows anywhere in what the CLI printed. */
  const noSecret = (out: CliOutcome): CliOutcome => {
    expect(out.stdout + out.stderr).not.to.include(SECRET);
    return out;
  };

  beforeEach(async () => {
    sandbox = await previewSandbox();
    dir = tempProject({});
    config = join(dir, 'tributary.config.yaml');
    writeFileSync(config, JSON.stringify(previewConfig(sandbox, join(dir, 'state'))));
  });
  afterEach(async () => {
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows each field unchanged after a first run, then changed once the source changed, writing nothing', async () => {
    const run = await cli('run', 'sf_users');
    expect(run.code, run.stderr).to.equal(0);
    const before = storedRows(join(dir, 'state'));

    const same = noSecret(await cli('preview', PREVIEWED, 'sf_users'));
    expect(same.code, same.stderr).to.equal(0);
    expect(same.stdout).to.include(`1. Source: the records where Username = ${PREVIEWED}: 1 found\n`);
    expect(same.stdout).to.include(`  3. Identification: upn ${PREVIEWED}\n`);
    expect(same.stdout).to.include('  4. Limits: nothing to say\n');
    expect(same.stdout).to.include('       department ← Department: "Finance" (stored "Finance": unchanged)\n');
    expect(same.stdout).to.include('       title ← Title: "Analyst" (stored "Analyst": unchanged)\n');
    expect(same.stdout).to.include('  A run would write this record.\n');
    expect(same.stdout).to.include('Store: read\n');

    sandbox.editUser(5, { Department: 'Treasury' });
    const { out, preview } = await json(PREVIEWED, 'sf_users');
    noSecret(out);
    expect(out.code, out.stderr).to.equal(0);
    expect(preview).to.deep.include({
      nqlId: 'sf_users',
      user: PREVIEWED,
      matchedField: 'Username',
      store: { read: true },
    });
    expect(preview.failed).to.equal(undefined);
    const [record] = preview.records;
    expect(record!.received).to.deep.equal({
      Id: sandbox.userId(5),
      Username: PREVIEWED,
      Department: 'Treasury',
      Title: 'Analyst',
    });
    expect(record!.identification).to.deep.equal({ ok: true, kind: 'upn', value: PREVIEWED });
    expect(record!.processed).to.equal(true);
    expect(record!.fields).to.deep.equal([
      { field: 'department', expression: 'Department', value: 'Treasury', stored: 'Finance', action: 'changed' },
      { field: 'title', expression: 'Title', value: 'Analyst', stored: 'Analyst', action: 'unchanged' },
    ]);
    expect(storedRows(join(dir, 'state'))).to.deep.equal(before);
  });

  it('logs each preview as one dry run that imported nothing, and says so first in its description', async () => {
    const { out, preview } = await json(PREVIEWED, 'sf_users');
    expect(out.code, out.stderr).to.equal(0);
    const entries = await logsJson(
      config,
      `platform.inbound_connector_logs | where details.run_id == "${preview.runId}"`,
      {
        env,
        host,
      },
    );
    expect(entries).to.have.length(1);
    expect(entries[0]).to.deep.include({
      status: 'success',
      'details.nql_id': 'sf_users',
      'details.dry_run': 'true',
      'details.number_of_received_rows': 1,
      'details.number_of_processed_rows': 1,
      'details.number_of_imported_rows': 0,
      'details.api_calls': 1,
    });
    expect(entries[0]!['details.description']).to.equal(
      `Preview of one user (Username = ${PREVIEWED}): 1 record found; nothing was written`,
    );
    expect(await logsJson(config, 'platform.inbound_connector_logs', { env, host })).to.have.length(1);
  });

  it('exits 1 and says so when the source has no such user, shown on a store that holds nothing yet', async () => {
    const out = noSecret(await cli('preview', 'nobody@acme.example', 'sf_users'));
    expect(out.code).to.equal(1);
    expect(out.stdout).to.include('1. Source: the records where Username = nobody@acme.example: none\n');
    expect(out.stdout).to.include('The source has no record where Username = nobody@acme.example.\n');
    const { preview } = await json('nobody@acme.example', 'sf_users');
    expect(preview.records).to.deep.equal([]);
  });

  it('shows every field added for a user the store does not hold yet, and why it read no store before any run', async () => {
    const unread = await json(PREVIEWED, 'sf_users');
    expect(unread.preview.store).to.deep.equal({
      read: false,
      reason: `${join(dir, 'state', 'users.db')} does not exist`,
    });
    expect(unread.preview.records[0]!.fields.map((f) => 'stored' in f || 'action' in f)).to.deep.equal([false, false]);
    sandbox.editUser(5, { IsActive: false });
    expect((await cli('run', 'sf_users')).code).to.equal(0);
    sandbox.editUser(5, { IsActive: true });
    const { out, preview } = await json(PREVIEWED, 'sf_users');
    expect(out.code).to.equal(0);
    expect(preview.store).to.deep.equal({ read: true });
    expect(preview.records[0]!.fields.map((f) => [f.stored, f.action])).to.deep.equal([
      [null, 'added'],
      [null, 'added'],
    ]);
  });

  it('exits 2 for an identification that is no field path, a template that cannot preview, and no connector named among several', async () => {
    const expression = noSecret(await cli('preview', PREVIEWED, 'sf_lowercase'));
    expect(expression.code).to.equal(2);
    expect(expression.stderr).to.match(
      /identification must be a field path .*not the expression \$lowercase\(Username\)/,
    );
    const rest = noSecret(await cli('preview', PREVIEWED, 'rest_users'));
    expect(rest.code).to.equal(2);
    expect(rest.stderr).to.include('rest_users: its template (REST JSON: User Attributes) cannot preview one user');
    const unnamed = await cli('preview', PREVIEWED);
    expect(unnamed.code).to.equal(2);
    expect(unnamed.stderr).to.include(
      'Name the connector to preview the user in: sf_users, sf_lowercase, sf_expressions, rest_users',
    );
    const unknown = await cli('preview', PREVIEWED, 'nope');
    expect(unknown.code).to.equal(2);
    expect(unknown.stderr).to.include('No connector with nqlId "nope"');
    expect((await cli('preview')).code).to.equal(2);
    // None of them ran: nothing was logged.
    expect(await logsJson(config, 'platform.inbound_connector_logs', { env, host })).to.deep.equal([]);
  });

  it('maps expressions in the mapping worker, each field on its own once the record fails, and lists the limits it breaks', async () => {
    // A generous time budget, so that only the depth bound stops the recursion, even on a loaded machine.
    writeFileSync(config, JSON.stringify(previewConfig(sandbox, join(dir, 'state'), { expressionTimeoutMs: 5_000 })));
    const { out, preview } = await json(PREVIEWED, 'sf_expressions');
    expect(out.code, out.stderr).to.equal(0);
    const [record] = preview.records;
    const runaway =
      'Field "title": evaluation stopped: it nested deeper than 1000 steps (runaway recursion? make the recursion bounded or tail-recursive)';
    const tooLong = 'Field "note": the value is 1,048,577 characters long; a mapped value may have at most 1,048,576';
    expect(record!.identification).to.deep.equal({ ok: true, kind: 'upn', value: PREVIEWED });
    expect(record!.fields).to.deep.equal([
      { field: 'department', expression: '$uppercase(Department)', value: 'FINANCE' },
      { field: 'title', expression: '($f := function($n) { $n + $f($n - 1) }; $f(1))', error: runaway },
      { field: 'note', expression: "$pad(Title, 1048577, 'x')", error: tooLong },
    ]);
    expect(record!.limits).to.deep.equal([runaway, tooLong]);
    expect(record!.processed).to.equal(false);
    const text = await cli('preview', PREVIEWED, 'sf_expressions');
    expect(text.stdout).to.include(`  4. Limits:\n       ${runaway}\n       ${tooLong}\n`);
    expect(text.stdout).to.include(
      `       title ← ($f := function($n) { $n + $f($n - 1) }; $f(1)): error: ${runaway}\n`,
    );
    expect(text.stdout).to.include('  A run would not write this record.\n');
  });

  it('exits 1 naming the mapping step when the mapping cannot map the records at all', async () => {
    // A worker that has to start first cannot map a batch within a millisecond.
    writeFileSync(config, JSON.stringify(previewConfig(sandbox, join(dir, 'state'), { mappingBatchTimeoutMs: 1 })));
    const { out, preview } = await json(PREVIEWED, 'sf_expressions');
    expect(out.code).to.equal(1);
    expect(preview.failed).to.deep.include({ step: 'map', code: 'MAPPING_BATCH_TIMEOUT' });
    const text = await cli('preview', PREVIEWED, 'sf_expressions');
    expect(text.code).to.equal(1);
    expect(text.stdout).to.include(`1. Source: the records where Username = ${PREVIEWED}: read, not mapped\n`);
    expect(text.stdout).to.match(/\nFAILED while mapping the records: Mapping one batch of rows took longer than 1 ms/);
  });

  it('previews the only connector when none is named', async () => {
    const single = previewConfig(sandbox, join(dir, 'state'));
    writeFileSync(config, JSON.stringify({ ...single, connectors: single.connectors.slice(0, 1) }));
    const out = await cli('preview', PREVIEWED);
    expect(out.code, out.stderr).to.equal(0);
    expect(out.stdout).to.include(`Preview of ${PREVIEWED} in sf_users (Salesforce users): nothing is written\n`);
  });

  it('says which field a misspelt mapping path reads nothing from, with the one the record holds', async () => {
    const single = previewConfig(sandbox, join(dir, 'state'));
    const [users] = single.connectors;
    const misspelt = {
      ...users!,
      mapping: {
        ...users!.mapping,
        fields: [
          { source: 'Departmnet', target: 'department' },
          { source: 'Title', target: 'title' },
        ],
      },
    };
    writeFileSync(config, JSON.stringify({ ...single, connectors: [misspelt] }));
    const out = await cli('preview', PREVIEWED);
    expect(out.code, out.stderr).to.equal(0);
    expect(out.stdout).to.include('       department ← Departmnet: ""\n');
    expect(out.stdout).to.include('         The record has no field Departmnet: did you mean Department?\n');
    const { preview } = await json(PREVIEWED);
    expect(preview.records[0]!.fields.map((f) => f.hint)).to.deep.equal([
      'The record has no field Departmnet: did you mean Department?',
      undefined,
    ]);
  });

  it('exits 1 naming the step when the source refuses the query, logged as a failed dry run', async () => {
    sandbox.faults.apiDisabled = true;
    const { out, preview } = await json(PREVIEWED, 'sf_users');
    noSecret(out);
    expect(out.code).to.equal(1);
    expect(preview.failed).to.deep.include({ step: 'find', code: 'SF_API_DISABLED_FOR_ORG' });
    expect(preview.records).to.deep.equal([]);
    const text = await cli('preview', PREVIEWED, 'sf_users');
    expect(text.stdout).to.match(/\nFAILED while asking the source: .+\n/);
    const [entry] = await logsJson(
      config,
      `platform.inbound_connector_logs | where details.run_id == "${preview.runId}"`,
      {
        env,
        host,
      },
    );
    expect(entry).to.deep.include({
      status: 'failure',
      'details.dry_run': 'true',
      'details.number_of_imported_rows': 0,
    });
    expect(entry!['details.description']).to.match(
      /^Preview of one user \(Username = preview\.me@acme\.example\): nothing was written; /,
    );
  });

  it('never prints a secret, not even one the source returns as data, in text, --json or --format json', async () => {
    sandbox.editUser(5, { Title: `Keeper of ${SECRET}` });
    for (const options of [[], ['--json'], ['--format', 'json']]) {
      const out = noSecret(await cli('preview', PREVIEWED, 'sf_users', ...options));
      expect(out.code, out.stderr).to.equal(0);
      if (options.length === 0) expect(out.stdout).to.include('       title ← Title: "Keeper of ');
      else expect((JSON.parse(out.stdout) as UserPreview).records[0]!.received['Title']).to.match(/^Keeper of ./);
    }
  });
});
