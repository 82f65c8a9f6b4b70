import { expect } from 'chai';
import fc from 'fast-check';
import { parseQueryBody } from '../src/query-body.js';
import { recordType, stripAttributes } from '../src/strip-attributes.js';

/** What `parseQueryBody` must equal: the plain parse, then every record copied without `attributes`. */
function reference(body: string) {
  const json = JSON.parse(body) as { records: Array<Record<string, unknown>> };
  return {
    records: json.records.map(stripAttributes),
    recordType: json.records[0] ? recordType(json.records[0]) : undefined,
  };
}

const attributes = (type: string, id: string) => ({ type, url: `/services/data/v62.0/sobjects/${type}/${id}` });
/** Text that looks like an attributes block, to be found inside values and keys. */
const lookalike = fc.constantFrom(
  '"attributes":{"type":"User","url":"/x"},',
  'attributes',
  '\\"',
  '},',
  '{"attributes":',
);
const text = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.tuple(fc.string(), lookalike, fc.string()).map((parts) => parts.join('')),
);
const scalar = fc.oneof(text, fc.integer(), fc.boolean(), fc.constant(null));
const fieldName = fc.oneof(fc.constantFrom('Id', 'Username', 'Email', 'Department', 'Cost_Center__c'), text);

/** A record as Salesforce writes it: `attributes` first, relationship objects with their own, or null. */
const record = (type: fc.Arbitrary<string>) =>
  fc
    .record({
      type,
      id: fc.string({ minLength: 1, maxLength: 18 }),
      fields: fc.dictionary(fieldName, scalar, { maxKeys: 5 }),
      manager: fc.option(
        fc.record({ id: fc.string({ maxLength: 18 }), fields: fc.dictionary(fieldName, scalar, { maxKeys: 3 }) }),
      ),
      /** A block in another shape (last member, an extra key): left to the copy. */
      odd: fc.constantFrom('none', 'last', 'extra-key'),
    })
    .map(({ type: t, id, fields, manager, odd }) => {
      const own = odd === 'extra-key' ? { ...attributes(t, id), extra: 1 } : attributes(t, id);
      const base: Record<string, unknown> = odd === 'last' ? { ...fields } : { attributes: own, ...fields };
      if (manager !== null) base['Manager'] = { attributes: attributes('User', manager.id), ...manager.fields };
      else base['Manager'] = null;
      if (odd === 'last') base['attributes'] = own;
      return base;
    });

/** JSON whitespace, as pretty-printers, proxies and hand-edited fixtures put it between tokens. */
const whitespace = fc.stringMatching(/^[ \t\n\r]{0,3}$/);

/**
 * JSON text of `value` with the given whitespace around every structural token, cycling through
 * `gaps`: one gap everywhere gives a uniform layout, several give a mixed one.
 */
function serialize(value: unknown, gaps: readonly string[]): string {
  let n = 0;
  const gap = (): string => gaps[n++ % gaps.length]!;
  const write = (v: unknown): string => {
    if (v === null || typeof v !== 'object') return JSON.stringify(v);
    if (Array.isArray(v)) return `[${gap()}${v.map((item) => write(item)).join(`${gap()},${gap()}`)}${gap()}]`;
    const members = Object.entries(v).map(([key, item]) => `${JSON.stringify(key)}${gap()}:${gap()}${write(item)}`);
    return `{${gap()}${members.join(`${gap()},${gap()}`)}${gap()}}`;
  };
  return write(value);
}

/** How a page is laid out: compact, JSON.stringify's indents, Salesforce's `"key" : value`, or mixed whitespace. */
const layout = fc.oneof(
  fc.constant((page: unknown) => JSON.stringify(page)),
  fc.constantFrom(2, 4, '\t').map((indent) => (page: unknown) => JSON.stringify(page, null, indent)),
  fc.constant((page: unknown) => serialize(page, [' '])),
  fc.array(whitespace, { minLength: 1, maxLength: 7 }).map((gaps) => (page: unknown) => serialize(page, gaps)),
);

const pages = fc.array(record(fc.constantFrom('User', 'Account', 'Na"me', 'back\\slash')), { maxLength: 6 });

