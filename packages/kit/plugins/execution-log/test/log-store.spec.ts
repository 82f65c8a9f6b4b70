import { expect } from 'chai';
import { queryLogs } from '../../../core/index.js';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { openLogStore, LOG_DB_FILE, type LogStore } from '../store/log-store.js';
import { fakeResult } from './fake-run.js';

const ALL = 'platform.inbound_connector_logs';

describe('execution-log store', () => {
  let dir: string;
  const open: LogStore[] = [];
  const openStore = (options: Partial<Parameters<typeof openLogStore>[0]> = {}) => {
    const store = openLogStore({ stateDir: dir, ...options });
    open.push(store);
    return store;
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tributary-log-'));
  });
  afterEach(() => {
    for (const store of open.splice(0)) void store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('records every field of an execution and reads it back under its NQL name', async () => {
    const store = openStore({ stateDir: ':memory:' });
    await store.append(
      fakeResult({
        runId: 'r-42',
        status: 'partial',
        description: 'Too many rows received: 5 received, 3 processed',
        endedAt: new Date('2026-11-20T10:00:02.500Z'),
        receivedRows: 5,
        processedRows: 3,
        importedRows: 2,
        apiCalls: 7,
        host: 'node-1:4242',
        scheduledFor: new Date('2026-11-20T10:00:00.000Z'),
        sync: { mode: 'changes', since: 'c', lookBackSeconds: 300 },
        leavers: 4,
        changes: 7,
      }),
    );
    const { rows } = await queryLogs(store, ALL);
    expect(rows).to.deep.equal([
      {
        time: '2026-11-20T10:00:02.500Z',
        status: 'partial',
        'details.name': 'Salesforce user attributes',
        'details.description': 'Too many rows received: 5 received, 3 processed',
        'details.connector': 'Salesforce: User Attributes',
        'details.credentials': 'Salesforce production',
        'details.credentials_id': 'sf-prod',
        'details.nql_id': 'salesforce_user_attributes',
        'details.number_of_received_rows': 5,
        'details.number_of_processed_rows': 3,
        'details.run_id': 'r-42',
        'details.started_at': '2026-11-20T10:00:00.000Z',
        'details.duration_ms': 2500,
        'details.number_of_imported_rows': 2,
        'details.api_calls': 7,
        'details.host': 'node-1:4242',
        'details.scheduled_for': '2026-11-20T10:00:00.000Z',
        'details.dry_run': 'false',
        'details.sync_mode': 'changes',
        'details.number_of_leavers': 4,
        'details.number_of_changes': 7,
      },
    ]);
  });

  it('keeps a file under the state dir in WAL mode and survives reopening', async () => {
    await openStore().append(fakeResult({ runId: 'first' }));
    const reopened = openStore();
    expect((await queryLogs(reopened, `${ALL} | list details.run_id`)).rows).to.deep.equal([
      { 'details.run_id': 'first' },
    ]);
    const raw = new Database(join(dir, LOG_DB_FILE), { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).to.equal('wal');
    raw.close();
  });

  it('adds details.host and details.scheduled_for to a file written before they existed, empty for older entries', async () => {
    const old = new Database(join(dir, LOG_DB_FILE));
    old.exec(`CREATE TABLE inbound_connector_logs (id INTEGER PRIMARY KEY AUTOINCREMENT, time TEXT NOT NULL, status TEXT NOT NULL, name TEXT NOT NULL,
      description TEXT NOT NULL, connector TEXT NOT NULL, credentials TEXT NOT NULL, credentials_id TEXT NOT NULL, nql_id TEXT NOT NULL,
      received_rows INTEGER NOT NULL, processed_rows INTEGER NOT NULL, run_id TEXT NOT NULL, started_at TEXT NOT NULL, duration_ms INTEGER NOT NULL,
      imported_rows INTEGER NOT NULL, api_calls INTEGER NOT NULL);
      INSERT INTO inbound_connector_logs VALUES (NULL, '2026-11-20T10:00:00.000Z', 'success', 'n', '', 'c', '', '', 'x', 1, 1, 'old', '2026-11-20T09:00:00.000Z', 5, 1, 1);`);
    old.close();
    const store = openStore();
    await store.append(fakeResult({ runId: 'new', host: 'h:1' }));
    const rows = (await queryLogs(store, `${ALL} | list details.run_id, details.host, details.scheduled_for`)).rows;
    expect(rows).to.deep.equal([
      { 'details.run_id': 'old', 'details.host': '', 'details.scheduled_for': '' },
      { 'details.run_id': 'new', 'details.host': 'h:1', 'details.scheduled_for': '' },
    ]);
  });

  it('takes interleaved writes from two connections on one file, and from a third connection in its own transaction', async () => {
    const a = openStore();
    const b = openStore();
    for (let i = 0; i < 50; i++) {
      await a.append(fakeResult({ runId: `a${i}` }));
      await b.append(fakeResult({ runId: `b${i}` }));
    }
    expect((await queryLogs(a, `${ALL} | summarize n = count()`)).rows).to.deep.equal([{ n: 100 }]);
    // A third connection (another process's view) deletes in its own transaction; both stores see it.
    const other = new Database(join(dir, LOG_DB_FILE));
    other.exec("BEGIN IMMEDIATE; DELETE FROM inbound_connector_logs WHERE run_id = 'a0'; COMMIT;");
    other.close();
    await b.append(fakeResult({ runId: 'after' }));
    expect((await queryLogs(a, `${ALL} | summarize n = count()`)).rows).to.deep.equal([{ n: 100 }]);
  });

  it('takes concurrent writes from two threads with their own connections, losing none', async () => {
    openStore(); // creates the schema first, as the host does before any run
    const run = (prefix: string) =>
      new Promise<void>((resolve, reject) => {
        const worker = new Worker(new URL('./append-worker.mjs', import.meta.url), {
          workerData: { stateDir: dir, prefix, count: 300 },
        });
        worker.once('error', reject);
        worker.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`worker exited with ${code}`))));
      });
    await Promise.all([run('x'), run('y')]);
    const rows = (await queryLogs(openStore(), `${ALL} | summarize n = count() by status`)).rows;
    expect(rows).to.deep.equal([{ status: 'success', n: 600 }]);
  });

  it('deletes entries older than the retention on write', async () => {
    const now = new Date('2026-11-25T12:00:00.000Z');
    const store = openStore({ retentionDays: 30, now: () => now });
    await store.append(fakeResult({ runId: 'old', endedAt: new Date('2026-10-25T11:59:59.000Z') }));
    await store.append(fakeResult({ runId: 'kept', endedAt: new Date('2026-10-26T12:00:00.000Z') }));
    await store.append(fakeResult({ runId: 'new', endedAt: now }));
    const ids = (await queryLogs(store, `${ALL} | list details.run_id`)).rows.map((r) => r['details.run_id']);
    expect(ids).to.deep.equal(['kept', 'new']);
  });

  it('keeps everything without a retention', async () => {
    const store = openStore({ stateDir: ':memory:' });
    await store.append(fakeResult({ endedAt: new Date('2000-01-01T00:00:00.000Z') }));
    await store.append(fakeResult());
    expect((await queryLogs(store, `${ALL} | summarize n = count()`)).rows).to.deep.equal([{ n: 2 }]);
  });
});
