import { expect } from 'chai';
import fc from 'fast-check';
import {
  LOG_FIELDS,
  NQL_EXAMPLES,
  NqlSyntaxError,
  queryLogs,
  type LogQueryResult,
  type RunResult,
} from 'tributary-kit';
import { memoryStore, postgresStore, sqliteStore, type StoreUnderTest } from './log-stores.js';

const VOCABULARY = [
  'platform.inbound_connector_logs',
  'during',
  'past',
  '7d',
  '30min',
  '24h',
  '0d',
  '|',
  'where',
  'list',
  'sort',
  'limit',
  'summarize',
  'count',
  '(',
  ')',
  '()',
  '[',
  ']',
  ',',
  '=',
  '==',
  '!=',
  '<',
  '>',
  '<=',
  '>=',
  'in',
  '!in',
  '!',
  'and',
  'or',
  'asc',
  'desc',
  'by',
  'runs',
  'n',
  'time',
  'status',
  'details.name',
  'details.nql_id',
  'details.api_calls',
  'details.started_at',
  'details.host',
  'success',
  'partial',
  'failure',
  '"sales*"',
  '"x?"',
  "'a[b'",
  '"2026-11-20"',
  '"',
  '0',
  '3',
  '-1',
  '2.5',
  '100',
  'details.',
  '.',
  '#',
  '"σ*"',
  '"%_*"',
];

const NOW = new Date('2026-11-25T00:00:00Z');
const at = (iso: string) => new Date(iso);
/** Ties on purpose (same names, statuses, times), non-ASCII text, and LIKE's own wildcards in values. */
const ENTRIES: Partial<RunResult>[] = (
  [
    {
      status: 'partial',
      name: 'Sales',
      endedAt: at('2026-11-21T10:00:00Z'),
      receivedRows: 3,
      apiCalls: 2,
      host: 'a:1',
    },
    {
      status: 'failure',
      name: 'Workday',
      endedAt: at('2026-11-21T10:00:00Z'),
      receivedRows: 0,
      apiCalls: 1,
      host: 'b:2',
    },
    {
      status: 'success',
      name: 'sales',
      nqlId: 'sales_b',
      endedAt: at('2026-11-24T09:00:00Z'),
      receivedRows: 100,
      apiCalls: 2,
    },
    {
      status: 'success',
      name: 'ΟΔΟΣ Σ',
      nqlId: 'greek',
      endedAt: at('2026-11-01T00:00:00Z'),
      receivedRows: 3,
      apiCalls: 5,
      host: 'a:1',
    },
    {
      status: 'failure',
      name: 'x%_y [z]',
      nqlId: 'odd',
      endedAt: at('2026-11-24T23:59:59Z'),
      receivedRows: 2,
      apiCalls: 2,
      scheduledFor: at('2026-11-24T23:59:00Z'),
    },
    {
      status: 'partial',
      name: 'Ünï',
      nqlId: 'unicode',
      endedAt: at('2026-11-20T00:00:00Z'),
      receivedRows: 3,
      apiCalls: 0,
    },
  ] satisfies Partial<RunResult>[]
).map((entry, i) => ({ ...entry, runId: `run-${i}` }));

type Outcome =
  { readonly result: LogQueryResult } | { readonly error: { readonly message: string; readonly column: number } };

