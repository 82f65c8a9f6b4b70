/**
 * The guards that keep a bad run from committing, end to end through the CLI, for a replace-style
 * sink (jsonl: the file) and a merge-style one (sqlite: the store).
 */
import Database from 'better-sqlite3';
import { expect } from 'chai';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SourceRecord } from 'tributary-kit';
import { syntheticConnector } from 'tributary-kit/internal/testing/synthetic-connector.js';
import { testPlugin } from 'tributary-kit/internal/testing/test-plugin.js';
import { runCli, tempProject, type CliOutcome } from '../support/run-cli.js';

type SinkKind = 'jsonl' | 'sqlite';

interface Scenario {
  readonly rows: number;
  readonly record?: (i: number) => SourceRecord;
  readonly identification?: string;
  readonly source?: string;
  readonly flags?: string[];
  /** The connector's allowShrink setting. */
  readonly allowShrink?: boolean;
}

const config = (sink: SinkKind, identification: string, source: string, allowShrink = false): string => `
state: { dir: ./state }
sinks:
  - { id: export, type: jsonl, path: ./out/users.jsonl }
  - { id: users, type: sqlite }
connectors:
  - nqlId: people
    name: People
    connector: synthetic
    sink: ${sink === 'jsonl' ? 'export' : 'users'}
    mapping: { identification: ${identification}, fields: [{ source: ${source}, target: department }] }
${allowShrink ? '    allowShrink: true\n' : ''}`;

const source = (rows: number, record?: (i: number) => SourceRecord) => ({
  plugins: [testPlugin({ id: 'synthetic-source', connectorTemplates: [syntheticConnector({ rows, record })] })],
});

