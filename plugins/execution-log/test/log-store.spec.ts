import { expect } from 'chai';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { openLogStore, LOG_DB_FILE, type LogStore } from '../store/log-store.js';
import { queryLogs } from '../query-logs.js';
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
    for (const store of open.splice(0)) store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('records every field of an execution and reads it back under its NQL name', () => {
    const store = openStore({ stateDir: ':memory:' });
    store.append(
      fakeResult({
        runId: 'r-42',
        status: 'partial',
        description: 'Too many rows received: 5 received, 3 processed',
        endedAt: new Date('2026-11-20T10:00:02.500Z'),
        receivedRows: 5,
        processedRows: 3,
        importedRows: 2,
        apiCalls: 7,
      }),
    );
    const { rows } = queryLogs(store, ALL);
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
        'details.dry_run': 'false',
      },
    ]);
  });

  it('keeps a file under the state dir in WAL mode and survives reopening', () => {
    openStore().append(fakeResult({ runId: 'first' }));
    const reopened = openStore();
    expect(queryLogs(reopened, `${ALL} | list details.run_id`).rows).to.deep.equal([{ 'details.run_id': 'first' }]);
    const raw = new Database(join(dir, LOG_DB_FILE), { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).to.equal('wal');
    raw.close();
  });

  it('takes interleaved writes from two connections on one file, and from a third connection in its own transaction', () => {
    const a = openStore();
    const b = openStore();
    for (let i = 0; i < 50; i++) {
      a.append(fakeResult({ runId: `a${i}` }));
      b.append(fakeResult({ runId: `b${i}` }));
    }
    expect(queryLogs(a, `${ALL} | summarize n = count()`).rows).to.deep.equal([{ n: 100 }]);
    // A third connection (another process's view) deletes in its own transaction; both stores see it.
    const other = new Database(join(dir, LOG_DB_FILE));
    other.exec('BEGIN IMMEDIATE; DELETE FROM inbound_connector_logs WHERE run_id = \'a0\'; COMMIT;');
    other.close();
    b.append(fakeResult({ runId: 'after' }));
    expect(queryLogs(a, `${ALL} | summarize n = count()`).rows).to.deep.equal([{ n: 100 }]);
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
    const rows = queryLogs(openStore(), `${ALL} | summarize n = count() by status`).rows;
    expect(rows).to.deep.equal([{ status: 'success', n: 600 }]);
  });

  it('deletes entries older than the retention on write', () => {
    const now = new Date('2026-11-25T12:00:00.000Z');
    const store = openStore({ retentionDays: 30, now: () => now });
    store.append(fakeResult({ runId: 'old', endedAt: new Date('2026-10-25T11:59:59.000Z') }));
    store.append(fakeResult({ runId: 'kept', endedAt: new Date('2026-10-26T12:00:00.000Z') }));
    store.append(fakeResult({ runId: 'new', endedAt: now }));
    const ids = queryLogs(store, `${ALL} | list details.run_id`).rows.map((r) => r['details.run_id']);
    expect(ids).to.deep.equal(['kept', 'new']);
  });

  it('keeps everything without a retention', () => {
    const store = openStore({ stateDir: ':memory:' });
    store.append(fakeResult({ endedAt: new Date('2000-01-01T00:00:00.000Z') }));
    store.append(fakeResult());
    expect(queryLogs(store, `${ALL} | summarize n = count()`).rows).to.deep.equal([{ n: 2 }]);
  });

  it('refuses statements that write', () => {
    const store = openStore({ stateDir: ':memory:' });
    expect(() => store.select('DELETE FROM inbound_connector_logs', [])).to.throw(/read-only/);
  });
});
