/** The operator routes of the JSON API: held and live runs, approve, reject, cancel, pause, resume, overview, audit. */
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Plugin } from 'tributary-kit';
import { testPlugin } from 'tributary-kit/internal/testing/test-plugin.js';
import { ChangingSource } from '../support/changing-source.js';
import { peopleConnector } from '../support/sync-host.js';
import { stoppedAfterEach } from '../support/stopped-after-each.js';
import { OPERATOR_TOKEN, serverConfig, serverEnv, serverPlugins } from '../server/server-fixture.js';
import { startServing, type Serving } from '../server/start-serving.js';
import { observedStore, seed, type ObservedStore } from './operator-host.js';

const OPS_TOKEN = 'ops-team-token-fedcba9876543210';
const env = { ...serverEnv, OPERATOR_TOKEN, OPS_TOKEN };
const tokens = { token: '${OPERATOR_TOKEN}', tokens: [{ name: 'ops-team', token: '${OPS_TOKEN}' }] };

interface Api extends Serving {
  readonly observed: ObservedStore;
  /** A request with `token` as its bearer (none: no Authorization). */
  call(method: string, path: string, token?: string): Promise<{ status: number; body: Record<string, unknown> }>;
  /** Run now, and wait for that run's end. */
  runNow(nqlId: string): Promise<void>;
}

