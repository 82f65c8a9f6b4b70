import { expect } from 'chai';
import type { ConnectorConfig, ConnectorTemplate, SelectedFields, SourceField } from 'tributary-kit';
import { syntheticConnector } from 'tributary-kit/internal/testing/synthetic-connector.js';
import { fieldFindings } from 'tributary-kit/internal/kernel/run/field-findings.js';

const FIELDS: SourceField[] = [
  { name: 'Id', type: 'id' },
  { name: 'Username', type: 'string' },
  { name: 'Department', type: 'string' },
  { name: 'Address', type: 'address' },
  { name: 'ManagerId', type: 'reference', referenceTo: ['User'], relationshipName: 'Manager' },
  { name: 'ProfileId', type: 'reference', referenceTo: ['Profile'], relationshipName: 'Profile' },
  { name: 'Manager.Email', type: 'email' },
  { name: 'Manager.ManagerId', type: 'reference', referenceTo: ['User'], relationshipName: 'Manager' },
];

function connector(sources: readonly string[], identification = 'Username'): ConnectorConfig {
  return {
    nqlId: 'users',
    name: 'Users',
    connector: 'synthetic',
    sink: 'out',
    parameters: {},
    mapping: {
      identification,
      identifier: 'upn',
      onMissingValue: 'clear',
      fields: sources.map((source, i) => ({ source, target: `t${i}` })),
    },
  };
}

function template(selected?: SelectedFields): ConnectorTemplate {
  return { ...syntheticConnector({ rows: 1 }), ...(selected ? { selectedFields: () => selected } : {}) };
}

/** The findings, reduced to what tells them apart; `described: null` for a source whose fields are not known. */
const findings = (sources: readonly string[], selected?: SelectedFields, described: SourceField[] | null = FIELDS) =>
  fieldFindings(connector(sources), template(selected), described ?? undefined).map(
    ({ kind, field, usedBy, suggestion }) => ({
      kind,
      field,
      usedBy,
      suggestion,
    }),
  );

describe('fieldFindings: the connector’s fields against the described ones, the same for every template', () => {
  it("finds nothing when every plain mapping path is a described field, a relationship's field or a related record", () => {
    expect(findings(['Department', 'Manager.Email', 'Manager', 'Id'])).to.deep.equal([]);
  });

  it('names a mapping path the source does not have, with the closest described name', () => {
    expect(findings(['Departmnt', 'Manager.Emial', 'Managr.Email', 'Nothing_like_it'])).to.deep.equal([
      { kind: 'unknown', field: 'Departmnt', usedBy: 't0', suggestion: 'Department' },
      { kind: 'unknown', field: 'Manager.Emial', usedBy: 't1', suggestion: 'Manager.Email' },
      { kind: 'unknown', field: 'Managr.Email', usedBy: 't2', suggestion: 'Manager.Email' },
      { kind: 'unknown', field: 'Nothing_like_it', usedBy: 't3', suggestion: undefined },
    ]);
    const [identification] = fieldFindings(connector([], 'Usrname'), template(), FIELDS);
    expect(identification).to.deep.include({ kind: 'unknown', usedBy: 'identification', suggestion: 'Username' });
    expect(identification!.message).to.equal(
      'The identification Usrname is not a field of the source: did you mean Username?',
    );
  });

  it("flags a mapping path in another case than the source's (a JSONata path is case-sensitive)", () => {
    const [finding] = fieldFindings(connector(['department', 'manager.email']), template(), FIELDS);
    expect(findings(['department', 'manager.email'])).to.deep.equal([
      { kind: 'case', field: 'department', usedBy: 't0', suggestion: 'Department' },
      { kind: 'case', field: 'manager.email', usedBy: 't1', suggestion: 'Manager.Email' },
    ]);
    expect(finding!.message).to.equal(
      'department (field t0) is spelt Department by the source: a mapping path must match its case',
    );
  });

  it('leaves unchecked what the description does not reach: a relationship whose fields are not listed, a compound value, an expression', () => {
    expect(
      findings(['Manager.Manager.Email', 'Profile.Name', 'Address.city', '$uppercase(Departmnt)', 'Departmnt & ""']),
    ).to.deep.equal([]);
  });

  it('compares the selected fields without regard to case, and says which one the source lacks', () => {
    const selected = {
      fields: ['username', 'DEPARTMENT', 'Titel', 'Manager.Email', 'Manager.Manager.Name'],
      complete: true,
    };
    const all = fieldFindings(connector(['Department']), template(selected), FIELDS);
    expect(all.map((f) => [f.kind, f.field, f.usedBy, f.suggestion])).to.deep.equal([
      ['unknown', 'Titel', 'query', undefined],
    ]);
    expect(all[0]!.message).to.equal("The query's field Titel is not a field of the source");
  });

  it('flags a mapping path a complete SELECT list leaves out, even with no description', () => {
    const selected = { fields: ['Username', 'Manager.Email', 'Address'], complete: true };
    const flagged = fieldFindings(
      connector(['Title', 'Manager', 'Address.city', 'Manager.Email']),
      template(selected),
      undefined,
    );
    expect(flagged.map((f) => [f.kind, f.field])).to.deep.equal([['not-selected', 'Title']]);
    expect(flagged[0]!.message).to.equal(
      "Title (field t0) is not among the fields the connector's query selects: it resolves to nothing on every record",
    );
    // An incomplete list (a function, FIELDS(ALL)) may select it: nothing to say.
    expect(findings(['Title'], { fields: ['Username'], complete: false }, null)).to.deep.equal([]);
  });

  it('says nothing for a template that neither describes nor names its selected fields', () => {
    expect(findings(['Anything', 'at.all'], undefined, null)).to.deep.equal([]);
  });

  it('checks no mapping path of a mapping that does not compile (its error is reported where it runs)', () => {
    expect(findings(['Department(', 'Departmnt'])).to.deep.equal([]);
  });
});
