import { expect } from 'chai';
import { queryLogs } from '../../../core/index.js';
import {
  DEFAULT_LIMITS,
  ProblemLog,
  type Logger,
  type RunDraft,
  type RunInfo,
  type RunObserver,
} from '../../../core/index.js';
import { createExecutionLogListener } from '../execution-log-listener.js';
import { openLogStore, type LogStore } from '../store/log-store.js';
import { FakeBatch, FakeControl, fakeDraft, fakeRunInfo, normaliseKey } from './fake-run.js';

/** Plays the host's part after the rows: listeners finish the draft, then the result is recorded. */
async function finish(observer: RunObserver, run: RunInfo, draft: RunDraft): Promise<void> {
  observer.onFinish?.(draft);
  const endedAt = new Date(run.startedAt.getTime() + 1000);
  await observer.onEnd?.({
    ...run,
    status: draft.status,
    endedAt,
    durationMs: 1000,
    description: draft.problems.format(),
    receivedRows: draft.receivedRows,
    processedRows: draft.processedRows,
    importedRows: draft.importedRows,
    apiCalls: draft.apiCalls,
  });
}

describe('execution-log listener', () => {
  let store: LogStore;
  const errors: string[] = [];
  const logger: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: (m) => errors.push(m) };
  beforeEach(() => {
    store = openLogStore({ stateDir: ':memory:' });
    errors.length = 0;
  });
  afterEach(() => store.close());

  it('records a partial entry naming 1 UPN and 200 rows for 1,200 rows sharing a UPN plus 100 others', async () => {
    const listener = createExecutionLogListener({ limits: DEFAULT_LIMITS, logger }, store, store.baselines);
    const run = fakeRunInfo({ identifierKind: 'upn' });
    const observer = await listener.start(run, new FakeControl());
    const keys = Array.from({ length: 1300 }, (_, i) =>
      normaliseKey(i < 1200 ? (i % 2 ? ' JDoe@Acme.com' : 'jdoe@acme.com ') : `u${i}@acme.com`),
    );
    const batch = new FakeBatch(keys);
    observer.onRows?.(batch);
    expect(batch.admittedCount).to.equal(1100);
    await finish(observer, run, fakeDraft({ receivedRows: 1300, processedRows: 1100 }));
    const { rows } = await queryLogs(
      store,
      'platform.inbound_connector_logs | list status, details.description, details.number_of_processed_rows',
    );
    expect(rows).to.deep.equal([
      {
        status: 'partial',
        'details.description': 'Too many records for one UPN: 1 UPN had more than 1,000 rows; 200 rows ignored',
        'details.number_of_processed_rows': 1100,
      },
    ]);
  });

  it('keeps per-run state apart for concurrent runs', async () => {
    const listener = createExecutionLogListener(
      { limits: { maxRowsPerSync: 2, maxRecordsPerUpn: 10 }, logger },
      store,
      store.baselines,
    );
    const a = await listener.start(fakeRunInfo({ runId: 'a' }), new FakeControl());
    const b = await listener.start(fakeRunInfo({ runId: 'b' }), new FakeControl());
    const first = new FakeBatch(['x', 'y']);
    const second = new FakeBatch(['z']);
    a.onRows?.(first);
    b.onRows?.(second);
    expect(first.admittedCount + second.admittedCount).to.equal(3);
  });

  it('records a failed run as one failure entry with its description', async () => {
    const listener = createExecutionLogListener({ limits: DEFAULT_LIMITS, logger }, store, store.baselines);
    const run = fakeRunInfo({ nqlId: 'broken' });
    const observer = await listener.start(run, new FakeControl());
    const problems = new ProblemLog();
    problems.add('Invalid JSONata expression for field department: Expected ")"');
    await finish(observer, run, { ...fakeDraft(), status: 'failure', problems, error: new Error('boom') });
    const { rows } = await queryLogs(
      store,
      'platform.inbound_connector_logs | where status == failure | list details.nql_id, details.description',
    );
    expect(rows).to.deep.equal([
      {
        'details.nql_id': 'broken',
        'details.description': 'Invalid JSONata expression for field department: Expected ")"',
      },
    ]);
  });

  it('logs, and does not throw, when the entry cannot be written', async () => {
    const listener = createExecutionLogListener({ limits: DEFAULT_LIMITS, logger }, store, store.baselines);
    const run = fakeRunInfo();
    const observer = await listener.start(run, new FakeControl());
    store.close();
    await finish(observer, run, fakeDraft());
    expect(errors).to.have.length(1);
    expect(errors[0]).to.match(/^Could not write the execution log entry of salesforce_user_attributes: /);
    store = openLogStore({ stateDir: ':memory:' }); // for afterEach
  });
});