describe('operator: the JSON API', function () {
  this.timeout(60_000);
  const stopLater = stoppedAfterEach<Serving>();
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'tributary-api-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function serve(config: object, plugins: readonly Plugin[]): Promise<Api> {
    const observed = observedStore(dir);
    const serving = stopLater(
      await startServing({ config, server: tokens, plugins: [...plugins, observed.plugin], env }),
    );
    const call: Api['call'] = async (method, path, token = OPERATOR_TOKEN) => {
      const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
      const response = await fetch(`${serving.url}${path}`, { method, headers });
      const text = await response.text();
      return {
        status: response.status,
        body: (text.startsWith('{') ? JSON.parse(text) : { text }) as Record<string, unknown>,
      };
    };
    return {
      ...serving,
      observed,
      call,
      async runNow(nqlId) {
        const ended = observed.after('endLive');
        expect((await call('POST', `/api/connectors/${nqlId}/run`)).status).to.equal(202);
        await ended;
      },
    };
  }

  it('takes approve, reject, cancel, pause and resume only as POST with a token', async () => {
    const api = await serve(serverConfig(), serverPlugins());
    const actions = [
      '/api/runs/r-1/approve',
      '/api/runs/r-1/reject',
      '/api/runs/r-1/cancel',
      '/api/connectors/good_users/pause',
      '/api/connectors/good_users/resume',
    ];
    for (const path of actions) {
      expect((await api.call('POST', path, '')).status, path).to.equal(401);
      expect((await api.call('POST', path, 'not-the-token-0123456789')).status, path).to.equal(401);
      expect((await api.call('GET', path)).status, path).to.equal(405);
    }
    expect(await api.observed.store.pauses()).to.deep.equal([]);
    expect((await api.observed.store.audit({ offset: 0, limit: 10 })).total).to.equal(0);
    expect(await api.call('POST', '/api/runs/r-1/approve')).to.deep.include({ status: 404 });
    expect((await api.call('POST', '/api/runs/r-1/cancel')).body).to.deep.include({
      done: false,
      reason: 'unknown',
      error: 'No run r-1 in progress',
    });
    expect((await api.call('POST', '/api/connectors/good_users/pause')).status).to.equal(200);
    expect((await api.call('POST', '/api/connectors/good_users/pause')).status).to.equal(409);
    expect((await api.call('POST', '/api/connectors/good_users/resume')).status).to.equal(200);
    expect((await api.call('POST', '/api/connectors/good_users/resume')).status).to.equal(409);
    expect((await api.call('POST', '/api/connectors/nobody/pause')).status).to.equal(404);
  });

  it('audits each action with the name of the token it carried and the client address', async () => {
    const api = await serve(serverConfig(), serverPlugins());
    expect((await api.call('POST', '/api/connectors/good_users/pause', OPS_TOKEN)).status).to.equal(200);
    expect((await api.call('POST', '/api/connectors/good_users/resume')).status).to.equal(200);
    expect((await api.call('POST', '/api/runs/r-2/reject', OPS_TOKEN)).status).to.equal(404);
    const { status, body } = await api.call('GET', '/api/audit?limit=2', OPS_TOKEN);
    expect(status).to.equal(200);
    const entries = body['entries'] as Array<Record<string, unknown>>;
    expect(body['total']).to.equal(3);
    expect(
      entries.map(({ time, ...rest }) => (expect(Date.parse(String(time))).to.be.a('number'), rest)),
    ).to.deep.equal([
      { actor: 'ops-team', address: '127.0.0.1', action: 'reject', target: 'r-2', outcome: 'refused: No held run r-2' },
      { actor: 'token', address: '127.0.0.1', action: 'resume', target: 'good_users', outcome: 'done' },
    ]);
    const older = (await api.call('GET', '/api/audit?offset=2&limit=5')).body['entries'] as Array<
      Record<string, unknown>
    >;
    expect(older.map((e) => [e['actor'], e['action']])).to.deep.equal([['ops-team', 'pause']]);
    expect(api.logger.lines).to.include('info: Audit: ops-team (127.0.0.1) pause good_users: done');
    expect((await api.call('GET', '/api/audit', '')).status).to.equal(401);
    const paused = (await api.call('POST', '/api/connectors/good_users/pause', OPS_TOKEN)).body;
    const connector = (await api.call('GET', '/api/connectors/good_users')).body;
    expect(paused['done']).to.equal(true);
    expect(connector['paused']).to.have.property('by', 'ops-team');
  });

  it('shows each connector’s health, pause and quarantine, and an overview matching the runs made', async () => {
    const api = await serve(serverConfig(), serverPlugins());
    await api.runNow('good_users');
    await api.runNow('good_users');
    for (let i = 0; i < 3; i++) await api.runNow('broken_users');
    await api.call('POST', '/api/connectors/good_users/pause');
    const connectors = (await api.call('GET', '/api/connectors')).body['connectors'] as Array<Record<string, unknown>>;
    const [good, broken] = connectors;
    expect(good).to.deep.include({ nqlId: 'good_users', health: 'on-time', running: false });
    expect(good!['paused']).to.have.all.keys('by', 'at');
    expect(good!['paused']).to.have.property('by', 'token');
    expect(good).not.to.have.property('quarantine');
    expect(broken).to.deep.include({ nqlId: 'broken_users', health: 'error' });
    expect(broken).not.to.have.property('paused');
    const quarantine = broken!['quarantine'] as Record<string, unknown>;
    expect(quarantine).to.have.property('failures', 3);
    expect(Date.parse(String(quarantine['until'])) - Date.parse(String(quarantine['since']))).to.equal(3_600_000);
    const overview = (await api.call('GET', '/api/overview?days=1')).body;
    expect(overview['days']).to.equal(1);
    const [goodDay, brokenDay] = overview['connectors'] as Array<Record<string, unknown>>;
    expect(goodDay).to.deep.include({
      nqlId: 'good_users',
      health: 'on-time',
      runs: 2,
      successes: 2,
      successRate: 1,
      rowsPerDay: 50,
    });
    expect(goodDay!['lastSuccessAgeSeconds']).to.be.a('number');
    expect(brokenDay).to.deep.include({
      nqlId: 'broken_users',
      health: 'error',
      runs: 3,
      successes: 0,
      successRate: 0,
    });
    expect(brokenDay).not.to.have.property('lastSuccessAgeSeconds');
    const week = (await api.call('GET', '/api/overview')).body;
    expect(week['days']).to.equal(7);
    expect((week['connectors'] as Array<Record<string, unknown>>)[0]).to.deep.include({ runs: 2, rowsPerDay: 7 });
    expect((await api.call('GET', '/api/overview?days=0')).body['days']).to.equal(1);
    expect((await api.call('GET', '/api/overview?days=9999')).body['days']).to.equal(365);
    const audit = (await api.call('GET', '/api/audit?limit=20')).body['entries'] as Array<Record<string, unknown>>;
    expect(audit.map((e) => `${e['actor']} ${e['action']} ${e['target']}: ${e['outcome']}`)).to.deep.equal([
      'token pause good_users: done',
      ...Array<string>(3).fill('token run-now broken_users: accepted'),
      ...Array<string>(2).fill('token run-now good_users: accepted'),
    ]);
  });

  it('lists a held run and its live report, and commits it once approved with a named token', async () => {
    const source = new ChangingSource();
    seed(source, 4);
    const config = {
      sinks: [{ id: 'users', type: 'sqlite' }],
      hold: { maxLeavers: 0 },
      connectors: [peopleConnector({ sync: { mode: 'full', leavers: { action: 'delete', afterFullReads: 1 } } })],
    };
    const api = await serve(config, [testPlugin({ connectorTemplates: [source.template()] })]);
    await api.runNow('people');
    source.set('u1@acme.example', { active: false });
    const reported = api.observed.after('reportLive', (r) => r.phase === 'held');
    expect((await api.call('POST', '/api/connectors/people/run')).status).to.equal(202);
    const [live] = await reported;
    const held = (await api.call('GET', '/api/runs/held')).body['runs'] as Array<Record<string, unknown>>;
    expect(held).to.have.length(1);
    expect(held[0]).to.have.all.keys('runId', 'nqlId', 'host', 'heldAt', 'deadline', 'reasons', 'counts');
    expect(held[0]).to.deep.include({
      runId: live.runId,
      nqlId: 'people',
      reasons: ['1 leaver (hold.maxLeavers 0)'],
      counts: { receivedRows: 3, processedRows: 3, leavers: 1 },
    });
    const running = (await api.call('GET', '/api/runs/live')).body['runs'] as Array<Record<string, unknown>>;
    expect(running).to.have.length(1);
    expect(running[0]).to.include.all.keys(
      'runId',
      'nqlId',
      'host',
      'startedAt',
      'updatedAt',
      'phase',
      'receivedRows',
      'processedRows',
      'rowsPerSecond',
    );
    expect(running[0]).to.deep.include({
      runId: live.runId,
      nqlId: 'people',
      phase: 'held',
      receivedRows: 3,
      processedRows: 3,
    });
    const ended = api.observed.after('endLive', (runId) => runId === live.runId);
    const approved = await api.call('POST', `/api/runs/${live.runId}/approve`, OPS_TOKEN);
    expect(approved.status).to.equal(200);
    await ended;
    const entry = (await api.call('GET', `/api/runs/${live.runId}`)).body;
    expect(entry['status']).to.equal('success');
    expect(String(entry['details.description'])).to.match(
      /^Held: 1 leaver \(hold.maxLeavers 0\); approved by ops-team \(127\.0\.0\.1\) at /,
    );
    expect((await api.call('GET', '/api/runs/held')).body['runs']).to.deep.equal([]);
    expect((await api.call('GET', '/api/runs/live')).body['runs']).to.deep.equal([]);
    const lines = (await api.call('GET', `/api/runs/${live.runId}/log`)).body['lines'] as Array<
      Record<string, unknown>
    >;
    expect(lines.some((l) => /held before its commit/.test(String(l['message'])))).to.equal(true);
    expect(lines.at(-1)!['message']).to.match(/^Run ended: success: Held: /);
  });

  it('says who decided a held run first (409), and lists no held run past its deadline', async () => {
    const api = await serve(serverConfig(), serverPlugins());
    const now = Date.now();
    const record = (runId: string, deadline: number) => ({
      runId,
      nqlId: 'good_users',
      host: 'gone:1',
      heldAt: new Date(now - 1_000),
      deadline: new Date(deadline),
      reasons: ['3 leavers (hold.maxLeavers 0)'],
      counts: { receivedRows: 5, processedRows: 5, leavers: 3 },
    });
    await api.observed.store.hold(record('r-open', now + 3_600_000));
    await api.observed.store.hold(record('r-stale', now - 1));
    const held = (await api.call('GET', '/api/runs/held')).body['runs'] as Array<Record<string, unknown>>;
    expect(held.map((r) => r['runId'])).to.deep.equal(['r-open']);
    expect((await api.call('POST', '/api/runs/r-open/reject', OPS_TOKEN)).status).to.equal(200);
    const second = await api.call('POST', '/api/runs/r-open/approve');
    expect(second.status).to.equal(409);
    expect(second.body).to.deep.include({ reason: 'already', error: 'Run r-open was rejected already by ops-team' });
    expect((await api.observed.store.heldRun('r-open'))?.decision).to.deep.include({
      verdict: 'rejected',
      by: 'ops-team',
      address: '127.0.0.1',
    });
    // Past its deadline, an approval that reaches the store before the run's host noticed is refused:
    // the run is rejected by the timeout.
    const late = await api.call('POST', '/api/runs/r-stale/approve', OPS_TOKEN);
    expect(late.status).to.equal(409);
    expect(String(late.body['error'])).to.match(/^Run r-stale passed its deadline \(.*\): it is rejected$/);
    expect((await api.observed.store.heldRun('r-stale'))?.decision).to.deep.include({
      verdict: 'rejected',
      by: 'timeout',
    });
  });

  it('lists no live run whose host stopped reporting ten minutes ago', async () => {
    const api = await serve(serverConfig(), serverPlugins());
    const now = Date.now();
    const live = (runId: string, updatedAgoMs: number) => ({
      runId,
      nqlId: 'good_users',
      host: 'h:1',
      startedAt: new Date(now - 3_600_000),
      updatedAt: new Date(now - updatedAgoMs),
      phase: 'reading',
      receivedRows: 10,
      processedRows: 10,
    });
    await api.observed.store.reportLive(live('r-fresh', 5_000));
    await api.observed.store.reportLive(live('r-gone', 11 * 60_000));
    const runs = (await api.call('GET', '/api/runs/live')).body['runs'] as Array<Record<string, unknown>>;
    expect(runs.map((r) => r['runId'])).to.deep.equal(['r-fresh']);
  });
});
