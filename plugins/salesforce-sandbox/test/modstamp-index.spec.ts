import { expect } from 'chai';
import { executePlan, planQuery } from '../query-plan.js';
import { catalogOf, rowOf, type SObjectTable } from '../sobject-table.js';
import { parseSoql } from '../soql-parser.js';
import { createUserTable } from '../user-table.js';

const USERS = 3_000_000;

/** The User table of 3,000,000 users, with a count of the field values read through it. */
function countedTable(): { table: SObjectTable; edit: (index: number, modstamp: string) => void; reads: () => number } {
  const users = createUserTable({ users: USERS, seed: 2 });
  let reads = 0;
  const table: SObjectTable = {
    ...users,
    fields: users.fields.map((f) => ({
      ...f,
      read: (index: number) => {
        reads++;
        return f.read(index);
      },
    })),
  };
  return {
    table,
    edit: (index, modstamp) => void users.edits.apply(index, { Title: 'Changed' }, Date.parse(modstamp)),
    reads: () => reads,
  };
}

describe('sandbox modstamp index', () => {
  const { table, edit, reads } = countedTable();
  const catalog = catalogOf([table]);
  const run = (soql: string): { ids: string[]; reads: number } => {
    const before = reads();
    const result = executePlan(planQuery(catalog, parseSoql(soql)), false);
    const indices = Array.from(result.indices ?? []);
    return { ids: indices.map((i) => String(table.id(i))), reads: reads() - before };
  };
  before(() => {
    edit(2_999_999, '2026-02-01T00:00:00Z');
    edit(17, '2026-02-01T00:00:00Z');
    edit(1_234_567, '2026-02-03T00:00:00Z');
  });

  it('scans only the edited rows when the lower bound is past every generated modstamp', () => {
    const { ids, reads } = run(
      "SELECT Id FROM User WHERE (Title = 'changed') AND SystemModstamp >= 2026-02-01T00:00:00Z",
    );
    expect(ids).to.deep.equal([17, 1_234_567, 2_999_999].map((i) => String(table.id(i))));
    expect(reads).to.be.at.most(6); // two conditions on three edited rows
    expect(run('SELECT Id FROM User WHERE SystemModstamp > 2026-01-01T00:00:00.000+0000').reads).to.equal(3);
    expect(run('SELECT Id FROM User WHERE LastModifiedDate = 2026-02-03T00:00:00Z').ids).to.have.length(1);
  });

  it('narrows by Id and by modstamp together', () => {
    const soql = `SELECT Id FROM User WHERE SystemModstamp >= 2026-02-01T00:00:00Z AND Id >= '${String(table.id(1_000_000))}'`;
    const { ids, reads } = run(soql);
    expect(ids).to.deep.equal([1_234_567, 2_999_999].map((i) => String(table.id(i))));
    expect(reads).to.equal(4); // two conditions on two edited rows
  });

  it('scans only the tail of the table a bound among the generated modstamps leaves, and the edits before it', () => {
    // generated users were created until 2023-03-24 and modified less than 50 days after
    const { ids, reads } = run('SELECT Id FROM User WHERE SystemModstamp >= 2023-04-01T00:00:00Z');
    expect(ids[0]).to.equal(String(table.id(17)));
    expect(ids.length).to.be.within(1_000, 40_000);
    expect(reads).to.be.within(ids.length, USERS / 50);
  });

  it('scans the rows of the Id range when the modstamp condition is not joined by AND', () => {
    const tail = `AND Id >= '${String(table.id(2_990_000))}'`;
    const either = run(`SELECT Id FROM User WHERE (SystemModstamp >= 2026-02-01T00:00:00Z OR Title = 'x') ${tail}`);
    expect(either.ids).to.deep.equal([String(table.id(2_999_999))]);
    expect(either.reads).to.be.at.least(10_000);
  });
});

describe('sandbox modstamp index, against a scan of every row', () => {
  it('finds what testing every row finds, whatever the bound and the operator', () => {
    const users = createUserTable({ users: 5_000, deletedUsers: 200, seed: 6 });
    users.edits.apply(4_900, {}, Date.parse('2016-01-01T00:00:00Z')); // an edit back in time
    users.edits.apply(3, {}, Date.parse('2026-03-01T00:00:00Z'));
    users.edits.apply(5_100, {}, Date.parse('2026-03-01T00:00:00Z'));
    const catalog = catalogOf([users]);
    const stamps = Array.from({ length: users.size }, (_, i) =>
      Date.parse(String(rowOf(users, i)['SystemModstamp']).replace('+0000', 'Z')),
    );
    const edited = new Set([4_900, 3, 5_100]);
    for (const [i, t] of stamps.entries()) {
      // a bound at a generated row's own modstamp leaves that row to the scan
      if (!edited.has(i)) expect(users.modstamps?.firstGeneratedFrom(t), `row ${i}`).to.be.at.most(i);
    }
    const latest = Math.max(...stamps.filter((t) => t < Date.UTC(2026, 0, 1)));
    const bounds = [latest - 1_000, latest, latest + 1_000];
    for (let bound = Date.UTC(2015, 0, 1); bound < Date.UTC(2026, 6, 1); bound += 97 * 86_400_000) bounds.push(bound);
    for (const bound of bounds) {
      const literal = new Date(bound).toISOString();
      for (const [operator, keeps] of [
        ['>=', (t: number) => t >= bound],
        ['>', (t: number) => t > bound],
      ] as const) {
        const plan = planQuery(catalog, parseSoql(`SELECT Id FROM User WHERE SystemModstamp ${operator} ${literal}`));
        for (const all of [false, true]) {
          const expected = stamps.flatMap((t, i) => (keeps(t) && (all || i < 5_000) ? [i] : []));
          expect(Array.from(executePlan(plan, all).indices ?? []), `${operator} ${literal}`).to.deep.equal(expected);
        }
      }
    }
  });
});