/** One project folder (config, state, export) that successive runs share, each with its own source data and mapping. */
function project(sink: SinkKind) {
  const dir = tempProject({});
  const file = join(dir, 'tributary.config.yaml');
  return {
    dir,
    async run(s: Scenario): Promise<CliOutcome> {
      writeFileSync(file, config(sink, s.identification ?? 'Username', s.source ?? 'Department', s.allowShrink));
      return runCli(['run', 'people', '--config', file, ...(s.flags ?? [])], { host: source(s.rows, s.record) });
    },
    async logs(nql: string): Promise<Array<Record<string, string | number>>> {
      const out = await runCli(['logs', '--config', file, '--format', 'json', nql], { host: source(0) });
      expect(out.code, out.stderr).to.equal(0);
      return JSON.parse(out.stdout) as Array<Record<string, string | number>>;
    },
    /** What the sink holds: the jsonl file's text, or the stored departments (non-empty ones counted). */
    contents(): string {
      if (sink === 'jsonl') {
        const path = join(dir, 'out', 'users.jsonl');
        return existsSync(path) ? readFileSync(path, 'utf8') : '(no file)';
      }
      const path = join(dir, 'state', 'users.db');
      if (!existsSync(path)) return '(no store)';
      const db = new Database(path, { readonly: true });
      try {
        const row = db
          .prepare(`SELECT COUNT(*) AS n, SUM(value != '') AS set_ FROM user_attributes WHERE field = 'department'`)
          .get() as { n: number; set_: number | null };
        return `${row.n} departments, ${row.set_ ?? 0} with a value`;
      } finally {
        db.close();
      }
    },
    nonEmptyDepartments(): number {
      if (sink === 'jsonl')
        return this.contents()
          .split('\n')
          .filter((l) => l.includes('"department":"D')).length;
      return Number(/(\d+) with a value/.exec(this.contents())![1]);
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

for (const sink of ['jsonl', 'sqlite'] as const) {
  describe(`guards before commit, ${sink} sink`, () => {
    let p: ReturnType<typeof project>;
    beforeEach(() => (p = project(sink)));
    afterEach(() => p.cleanup());

    it('a source-path typo (Departmnet) that would clear 4,000 departments fails as no data, with or without --allow-shrink', async () => {
      expect((await p.run({ rows: 4_000 })).code).to.equal(0);
      const before = p.contents();
      expect(p.nonEmptyDepartments()).to.equal(4_000);

      for (const flags of [[], ['--allow-shrink']]) {
        const typo = await p.run({ rows: 4_000, source: 'Departmnet', flags });
        expect(typo.code, typo.stdout).to.equal(1);
        expect(typo.stdout).to.contain(
          'No data: field department has no value on any of the 4,000 processed rows: check the spelling of Departmnet',
        );
        expect(typo.stdout).to.contain('(did you mean Department?)');
        expect(p.contents()).to.equal(before);
      }
    });

    it('a field that lost most of its values trips the shrink guard; --allow-shrink lets it through and makes it the baseline', async () => {
      expect((await p.run({ rows: 4_000 })).code).to.equal(0);
      const before = p.contents();
      const sparse = (i: number): SourceRecord => ({
        Username: `user${i}@example.com`,
        Department: i < 100 ? `D${i % 7}` : '',
      });

      const shrunk = await p.run({ rows: 4_000, record: sparse });
      expect(shrunk.code, shrunk.stdout).to.equal(1);
      expect(shrunk.stdout).to.contain(
        'Shrink guard: department: 100 of 4,000 rows have a value, last committed run 4,000 (−98%). Nothing was committed',
      );
      expect(shrunk.stdout).to.contain('--allow-shrink');
      expect(p.contents()).to.equal(before);

      const allowed = await p.run({ rows: 4_000, record: sparse, flags: ['--allow-shrink'] });
      expect(allowed.code, allowed.stdout).to.equal(0);
      expect(allowed.stdout).to.contain('Shrink accepted (allow-shrink): department: 100 of 4,000 rows have a value');
      expect(p.nonEmptyDepartments()).to.equal(100);

      // The accepted run is the new baseline: the same run now passes without the flag.
      expect((await p.run({ rows: 4_000, record: sparse })).code).to.equal(0);
    });

    it('allowShrink: true on the connector accepts a shrinking run like --allow-shrink', async () => {
      expect((await p.run({ rows: 5_000 })).code).to.equal(0);
      const shrunk = await p.run({ rows: 200, allowShrink: true });
      expect(shrunk.code, shrunk.stdout).to.equal(0);
      expect(shrunk.stdout).to.contain(
        'Shrink accepted (allow-shrink): 200 rows processed, last committed run 5,000 (−96%)',
      );
    });

    it('an identification typo (Usernme) processes no row: failure, and the previous export stays', async () => {
      expect((await p.run({ rows: 40 })).code).to.equal(0);
      const before = p.contents();
      const typo = await p.run({ rows: 40, identification: 'Usernme' });
      expect(typo.code, typo.stdout).to.equal(1);
      expect(typo.stdout).to.contain(
        'No row was processed: 40 rows received, 40 ignored (an empty identifier or a limit); nothing was committed',
      );
      expect(p.contents()).to.equal(before);
    });

    it('40 → 0 rows trips the guard (a drop to zero, whatever the size)', async () => {
      expect((await p.run({ rows: 40 })).code).to.equal(0);
      const before = p.contents();
      const empty = await p.run({ rows: 0 });
      expect(empty.code, empty.stdout).to.equal(1);
      expect(empty.stdout).to.contain('Shrink guard: 0 rows processed, last committed run 40 (−100%)');
      expect(p.contents()).to.equal(before);
    });

    it('5,000 → 200 rows trips the guard; 5,000 → 4,600 does not', async () => {
      expect((await p.run({ rows: 5_000 })).code).to.equal(0);
      const before = p.contents();
      const shrunk = await p.run({ rows: 200 });
      expect(shrunk.code, shrunk.stdout).to.equal(1);
      // One clause: the department lost only the rows that left, so it is not listed beside them.
      expect(shrunk.stdout).to.contain(
        'Shrink guard: 200 rows processed, last committed run 5,000 (−96%). Nothing was committed',
      );
      expect(p.contents()).to.equal(before);
      expect((await p.run({ rows: 4_600 })).code).to.equal(0);
    });

    it('mapping errors on more than 10 % of the rows fail the run without committing', async () => {
      const record = (i: number): SourceRecord => ({
        Username: `user${i}@example.com`,
        Department: i % 5 === 0 ? ['a', 'b'] : `D${i % 7}`,
      });
      const bad = await p.run({ rows: 100, record });
      expect(bad.code, bad.stdout).to.equal(1);
      expect(bad.stdout).to.contain(
        'Too many mapping errors: 20 of 100 received rows (20%) were rejected by the mapping, more than limits.maxMappingErrorPercent (10%); nothing was committed',
      );
      expect(p.contents()).to.match(/^\(no (file|store)\)$|^0 departments/);
    });

    it('a dry run is marked in the log and never becomes the baseline', async () => {
      expect((await p.run({ rows: 40 })).code).to.equal(0);
      const dry = await p.run({ rows: 5_000, flags: ['--dry-run'] });
      expect(dry.code).to.equal(0);
      expect(dry.stdout).to.contain('details.dry_run                    true');
      // Had the dry run been the baseline, 5,000 → 40 would trip the guard.
      expect((await p.run({ rows: 40 })).code).to.equal(0);
      const entries = await p.logs(
        'platform.inbound_connector_logs | sort time asc | list details.dry_run, details.number_of_processed_rows',
      );
      expect(entries).to.deep.equal([
        { 'details.dry_run': 'false', 'details.number_of_processed_rows': 40 },
        { 'details.dry_run': 'true', 'details.number_of_processed_rows': 5_000 },
        { 'details.dry_run': 'false', 'details.number_of_processed_rows': 40 },
      ]);
    });
  });
}