describe('execution-log NQL fuzz: SQLite, PostgreSQL and the in-memory store give the same answers', function () {
  this.timeout(300_000);
  let sqlite: StoreUnderTest;
  let postgres: StoreUnderTest;
  let memory: StoreUnderTest;
  before(async () => {
    [sqlite, postgres, memory] = await Promise.all([
      sqliteStore(ENTRIES),
      postgresStore(ENTRIES),
      memoryStore(ENTRIES),
    ]);
  });
  after(async () => {
    await sqlite?.close();
    await postgres?.close();
    await memory?.close();
  });

  let ran = 0;
  beforeEach(() => {
    ran = 0;
  });

  const outcome = async (store: StoreUnderTest, query: string): Promise<Outcome> => {
    try {
      return { result: await queryLogs(store.store, query, NOW) };
    } catch (error) {
      if (!(error instanceof NqlSyntaxError)) throw new Error(`${query}: ${(error as Error).message}`);
      return { error: { message: error.message, column: error.column } };
    }
  };

  /** A query runs on every store with equal columns and rows (in order), or fails on all with the same typed parse error. */
  const sameOnAll = async (query: string): Promise<void> => {
    const expected = await outcome(sqlite, query);
    if ('error' in expected) {
      expect(expected.error.column).to.be.within(1, query.length + 1);
      return; // parsing happens before any store is asked
    }
    ran++;
    expect(await outcome(postgres, query), `${query} (PostgreSQL)`).to.deep.equal(expected);
    expect(await outcome(memory, query), `${query} (in memory)`).to.deep.equal(expected);
  };

  it('orders the groups of a summary over a sorted, limited list by the group, on every store (found by the fuzz below)', async () => {
    const query = 'platform.inbound_connector_logs | sort status desc | limit 3 | summarize runs = count() by status';
    for (const [name, store] of [
      ['SQLite', sqlite],
      ['PostgreSQL', postgres],
      ['in memory', memory],
    ] as const) {
      const { result } = (await outcome(store, query)) as { result: LogQueryResult };
      expect(result.rows, name).to.deep.equal([
        { status: 'partial', runs: 1 },
        { status: 'success', runs: 2 },
      ]);
    }
  });

  it('random text only ever produces the typed parse error', async () => {
    await fc.assert(fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 80 }), sameOnAll), { numRuns: 2000 });
  });

  it('random sequences of NQL tokens run alike on every store or fail with the typed parse error', async () => {
    const tokens = fc.array(fc.constantFrom(...VOCABULARY), { maxLength: 25 });
    const query = fc
      .tuple(fc.boolean(), tokens)
      .map(([table, rest]) => (table ? ['platform.inbound_connector_logs', ...rest] : rest).join(' '));
    await fc.assert(fc.asyncProperty(query, sameOnAll), { numRuns: 3000 });
    expect(ran, 'queries that ran').to.be.greaterThan(0);
  });

  it('random well-formed pipelines (any fields, operators and values) run alike on every store', async () => {
    const field = fc.constantFrom(...LOG_FIELDS.map((f) => f.name), 'runs');
    const value = fc.constantFrom(
      'success',
      'Failure',
      '"sales*"',
      '"?orkday"',
      '3',
      '-2',
      '2.5',
      '"2026-11-20"',
      '"2026-11-2*"',
      '[partial, failure]',
      '["a*", "[b"]',
      '[1, 2]',
      '"οδος σ"',
      '"ΌΔΟΣ*"',
      '"*%_*"',
      '"x%_y ?z]"',
      '"a:1"',
      '""',
    );
    const comparison = fc
      .tuple(field, fc.constantFrom('==', '=', '!=', '<', '>', '<=', '>=', 'in', '!in'), value)
      .map((p) => p.join(' '));
    const condition = fc
      .array(comparison, { minLength: 1, maxLength: 3 })
      .chain((parts) =>
        fc
          .array(fc.constantFrom(' and ', ' or '), { minLength: parts.length, maxLength: parts.length })
          .map((joins) => parts.map((p, i) => (i ? joins[i]! + p : p)).join('')),
      );
    const fields = fc.array(field, { minLength: 1, maxLength: 3 }).map((f) => f.join(', '));
    const stage = fc.oneof(
      condition.map((c) => `where ${c}`),
      fields.map((f) => `list ${f}`),
      fc.tuple(fields, fc.constantFrom('', ' asc', ' desc')).map(([f, d]) => `sort ${f}${d}`),
      fc.nat({ max: 5 }).map((n) => `limit ${n}`),
      fc.option(fields).map((f) => `summarize runs = count()${f ? ` by ${f}` : ''}`),
    );
    const query = fc
      .tuple(fc.constantFrom('', ' during past 7d', ' during past 90min'), fc.array(stage, { maxLength: 5 }))
      .map(([during, stages]) => ['platform.inbound_connector_logs' + during, ...stages].join(' | '));
    await fc.assert(fc.asyncProperty(query, sameOnAll), { numRuns: 3000 });
    expect(ran, 'queries that ran').to.be.greaterThan(300);
  });

  it('examples with a character dropped, doubled or replaced run alike on every store or fail with the typed parse error', async () => {
    const mutated = fc
      .tuple(
        fc.constantFrom(...NQL_EXAMPLES),
        fc.nat(),
        fc.constantFrom('drop', 'double', 'replace'),
        fc.string({ minLength: 1, maxLength: 1 }),
      )
      .map(([q, i0, how, c]) => {
        const i = i0 % q.length;
        if (how === 'drop') return q.slice(0, i) + q.slice(i + 1);
        if (how === 'double') return q.slice(0, i + 1) + q.slice(i);
        return q.slice(0, i) + c + q.slice(i + 1);
      });
    await fc.assert(fc.asyncProperty(mutated, sameOnAll), { numRuns: 2000 });
    expect(ran, 'queries that ran').to.be.greaterThan(0);
  });
});