describe('parseQueryBody: attributes cut from the text equal attributes copied away', () => {
  it('gives the same records and record type as JSON.parse + stripAttributes, on any page', () => {
    fc.assert(
      fc.property(pages, fc.boolean(), (records, done) => {
        const body = JSON.stringify({ totalSize: records.length, done, records });
        const parsed = parseQueryBody(body);
        const expected = reference(body);
        expect(parsed.json?.['records']).to.deep.equal(expected.records);
        expect(parsed.recordType).to.equal(expected.recordType);
        expect(parsed.json?.['totalSize']).to.equal(records.length);
      }),
      { numRuns: 400 },
    );
  });

  it('does the same on pretty-printed pages and pages with mixed whitespace', () => {
    fc.assert(
      fc.property(pages, fc.boolean(), layout, (records, done, format) => {
        const body = format({ totalSize: records.length, done, records });
        const parsed = parseQueryBody(body);
        const expected = reference(body);
        expect(parsed.json?.['records']).to.deep.equal(expected.records);
        expect(parsed.recordType).to.equal(expected.recordType);
        for (const r of parsed.json?.['records'] as Array<Record<string, unknown>>)
          expect(JSON.stringify(r)).not.to.match(/"attributes":\{"type"/);
      }),
      { numRuns: 400 },
    );
  });

  it('takes the record type from the first record only, never from a later record (fast-check counterexample)', () => {
    const body = JSON.stringify({
      totalSize: 2,
      done: false,
      records: [
        { attributes: false, Manager: null },
        { attributes: attributes('User', ' '), Manager: { attributes: attributes('User', '') } },
      ],
    });
    expect(parseQueryBody(body)).to.deep.equal({
      json: { totalSize: 2, done: false, records: [{ Manager: null }, { Manager: {} }] },
      recordType: undefined,
    });
    const relationshipFirst = JSON.stringify({
      totalSize: 1,
      done: true,
      records: [{ Id: '005A', Manager: { attributes: attributes('User', '005B'), Name: 'Ann' } }],
    });
    expect(parseQueryBody(relationshipFirst).recordType).to.equal(undefined);
  });

  it('cuts the blocks of a page pretty-printed as in Salesforce\'s REST guide ("attributes" : {)', () => {
    const body = [
      '{',
      '  "totalSize" : 1,',
      '  "done" : true,',
      '  "records" : [ {',
      '    "attributes" : {',
      '      "type" : "User",',
      '      "url" : "/services/data/v62.0/sobjects/User/005A"',
      '    },',
      '    "Id" : "005A",',
      '    "Profile" : {',
      '      "attributes" : {',
      '        "type" : "Profile",',
      '        "url" : "/services/data/v62.0/sobjects/Profile/00eA"',
      '      },',
      '      "Name" : "Standard User"',
      '    }',
      '  } ]',
      '}',
    ].join('\n');
    expect(parseQueryBody(body)).to.deep.equal({
      json: { totalSize: 1, done: true, records: [{ Id: '005A', Profile: { Name: 'Standard User' } }] },
      recordType: 'User',
    });
  });

  it('cuts the blocks of a typical page, nested relationships included', () => {
    const body = JSON.stringify({
      totalSize: 2,
      done: true,
      records: [
        {
          attributes: attributes('User', '005A'),
          Id: '005A',
          Manager: { attributes: attributes('User', '005B'), Name: 'Ann' },
        },
        { attributes: attributes('User', '005B'), Id: '005B', Manager: null },
      ],
    });
    const parsed = parseQueryBody(body);
    expect(parsed.json?.['records']).to.deep.equal([
      { Id: '005A', Manager: { Name: 'Ann' } },
      { Id: '005B', Manager: null },
    ]);
    expect(parsed.recordType).to.equal('User');
  });

  it('is undefined for a body that is not JSON, and leaves an answer without records alone', () => {
    expect(parseQueryBody('<html>503</html>')).to.deep.equal({ json: undefined, recordType: undefined });
    expect(parseQueryBody('[{"errorCode":"X"}]').json).to.deep.equal([{ errorCode: 'X' }]);
  });
});
