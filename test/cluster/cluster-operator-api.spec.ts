import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import type { SourceRecord } from 'tributary-kit';
import { clusterDatabase, peopleInCluster, poll } from '../../plugins/postgres/test/cluster-host.js';
import { defaultSyntheticRecord, syntheticConnector, testPlugin } from '../../testing.js';
import { serveInProcess, type ServingProject } from './serve-in-process.js';

const TOKEN = 'operator-token-0123456789';
const OPS_TOKEN = 'ops-team-token-0123456789';

describe('operator control in a cluster, through two hosts’ HTTP APIs', function () {
  this.timeout(120_000);
  let db: pg.Client;
  let url: string;
  let dir: string;
  const serving: ServingProject[] = [];
  let department = 'Sales';
  const plugin = testPlugin({
    id: 'people-source',
    connectorTemplates: [
      syntheticConnector({
        id: 'synthetic',
        rows: 10,
        record: (i: number): SourceRecord => ({ ...defaultSyntheticRecord(i), Department: department }),
      }),
    ],
  });

  /** `serve` named `hostName` on the cluster, its API on a free port, its runs held when more than 10 % of the users change. */
  const serve = async (hostName: string): Promise<ServingProject> => {
    const config = {
      state: { dir: join(dir, hostName.replace(':', '-')) },
      ...peopleInCluster({ hostName, fields: ['Department'], connector: { hold: { maxChangedPercent: 10 } } }),
      server: { listen: '127.0.0.1:0', token: '${TOKEN}', tokens: [{ name: 'ops-team', token: '${OPS_TOKEN}' }] },
    };
    const host = await serveInProcess({ config, plugin }, { PG_URL: url, TOKEN, OPS_TOKEN }, { controlPollMs: 50 });
    serving.push(host);
    return host;
  };
  const call = async (host: ServingProject, path: string, method = 'GET', token = TOKEN) => {
    const response = await fetch(`${host.url}${path}`, { method, headers: { authorization: `Bearer ${token}` } });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const entry = (host: ServingProject, runId: string) =>
    poll(`the log entry of ${runId}`, async () => {
      const nql = `platform.inbound_connector_logs | where details.run_id == "${runId}"`;
      const { body } = await call(host, `/api/runs?nql=${encodeURIComponent(nql)}`);
      return (body['entries'] as Array<Record<string, string>>)[0];
    });
  const runNow = async (host: ServingProject): Promise<void> => {
    // The server answers before serve has joined the cluster and scheduled its connectors: wait for /readyz.
    await poll('serve ready', async () => ((await fetch(`${host.url}/readyz`)).status === 200 ? true : undefined));
    expect((await call(host, '/api/connectors/people/run', 'POST')).status).to.equal(202);
  };

  beforeEach(async () => {
    ({ db, url } = await clusterDatabase());
    dir = mkdtempSync(join(tmpdir(), 'tributary-operator-'));
    department = 'Sales';
  });
  afterEach(async () => {
    for (const host of serving.splice(0)) await host.stop();
    await db.end();
    rmSync(dir, { recursive: true, force: true });
  });

  it('holds a run on one host; the other lists it, approves it with its named token, and both see the audit', async () => {
    const a = await serve('a:1');
    const b = await serve('b:1');
    await runNow(a);
    await poll('the first run logged', async () => {
      const { body } = await call(b, '/api/runs');
      return (body['entries'] as Array<Record<string, string>>).find((e) => e['status'] === 'success');
    });
    department = 'Marketing';
    await runNow(a);
    const held = await poll('the held run, seen from b', async () => {
      const { body } = await call(b, '/api/runs/held');
      return (body['runs'] as Array<Record<string, unknown>>)[0];
    });
    expect(held).to.deep.include({ nqlId: 'people', host: 'a:1' });
    const approved = await call(b, `/api/runs/${String(held['runId'])}/approve`, 'POST', OPS_TOKEN);
    expect(approved.status).to.equal(200);
    // The second decision finds the first (409) or, when the run already committed and its host forgot
    // the hold, no held run at all (404): never a second decision.
    const again = await call(a, `/api/runs/${String(held['runId'])}/reject`, 'POST');
    expect(again.status).to.be.oneOf([404, 409]);
    expect(String(again.body['error'])).to.match(/was approved already by ops-team|^No held run /);
    const logged = await entry(a, String(held['runId']));
    expect(logged['status']).to.equal('success');
    expect(logged['details.description']).to.match(/approved by ops-team \(127\.0\.0\.1\)/);
    expect(logged['details.host']).to.equal('a:1');
    const audit = (await call(a, '/api/audit')).body['entries'] as Array<Record<string, string>>;
    expect(audit.slice(0, 2).map((e) => [e['actor'], e['action'], String(e['outcome']).split(':')[0]])).to.deep.equal([
      ['token', 'reject', 'refused'],
      ['ops-team', 'approve', 'done'],
    ]);
  });

  it('pauses a connector on every host from one of them', async () => {
    const a = await serve('a:1');
    const b = await serve('b:1');
    expect((await call(b, '/api/connectors/people/pause', 'POST', OPS_TOKEN)).status).to.equal(200);
    const people = ((await call(a, '/api/connectors')).body['connectors'] as Array<Record<string, unknown>>)[0];
    expect(people?.['paused']).to.deep.include({ by: 'ops-team' });
    expect((await call(a, '/api/connectors/people/resume', 'POST')).status).to.equal(200);
    const after = ((await call(b, '/api/connectors')).body['connectors'] as Array<Record<string, unknown>>)[0];
    expect(after).to.not.have.property('paused');
  });
});
