import { expect } from 'chai';
import { executePlan, planQuery } from '../query-plan.js';
import { catalogOf, type SObjectTable } from '../sobject-table.js';
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

  it('scans the rows of the Id range when the modstamp condition is not joined by AND, or generated rows can match it', () => {
    const tail = `AND Id >= '${String(table.id(2_990_000))}'`;
    const either = run(`SELECT Id FROM User WHERE (SystemModstamp >= 2026-02-01T00:00:00Z OR Title = 'x') ${tail}`);
    expect(either.ids).to.deep.equal([String(table.id(2_999_999))]);
    expect(either.reads).to.be.at.least(10_000);
    const early = run(`SELECT Id FROM User WHERE SystemModstamp >= 2025-12-31T00:00:00Z ${tail}`);
    expect(early.ids).to.include(String(table.id(2_999_999)));
    expect(early.reads).to.be.within(10_000, 20_000); // every row of the range, the Id of the few that pass
  });
});
