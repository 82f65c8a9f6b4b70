import { expect } from 'chai';
import fc from 'fast-check';
import { NQL_EXAMPLES } from '../nql/nql-examples.js';
import { NqlSyntaxError } from '../nql/nql-syntax-error.js';
import { LOG_FIELDS } from '../store/log-fields.js';
import { queryLogs } from '../query-logs.js';
import { openLogStore, type LogStore } from '../store/log-store.js';
import { fakeResult } from './fake-run.js';

const VOCABULARY = [
  'platform.inbound_connector_logs', 'during', 'past', '7d', '30min', '24h', '0d', '|', 'where', 'list', 'sort',
  'limit', 'summarize', 'count', '(', ')', '()', '[', ']', ',', '=', '==', '!=', '<', '>', '<=', '>=', 'in',
  '!in', '!', 'and', 'or', 'asc', 'desc', 'by', 'runs', 'n', 'time', 'status', 'details.name', 'details.nql_id',
  'details.api_calls', 'details.started_at', 'success', 'partial', 'failure', '"sales*"', '"x?"', "'a[b'",
  '"2026-11-20"', '"', '0', '3', '-1', '2.5', '100', 'details.', '.', '#',
];

describe('execution-log NQL fuzz', () => {
  let store: LogStore;
  before(() => {
    store = openLogStore({ stateDir: ':memory:' });
    store.append(fakeResult({ status: 'partial', name: 'Sales' }));
    store.append(fakeResult({ status: 'failure', name: 'Workday' }));
  });
  after(() => store.close());

  let ran = 0;
  beforeEach(() => {
    ran = 0;
  });

  /** A query either runs (compiled SQL included) or fails with the typed parse error: nothing else. */
  const runsOrSyntaxError = (query: string): void => {
    try {
      const result = queryLogs(store, query, new Date('2026-11-25T00:00:00Z'));
      expect(result.rows).to.be.an('array');
      ran++;
    } catch (error) {
      if (!(error instanceof NqlSyntaxError)) throw error;
      expect(error.column).to.be.within(1, query.length + 1);
    }
  };

  it('random text only ever produces the typed parse error', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), runsOrSyntaxError), { numRuns: 2000 });
  });

  it('random sequences of NQL tokens run or fail with the typed parse error, and their SQL always executes', () => {
    const tokens = fc.array(fc.constantFrom(...VOCABULARY), { maxLength: 25 });
    const query = fc.tuple(fc.boolean(), tokens).map(([table, rest]) => (table ? ['platform.inbound_connector_logs', ...rest] : rest).join(' '));
    fc.assert(fc.property(query, runsOrSyntaxError), { numRuns: 3000 });
    expect(ran, 'queries that ran').to.be.greaterThan(0);
  });

  it('random well-formed pipelines (any fields, operators and values) run or fail with the typed parse error', () => {
    const field = fc.constantFrom(...LOG_FIELDS.map((f) => f.name), 'runs');
    const value = fc.constantFrom('success', 'Failure', '"sales*"', '"?orkday"', '3', '-2', '"2026-11-20"', '"2026-11-2*"', '[partial, failure]', '["a*", "[b"]', '[1, 2]');
    const comparison = fc.tuple(field, fc.constantFrom('==', '=', '!=', '<', '>', '<=', '>=', 'in', '!in'), value).map((p) => p.join(' '));
    const condition = fc.array(comparison, { minLength: 1, maxLength: 3 }).chain((parts) =>
      fc.array(fc.constantFrom(' and ', ' or '), { minLength: parts.length, maxLength: parts.length }).map((joins) =>
        parts.map((p, i) => (i ? joins[i]! + p : p)).join(''),
      ),
    );
    const fields = fc.array(field, { minLength: 1, maxLength: 3 }).map((f) => f.join(', '));
    const stage = fc.oneof(
      condition.map((c) => `where ${c}`),
      fields.map((f) => `list ${f}`),
      fc.tuple(field, fc.constantFrom('', ' asc', ' desc')).map(([f, d]) => `sort ${f}${d}`),
      fc.nat({ max: 5 }).map((n) => `limit ${n}`),
      fc.option(fields).map((f) => `summarize runs = count()${f ? ` by ${f}` : ''}`),
    );
    const query = fc
      .tuple(fc.constantFrom('', ' during past 7d', ' during past 90min'), fc.array(stage, { maxLength: 5 }))
      .map(([during, stages]) => ['platform.inbound_connector_logs' + during, ...stages].join(' | '));
    fc.assert(fc.property(query, runsOrSyntaxError), { numRuns: 3000 });
    expect(ran, 'queries that ran').to.be.greaterThan(300);
  });

  it('examples with a character dropped, doubled or replaced run or fail with the typed parse error', () => {
    const mutated = fc
      .tuple(fc.constantFrom(...NQL_EXAMPLES), fc.nat(), fc.constantFrom('drop', 'double', 'replace'), fc.string({ minLength: 1, maxLength: 1 }))
      .map(([q, at, how, c]) => {
        const i = at % q.length;
        if (how === 'drop') return q.slice(0, i) + q.slice(i + 1);
        if (how === 'double') return q.slice(0, i + 1) + q.slice(i);
        return q.slice(0, i) + c + q.slice(i + 1);
      });
    fc.assert(fc.property(mutated, runsOrSyntaxError), { numRuns: 2000 });
    expect(ran, 'queries that ran').to.be.greaterThan(0);
  });
});
