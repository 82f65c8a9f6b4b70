import { expect } from 'chai';
import { splitIdRange } from '../src/id-ranges.js';
import { splitQuery } from '../src/query-split.js';
import { base62ToBigInt, bigIntToBase62, toId18 } from '../src/salesforce-ids.js';

describe('salesforce-user-attributes Id ranges and query splitting', () => {
  it('does base-62 arithmetic on 12-character Id bodies beyond 2^53, exactly', () => {
    const body = 'zzzzzzzzzzzz';
    const value = base62ToBigInt(body);
    expect(value).to.equal(62n ** 12n - 1n);
    expect(value > BigInt(Number.MAX_SAFE_INTEGER)).to.equal(true);
    expect(bigIntToBase62(value, 12)).to.equal(body);
    expect(bigIntToBase62(base62ToBigInt('0000A0000001'), 12)).to.equal('0000A0000001');
    expect(toId18('005000000000001')).to.equal('005000000000001AAA');
    expect(toId18('005R0000000UyrW')).to.equal('005R0000000UyrWIAS');
  });

  it('cuts the span between the lowest and highest Id into ranges of equal width, open at both ends', () => {
    const ranges = splitIdRange('005Hs00000AAAAAAAA', '005Hs00000zzzzzAAA', 4);
    expect(ranges).to.have.length(4);
    expect(ranges[0]?.from).to.equal(undefined);
    expect(ranges[3]?.to).to.equal(undefined);
    for (let k = 1; k < 4; k++) expect(ranges[k]?.from).to.equal(ranges[k - 1]?.to);
    const bounds = ranges.slice(1).map((r) => r.from as string);
    expect(bounds).to.deep.equal([...bounds].sort());
    const widths = [0, 1, 2, 3].map(
      (k) =>
        base62ToBigInt(([...bounds, '005Hs00000zzzzz'][k] as string).slice(3, 15)) -
        base62ToBigInt((['005Hs00000AAAAA', ...bounds][k] as string).slice(3, 15)),
    );
    expect(Number((widths[0] as bigint) - (widths[2] as bigint))).to.be.within(-1, 1);
    for (const bound of bounds) expect(bound).to.equal(toId18(bound.slice(0, 15)));
    expect(splitIdRange('005000000000001AAA', '005000000000003AAA', 10)).to.have.length(2); // no wider than the span
    expect(splitIdRange('005000000000001AAA', '005000000000001AAA', 10)).to.deep.equal([{}]);
  });

  it('writes range queries with the configured WHERE clause in parentheses, ordered by Id', () => {
    const split = splitQuery("SELECT Username, Manager.Name FROM User WHERE IsActive = true OR Title = 'it''s (x)'");
    expect(split.splittable).to.equal(true);
    if (!split.splittable) return;
    expect(split.rangeQuery({ from: 'A', to: 'B' })).to.equal(
      "SELECT Username, Manager.Name FROM User WHERE (IsActive = true OR Title = 'it''s (x)') AND Id >= 'A' AND Id < 'B' ORDER BY Id ASC",
    );
    expect(split.rangeQuery({})).to.equal(
      "SELECT Username, Manager.Name FROM User WHERE (IsActive = true OR Title = 'it''s (x)') ORDER BY Id ASC",
    );
    expect(split.boundQuery('DESC')).to.equal(
      "SELECT Id FROM User WHERE (IsActive = true OR Title = 'it''s (x)') ORDER BY Id DESC LIMIT 1",
    );
    const plain = splitQuery('select Id from user with security_enforced');
    expect(plain.splittable && plain.rangeQuery({ to: 'B' })).to.equal(
      "select Id from user WHERE Id < 'B' with security_enforced ORDER BY Id ASC",
    );
  });

  it('refuses to split what a split would change, and says why', () => {
    const reasons = [
      'SELECT Id FROM User ORDER BY Username',
      'SELECT Id FROM User LIMIT 10',
      'SELECT Id FROM User OFFSET 10',
      'SELECT COUNT(Id) FROM User',
      'SELECT Department, COUNT(Id) FROM User GROUP BY Department',
      'SELECT Id FROM Account',
      "SELECT Id FROM User WHERE Id IN ('005000000000001')",
      'SELECT Id, (SELECT Id FROM Contacts) FROM User',
    ].map((query) => {
      const split = splitQuery(query);
      return split.splittable ? 'splittable' : split.reason;
    });
    expect(reasons).to.deep.equal([
      'it has its own ORDER BY',
      'it has its own LIMIT',
      'it has its own OFFSET',
      'its SELECT list has a function, an aggregate or a sub-query',
      'its SELECT list has a function, an aggregate or a sub-query',
      'the query reads Account, not User',
      'its WHERE clause already filters on Id',
      'its SELECT list has a function, an aggregate or a sub-query',
    ]);
    expect(
      splitQuery("SELECT Id FROM User WHERE ManagerId != null AND Manager.Id != null AND Title = 'order by'")
        .splittable,
    ).to.equal(true);
  });
});
