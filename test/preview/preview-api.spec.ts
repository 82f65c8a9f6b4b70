import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { UserPreview } from 'tributary-kit';
import { startTestServer, type TestServer } from '../../testing.js';
import type { Sandbox } from '../../plugins/salesforce-sandbox/index.js';
import { PREVIEWED, SECRET, previewConfig, previewSandbox, storedRows } from './preview-fixture.js';

const TOKEN = 'preview-operator-token-0123456789';

describe('POST /api/connectors/:nqlId/preview: one user, step by step, against the Salesforce sandbox', () => {
  let sandbox: Sandbox | undefined;
  let server: TestServer | undefined;
  let stateDir: string;
  beforeEach(() => void (stateDir = mkdtempSync(join(tmpdir(), 'tributary-preview-api-'))));
  afterEach(async () => {
    await server?.stop();
    await sandbox?.close();
    server = sandbox = undefined;
    rmSync(stateDir, { recursive: true, force: true });
  });

  async function serve(limits: object = {}): Promise<TestServer> {
    sandbox = await previewSandbox();
    server = await startTestServer({
      config: previewConfig(sandbox, stateDir, limits),
      stateDir,
      env: { SF_CLIENT_SECRET: SECRET },
      token: TOKEN,
    });
    return server;
  }

  /** The answer's status and its JSON; fails the test when a secret shows in it. */
  async function preview(
    nqlId: string,
    body: unknown,
  ): Promise<{ status: number; json: UserPreview & { error?: string } }> {
    const response = await server!.fetch(`/api/connectors/${nqlId}/preview`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    expect(text).not.to.include(SECRET);
    return { status: response.status, json: JSON.parse(text) as UserPreview & { error?: string } };
  }

  async function runNow(nqlId: string): Promise<void> {
    const ended = server!.nextRunEnd(nqlId);
    expect((await server!.fetch(`/api/connectors/${nqlId}/run`, { method: 'POST' })).status).to.equal(202);
    const result = await ended;
    expect(result.status, result.description).to.be.oneOf(['success', 'partial']);
  }

  it('answers each field against the store: unchanged after a run, changed once the source changed; writes nothing, logs a dry run', async () => {
    await serve();
    await runNow('sf_users');
    const before = storedRows(stateDir);

    const same = await preview('sf_users', { user: PREVIEWED });
    expect(same.status).to.equal(200);
    expect(same.json.records.map((r) => r.fields.map((f) => [f.field, f.value, f.stored, f.action]))).to.deep.equal([
      [
        ['department', 'Finance', 'Finance', 'unchanged'],
        ['title', 'Analyst', 'Analyst', 'unchanged'],
      ],
    ]);

    sandbox!.editUser(5, { Department: 'Treasury', Title: null });
    const changed = await preview('sf_users', { user: ` ${PREVIEWED.toUpperCase()} ` });
    expect(changed.status).to.equal(200);
    expect(changed.json).to.deep.include({
      nqlId: 'sf_users',
      user: PREVIEWED.toUpperCase(),
      matchedField: 'Username',
    });
    expect(changed.json.records).to.deep.equal([
      {
        received: { Id: sandbox!.userId(5), Username: PREVIEWED, Department: 'Treasury', Title: null },
        identification: { ok: true, kind: 'upn', value: PREVIEWED },
        limits: [],
        fields: [
          { field: 'department', expression: 'Department', value: 'Treasury', stored: 'Finance', action: 'changed' },
          { field: 'title', expression: 'Title', value: '', stored: 'Analyst', action: 'cleared' },
        ],
        processed: true,
      },
    ]);
    expect(storedRows(stateDir)).to.deep.equal(before);

    const entry = (await (await server!.fetch(`/api/runs/${changed.json.runId}`)).json()) as Record<string, unknown>;
    expect(entry).to.deep.include({
      status: 'success',
      'details.dry_run': 'true',
      'details.number_of_received_rows': 1,
      'details.number_of_imported_rows': 0,
      'details.description': `Preview of one user (Username = ${PREVIEWED.toUpperCase()}): 1 record found; nothing was written`,
    });
  });

  it('says what the limits do to each record: the per-UPN limit ignores the records after the first', async () => {
    await serve({ maxRecordsPerUpn: 1 });
    for (const index of [6, 7]) sandbox!.editUser(index, { Username: PREVIEWED, IsActive: true });
    await runNow('sf_users');
    const { status, json } = await preview('sf_users', { user: PREVIEWED });
    expect(status).to.equal(200);
    expect(json.records.map((r) => [r.received['Id'], r.processed])).to.deep.equal([
      [sandbox!.userId(5), true],
      [sandbox!.userId(6), false],
      [sandbox!.userId(7), false],
    ]);
    expect(json.records.map((r) => r.limits)).to.deep.equal([
      [],
      ['A run ignores this record: Too many records for one UPN: 1 UPN had more than 1 row; 2 rows ignored'],
      ['A run ignores this record: Too many records for one UPN: 1 UPN had more than 1 row; 2 rows ignored'],
    ]);
    // A record a run ignores shows what is stored, and no action.
    expect(json.records[1]!.fields.map((f) => [f.stored, f.action])).to.deep.equal([
      ['Finance', undefined],
      ['Analyst', undefined],
    ]);
    const entry = (await (await server!.fetch(`/api/runs/${json.runId}`)).json()) as Record<string, unknown>;
    expect(entry).to.deep.include({
      status: 'partial',
      'details.number_of_received_rows': 3,
      'details.number_of_processed_rows': 1,
    });
  });

  it('refuses a request without a user (400), an unknown connector (404), and what cannot be previewed (400)', async () => {
    await serve();
    for (const body of [{}, { user: '' }, { user: 42 }, 'alice'])
      expect((await preview('sf_users', body)).status, JSON.stringify(body)).to.equal(400);
    const unknown = await preview('nope', { user: PREVIEWED });
    expect(unknown.status).to.equal(404);
    const expression = await preview('sf_lowercase', { user: PREVIEWED });
    expect(expression.status).to.equal(400);
    expect(expression.json.error).to.match(/identification must be a field path/);
    const rest = await preview('rest_users', { user: PREVIEWED });
    expect(rest.status).to.equal(400);
    expect(rest.json.error).to.include('cannot preview one user');
    const notFound = await preview('sf_users', { user: 'nobody@acme.example' });
    expect(notFound.status).to.equal(200);
    expect(notFound.json.records).to.deep.equal([]);
    const anonymous = await fetch(`${server!.url}/api/connectors/sf_users/preview`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: PREVIEWED }),
    });
    expect(anonymous.status).to.equal(401);
  });

  it('never answers a secret, not even one the source returns as data', async () => {
    await serve();
    sandbox!.editUser(5, { Title: `Keeper of ${SECRET}` });
    const answer = await preview('sf_users', { user: PREVIEWED });
    expect(answer.status).to.equal(200);
    expect(String(answer.json.records[0]!.received['Title'])).to.match(/^Keeper of /);
  });
});
