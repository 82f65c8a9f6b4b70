import { expect } from 'chai';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CHANGE_FIELDS,
  CHANGES_TABLE,
  LOG_FIELDS,
  NqlSyntaxError,
  queryLogs,
  type ExecutionLogStore,
  type LedgerChange,
  type LogQueryResult,
  type RunResult,
} from '../../../core/index.js';
import { LOG_DB_FILE, openLogStore } from '../store/log-store.js';
import { memoryLogStore } from '../store/memory-log-store.js';
import { fakeResult } from './fake-run.js';

const NOW = new Date('2026-11-25T12:00:00.000Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms);
const H = 3_600_000;
const D = 24 * H;
const LOG = 'platform.inbound_connector_logs';
const CHANGES = 'platform.user_attribute_changes';

/**
 * Ties on purpose (times, names, a connector's newest time), text JavaScript and SQLite order or read
 * differently (an astral 𝒳 after the ligature ﬀ, U+FFFD, a NUL, U+FFFF), and the
 * wildcards of LIKE and GLOB (`%`, `_`, `[`) in values.
 */
const ENTRIES: Partial<RunResult>[] = [
  { runId: 'r1', name: 'Sales', nqlId: 'sales', status: 'success', endedAt: ago(H), receivedRows: 10, host: 'a:1' },
  { runId: 'r2', name: 'sales', nqlId: 'sales', status: 'failure', endedAt: ago(H), receivedRows: 10, apiCalls: 3 },
  { runId: 'r3', name: 'ﬀ ligature', nqlId: 'lig', status: 'partial', endedAt: ago(48 * H), receivedRows: 3 },
  { runId: 'r4', name: '𝒳 astral', nqlId: '𝒳', status: 'success', endedAt: ago(48 * H), receivedRows: 3, apiCalls: 5 },
  {
    runId: 'r5',
    name: 'x%_y [z]',
    nqlId: 'odd',
    status: 'failure',
    endedAt: ago(10 * D),
    receivedRows: 0,
    scheduledFor: ago(10 * D + 60_000),
    description: 'Too many rows',
  },
  { runId: 'r6', name: 'ΟΔΟΣ Σ', nqlId: 'greek', status: 'success', endedAt: ago(H), receivedRows: 7, host: 'b:2' },
  { runId: 'r7', name: 'İstanbul', nqlId: 'ﬀ', status: 'partial', endedAt: ago(100 * D), receivedRows: 1 },
  { runId: 'r8', name: 'a\uFFFDb lone', nqlId: 'lone\uFFFD', status: 'success', endedAt: ago(H / 2) },
  { runId: 'r9', name: 'nul\0x', nqlId: 'odd', status: 'failure', endedAt: ago(10 * D), receivedRows: 2 },
  { runId: 'r10', name: '\uFFFF end', nqlId: 'z', status: 'partial', endedAt: ago(2 * H), dryRun: true },
  { runId: 'r11', name: 'Sales', nqlId: 'sales', status: 'success', endedAt: ago(3 * H), receivedRows: 100 },
];

/** Queries that exercise each rule of the evaluator: conditions, text, NULLs, and every stage that wraps. */
const LOG_QUERIES = [
  '',
  '| sort details.name',
  '| sort details.name desc',
  '| sort details.nql_id, time desc',
  '| sort status',
  '| sort details.number_of_received_rows desc',
  '| sort status | sort details.name',
  '| where details.name == "sales"',
  '| where details.name == "SALES"',
  '| where details.name != "sales"',
  '| where details.name == "οδος σ"',
  '| where details.name == "ΟΔΟΣ*"',
  '| where details.name == "οδοσ*"',
  '| where details.name == "i̇stanbul"',
  '| where details.name == "? astral"',
  '| where details.name == "?? astral"',
  '| where details.name == "ﬀ*"',
  '| where details.name == "FF*"',
  '| where details.name == "*[z]"',
  '| where details.name == "*[z?"',
  '| where details.name == "x%_y*"',
  '| where details.name == "x_%y*"',
  '| where details.name == "*%*"',
  '| where details.name == "[*"',
  '| where details.name == "a\uFFFDb lone"',
  '| where details.name == "a\uFFFD\uFFFD\uFFFDb lone"',
  '| where details.name == "a?b*"',
  '| where details.name == "a???b*"',
  '| where details.name == "a\uFFFD*b*"',
  '| where details.name == "nul"',
  '| where details.name == "nul*"',
  '| where details.name == "nul\0zzz*"',
  '| where details.name == "nul\0x"',
  '| where details.name == "\uFFFD*"',
  '| where details.name == "\uFFFF end"',
  '| where details.name in ["sales", "𝒳*", "x%_y [z]"]',
  '| where details.name !in ["sales", "𝒳*"]',
  '| where details.nql_id < "m"',
  '| where details.nql_id > "ﬀ"',
  '| where details.nql_id >= "𝒳"',
  '| where details.name < "ﬀ"',
  '| where details.name > "\uFFFF"',
  '| where details.nql_id <= "lone\uFFFD"',
  '| where time == "2026-11-25T11:00:00Z"',
  '| where time == "2026-11-25*"',
  '| where time < "2026-11-24"',
  '| where details.scheduled_for == ""',
  '| where details.scheduled_for > ""',
  '| where details.dry_run == true',
  '| where details.number_of_received_rows in [3, 10]',
  '| where details.number_of_received_rows !in [3, 10]',
  '| where details.number_of_received_rows < 5.5',
  '| where details.number_of_received_rows >= 10',
  '| where details.description == "*MANY*"',
  '| where (status == success or status == failure) and details.number_of_received_rows > 5',
  '| where status == success or status == failure and details.number_of_received_rows > 5',
  'during past 45min',
  'during past 2h',
  'during past 7d | sort time desc',
  '| limit 3 | where status == success',
  '| sort time desc | limit 4 | sort details.name',
  '| limit 5 | sort details.name desc',
  '| limit 5 | limit 3',
  '| limit 3 | limit 5 | list details.run_id',
  '| list details.name, details.name, status | sort status',
  '| sort details.name | list details.run_id',
  '| list details.run_id | limit 3 | where details.run_id != "r1"',
  '| summarize runs = count()',
  '| summarize runs = count() by status',
  '| summarize runs = count() by details.nql_id, details.nql_id',
  '| summarize runs = count() by details.name',
  '| summarize runs = count() by details.nql_id | sort runs desc',
  '| summarize runs = count() by details.nql_id | sort runs desc | limit 2',
  '| summarize runs = count() by details.nql_id | where runs > 1',
  '| summarize runs = count() by details.nql_id | limit 2 | where runs > 1',
  '| summarize runs = count() by details.nql_id | list runs | sort runs',
  '| summarize runs = count() by details.nql_id | list details.nql_id',
  '| summarize runs = count() by status | summarize n = count() by runs',
  '| summarize runs = count() by status | sort runs | summarize n = count()',
  '| where status == "none*" | summarize runs = count()',
  '| where status == "none*" | summarize runs = count() by status',
  '| limit 3 | summarize runs = count() by status',
  '| sort status desc | limit 3 | summarize runs = count() by status',
  '| limit 0 | summarize runs = count()',
  '| summarize runs = count() | limit 0',
  '| sort details.name | summarize n = count() by status',
  '| sort time desc | limit 20',
];

/** The ledger's rows: NULL old and new values, a flip, ties in time, text in several cases and scripts. */
const LEDGER_RUNS: Array<{ runId: string; nqlId: string; time: Date; changes: LedgerChange[] }> = [
  {
    runId: 'c1',
    nqlId: 'sales',
    time: ago(2 * H),
    changes: [
      { kind: 'upn', identifier: 'Alice@ex.com', field: 'dept', oldValue: null, newValue: 'A', action: 'added' },
      { kind: 'upn', identifier: 'bob@ex.com', field: 'dept', oldValue: 'b', newValue: 'c', action: 'changed' },
      { kind: 'upn', identifier: 'carol@ex.com', field: 'title', oldValue: 'x', newValue: null, action: 'cleared' },
      { kind: 'email', identifier: 'ΣΑΣ@ex.com', field: 'dept', oldValue: 'ﬀ', newValue: '𝒳', action: 'changed' },
    ],
  },
  {
    runId: 'c2',
    nqlId: 'sales',
    time: ago(2 * H),
    changes: [
      { kind: 'upn', identifier: 'bob@ex.com', field: 'dept', oldValue: 'c', newValue: 'b', action: 'changed' },
      { kind: 'upn', identifier: 'dave@ex.com', field: 'dept', oldValue: 'a', newValue: null, action: 'left' },
    ],
  },
  {
    runId: 'c3',
    nqlId: 'hr',
    time: ago(30 * D),
    changes: [
      { kind: 'upn', identifier: 'erin@ex.com', field: 'Dept', oldValue: 'A', newValue: 'a%_[', action: 'changed' },
    ],
  },
];

const CHANGE_QUERIES = [
  '',
  '| sort old_value',
  '| sort old_value desc',
  '| sort new_value, identifier desc',
  '| where old_value == "a"',
  '| where old_value != "a"',
  '| where old_value == "*"',
  '| where old_value in ["a", "x"]',
  '| where old_value !in ["a"]',
  '| where old_value < "m"',
  '| where old_value >= ""',
  '| where old_value == "a" or action == added',
  '| where old_value != "a" or action == added',
  '| where old_value == "a" and action == added',
  '| where new_value == "a%_[*"',
  '| where new_value == "𝒳" | list identifier, old_value',
  '| where identifier == "σας@*"',
  '| where flip == true',
  '| where action in [changed, cleared]',
  '| where identifier_kind == email',
  '| where time == "2026-11-25T10:00:00Z"',
  'during past 7d',
  '| summarize n = count() by old_value',
  '| summarize n = count() by new_value | sort n desc',
  '| summarize n = count() by field, action | where n > 1',
  '| sort old_value | limit 3 | summarize n = count() by old_value',
];

/** A store's answer to a query, or the typed error it gave. */
async function outcome(
  store: ExecutionLogStore,
  query: string,
): Promise<{ result: LogQueryResult } | { error: string }> {
  try {
    return { result: await queryLogs(store, query, NOW) };
  } catch (error) {
    if (error instanceof NqlSyntaxError) return { error: error.message };
    throw error;
  }
}

/** Well-formed pipelines over `table` (parse errors from mismatched types included): any stage, field and value. */
function pipelines(table: string, fields: readonly string[], values: readonly string[]): fc.Arbitrary<string> {
  const field = fc.constantFrom(...fields, 'runs');
  const comparison = fc
    .tuple(field, fc.constantFrom('==', '!=', '<', '>', '<=', '>=', 'in', '!in'), fc.constantFrom(...values))
    .map(([f, op, v]) => `${f} ${op} ${op.endsWith('in') && !v.startsWith('[') ? `[${v}]` : v}`);
  const condition = fc
    .array(fc.tuple(fc.constantFrom(' and ', ' or '), comparison), { minLength: 1, maxLength: 3 })
    .map((parts) => parts.map(([join, c], i) => (i ? join + c : c)).join(''));
  const names = fc.array(field, { minLength: 1, maxLength: 3 }).map((f) => f.join(', '));
  const stage = fc.oneof(
    condition.map((c) => `where ${c}`),
    names.map((f) => `list ${f}`),
    fc.tuple(names, fc.constantFrom('', ' asc', ' desc')).map(([f, d]) => `sort ${f}${d}`),
    fc.nat({ max: 6 }).map((n) => `limit ${n}`),
    fc.option(names).map((f) => `summarize runs = count()${f ? ` by ${f}` : ''}`),
  );
  return fc
    .tuple(fc.constantFrom('', ' during past 7d', ' during past 90min'), fc.array(stage, { maxLength: 5 }))
    .map(([during, stages]) => [table + during, ...stages].join(' | '));
}

describe('the in-memory execution-log store answers as the SQLite store', function () {
  this.timeout(120_000);
  let sqlite: ExecutionLogStore;
  let memory: ExecutionLogStore;
  before(async () => {
    sqlite = openLogStore({ stateDir: ':memory:' });
    memory = memoryLogStore();
    for (const entry of ENTRIES) {
      await sqlite.append(fakeResult(entry));
      await memory.append(fakeResult(entry));
    }
  });
  after(async () => {
    await sqlite?.close();
    await memory?.close();
  });

  /** Each query gives the same columns and rows, in order; `ran` counts those that gave rows. */
  const compare = async (a: ExecutionLogStore, b: ExecutionLogStore, query: string): Promise<number> => {
    const expected = await outcome(a, query);
    expect(await outcome(b, query), query).to.deep.equal(expected);
    return 'result' in expected && expected.result.rows.length > 0 ? 1 : 0;
  };

  it('gives the same rows, in the same order, for every rule of NQL', async () => {
    let withRows = 0;
    for (const pipeline of LOG_QUERIES) withRows += await compare(sqlite, memory, `${LOG} ${pipeline}`);
    // Not a comparison of empty answers: most queries select something.
    expect(withRows).to.be.greaterThan(LOG_QUERIES.length * 0.7);
  });

  it('orders text by code point and matches one astral character with ?, as SQLite does', async () => {
    const names = async (q: string) =>
      (await queryLogs(memory, `${LOG} ${q} | list details.name`, NOW)).rows.map((r) => r['details.name']);
    expect(await names('| where details.name == "ﬀ*" or details.name == "𝒳*" | sort details.name')).to.deep.equal([
      'ﬀ ligature',
      '𝒳 astral',
    ]);
    expect(await names('| where details.name == "? astral"')).to.deep.equal(['𝒳 astral']);
    expect(await names('| where details.name == "a?b*"')).to.deep.equal(['a\uFFFDb lone']);
    // GLOB reads text up to its first NUL.
    expect(await names('| where details.name == "nul*"')).to.deep.equal(['nul\0x']);
  });

  it('keeps text well-formed: a lone surrogate is stored as U+FFFD, so ? and == see one character', async () => {
    const store = memoryLogStore();
    await store.append(fakeResult({ runId: 'lone', name: 'a\uD800b', nqlId: 'x\uDC00', endedAt: ago(H) }));
    const { rows } = await queryLogs(store, `${LOG} | where details.name == "a?b" | list details.name`, NOW);
    expect(rows).to.deep.equal([{ 'details.name': 'a\uFFFDb' }]);
    expect((await store.connectors()).map((c) => c.nqlId)).to.deep.equal(['x\uFFFD']);
  });

  it('breaks ties by entry, then by the place in the query a later stage wraps', async () => {
    const ids = async (q: string) =>
      (await queryLogs(memory, `${LOG} ${q} | list details.run_id`, NOW)).rows.map((r) => r['details.run_id']);
    expect(await ids('| sort status | sort details.name | limit 3')).to.deep.equal(['r1', 'r11', 'r8']);
    expect(await ids('| sort time desc | limit 3 | sort status')).to.deep.equal(['r2', 'r8', 'r1']);
    expect(await compare(sqlite, memory, `${LOG} | sort time desc | limit 3 | sort status`)).to.equal(1);
  });

  it('counts groups ordered by the count, then by the group', async () => {
    const { rows } = await queryLogs(memory, `${LOG} | summarize runs = count() by status | sort runs desc`, NOW);
    expect(rows).to.deep.equal([
      { status: 'success', runs: 5 },
      { status: 'failure', runs: 3 },
      { status: 'partial', runs: 3 },
    ]);
    expect(
      (await queryLogs(memory, `${LOG} | where status == "none*" | summarize runs = count()`, NOW)).rows,
    ).to.deep.equal([{ runs: 0 }]);
  });

  it('runs random well-formed pipelines alike', async () => {
    const values = [
      'success',
      '"sales*"',
      '"SALES"',
      '"? astral"',
      '"ﬀ"',
      '"𝒳*"',
      '"*%*"',
      '"*[z]"',
      '"a???b*"',
      '"nul*"',
      '"\uFFFD*"',
      '"2026-11-25*"',
      '"2026-11-24T12:00:00Z"',
      '"m"',
      '""',
      '3',
      '10',
      '1.5',
      '[partial, failure]',
      '["sales", "lig"]',
      'true',
    ];
    let ran = 0;
    const query = pipelines(
      LOG,
      LOG_FIELDS.map((f) => f.name),
      values,
    );
    await fc.assert(
      fc.asyncProperty(query, async (q) => void (ran += await compare(sqlite, memory, q))),
      { numRuns: 1500 },
    );
    expect(ran, 'queries that gave rows').to.be.greaterThan(300);
  });

  it('refuses an unknown table with the same typed error', async () => {
    const query = { table: 'platform.nothing', stages: [] };
    const [a, b] = await Promise.all(
      [sqlite, memory].map((s) =>
        s.query(query, NOW).then(
          () => undefined,
          (e: unknown) => e,
        ),
      ),
    );
    expect(b).to.be.instanceOf(NqlSyntaxError);
    expect((b as NqlSyntaxError).message).to.equal((a as NqlSyntaxError).message);
    expect((b as NqlSyntaxError).column).to.equal((a as NqlSyntaxError).column);
  });

  it('lists every connector with its newest entry: the first entry of the newest time', async () => {
    const expected = await sqlite.connectors();
    expect(await memory.connectors()).to.deep.equal(expected);
    const byId = new Map(expected.map((c) => [c.nqlId, c]));
    expect(byId.get('sales')).to.include({ name: 'Sales' });
    expect(byId.get('sales')!.lastRun.toISOString()).to.equal(ago(H).toISOString());
    expect(byId.get('odd')).to.include({ name: 'x%_y [z]' });
    expect(expected.map((c) => c.nqlId)).to.deep.equal(['greek', 'lig', 'lone\uFFFD', 'odd', 'sales', 'z', 'ﬀ', '𝒳']);
  });
});

describe('the in-memory execution-log store prunes as the SQLite store', () => {
  const runs = [
    { runId: 'old', endedAt: ago(10 * D) },
    { runId: 'new', endedAt: ago(D) },
    { runId: 'edge', endedAt: ago(7 * D) },
    { runId: 'past-edge', endedAt: ago(7 * D + 1) },
    { runId: 'later', endedAt: ago(8 * D) },
  ];
  for (const retentionDays of [7, 0, undefined]) {
    it(`keeps entries of the last ${String(retentionDays)} days`, async () => {
      const stores = [
        openLogStore({ stateDir: ':memory:', now: () => NOW, retentionDays }),
        memoryLogStore({ now: () => NOW, retentionDays }),
      ];
      const ids: unknown[][] = [];
      for (const store of stores) {
        for (const run of runs) await store.append(fakeResult(run));
        ids.push((await queryLogs(store, `${LOG} | list details.run_id`, NOW)).rows.map((r) => r['details.run_id']));
        await store.close();
      }
      expect(ids[1]).to.deep.equal(ids[0]);
      expect(ids[1]).to.deep.equal(retentionDays ? ['edge', 'new'] : ['old', 'later', 'past-edge', 'edge', 'new']);
    });
  }
});

describe("the in-memory execution-log store queries the change ledger's rows as the SQLite store", function () {
  this.timeout(120_000);
  let dir: string;
  let sqlite: ReturnType<typeof openLogStore>;
  let memory: ExecutionLogStore;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tributary-memory-log-'));
    sqlite = openLogStore({ stateDir: dir });
    for (const run of LEDGER_RUNS) {
      const stage = await sqlite.changes.stage(run);
      await stage.add(run.changes);
      await stage.commit(run.time);
    }
    // The rows exactly as the SQLite ledger stored them, read through a second connection.
    const reader = new Database(join(dir, LOG_DB_FILE), { readonly: true });
    const rows = reader.prepare(`SELECT * FROM ${CHANGES_TABLE} ORDER BY id`).all() as Record<string, unknown>[];
    reader.close();
    memory = memoryLogStore({ changeRows: () => rows });
  });
  after(async () => {
    await sqlite?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const compare = async (query: string): Promise<number> => {
    const expected = await outcome(sqlite, query);
    expect(await outcome(memory, query), query).to.deep.equal(expected);
    return 'result' in expected && expected.result.rows.length > 0 ? 1 : 0;
  };

  it('gives the same rows, NULLs included, for every rule of NQL', async () => {
    let withRows = 0;
    for (const pipeline of CHANGE_QUERIES) withRows += await compare(`${CHANGES} ${pipeline}`);
    expect(withRows).to.be.greaterThan(CHANGE_QUERIES.length * 0.7);
  });

  it('treats a NULL value as neither equal nor unequal, and sorts it first', async () => {
    const identifiers = async (q: string) =>
      (await queryLogs(memory, `${CHANGES} ${q} | list identifier`, NOW)).rows.map((r) => r['identifier']);
    // Neither Alice's NULL nor Erin's "A" (the same text, lower-cased) differs from "a".
    expect(await identifiers('| where old_value != "a"')).to.deep.equal([
      'bob@ex.com',
      'carol@ex.com',
      'ΣΑΣ@ex.com',
      'bob@ex.com',
    ]);
    expect(await identifiers('| sort old_value | limit 1')).to.deep.equal(['Alice@ex.com']);
    expect(await identifiers('| where flip == true')).to.deep.equal(['bob@ex.com']);
  });

  it('runs random well-formed pipelines alike', async () => {
    const values = [
      '"a"',
      '"A*"',
      '"*"',
      '""',
      '"b"',
      '"𝒳"',
      '"ﬀ*"',
      '"*%_[*"',
      'true',
      'added',
      '[changed, cleared]',
      '["a", "c"]',
      '"2026-11-2*"',
      '"2026-11-20"',
      '3',
      'upn',
    ];
    let ran = 0;
    const query = pipelines(
      CHANGES,
      CHANGE_FIELDS.map((f) => f.name),
      values,
    );
    await fc.assert(
      fc.asyncProperty(query, async (q) => void (ran += await compare(q))),
      { numRuns: 1500 },
    );
    expect(ran, 'queries that gave rows').to.be.greaterThan(300);
  });
});
