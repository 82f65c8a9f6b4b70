import { expect } from 'chai';
import { ConfigProblemsError, RowError, type MappingConfig } from '../index.js';
import { compileMapping } from './compile-mapping.js';

const record = {
  Username: '  ada@example.com ',
  Email: 'ada@example.com',
  Department: 'Research',
  Manager: { Name: 'Grace', 'Full Name': 'Grace Hopper' },
  'Cost Center': 4711,
  Ratio: 0.25,
  IsActive: true,
  Title: null,
  Groups: ['a', 'b'],
};

function mapping(fields: [string, string][], extra: Partial<MappingConfig> = {}): MappingConfig {
  return {
    identification: 'Username',
    identifier: 'upn',
    onMissingValue: 'clear',
    fields: fields.map(([source, target]) => ({ source, target })),
    ...extra,
  };
}

async function rejectionOf(run: () => unknown): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

describe('mapping: compileMapping', () => {
  const typical = mapping([
    ['Email', 'email'],
    ['Department', 'department'],
    ['Manager.Name', 'manager'],
    ['`Cost Center`', 'cost_center'],
    ['Manager.`Full Name`', 'manager_full'],
    ['IsActive', 'active'],
  ]);

  it('maps a record synchronously when every expression is native', () => {
    const mapper = compileMapping(typical);
    expect(mapper.allNative).to.equal(true);
    expect(mapper.identifierKind).to.equal('upn');
    expect(mapper.targets).to.deep.equal(['email', 'department', 'manager', 'cost_center', 'manager_full', 'active']);
    const id = mapper.identify(record);
    const fields = mapper.fields(record);
    expect(id).to.not.be.instanceOf(Promise);
    expect(fields).to.not.be.instanceOf(Promise);
    expect(id).to.equal('ada@example.com');
    expect(fields).to.deep.equal({
      email: 'ada@example.com',
      department: 'Research',
      manager: 'Grace',
      cost_center: 4711,
      manager_full: 'Grace Hopper',
      active: 'true',
    });
  });

  it('gives the same rows when every expression is forced through jsonata', async () => {
    const native = compileMapping(typical);
    const viaJsonata = compileMapping(typical, { forceJsonata: true });
    expect(viaJsonata.allNative).to.equal(false);
    expect(await viaJsonata.identify(record)).to.equal(native.identify(record));
    expect(await viaJsonata.fields(record)).to.deep.equal(native.fields(record));
  });

  it('stays synchronous for a native identification when only some fields need jsonata', async () => {
    const mapper = compileMapping(
      mapping([
        ['Email', 'email'],
        ['$uppercase($string(Department))', 'department'],
        ['Ratio', 'ratio'],
      ]),
    );
    expect(mapper.allNative).to.equal(false);
    expect(mapper.identify(record)).to.equal('ada@example.com');
    const fields = mapper.fields(record);
    expect(fields).to.be.instanceOf(Promise);
    expect(await fields).to.deep.equal({ email: 'ada@example.com', department: 'RESEARCH', ratio: '0.25' });
  });

  it('writes an empty string for missing values under onMissingValue: clear', () => {
    const mapper = compileMapping(
      mapping([
        ['Title', 'title'],
        ['Nope', 'nope'],
        ['Manager.Nope', 'deep'],
      ]),
    );
    expect(mapper.fields(record)).to.deep.equal({ title: '', nope: '', deep: '' });
  });

  it('leaves missing values out under onMissingValue: keep', () => {
    const mapper = compileMapping(
      mapping(
        [
          ['Title', 'title'],
          ['Nope', 'nope'],
          ['Email', 'email'],
        ],
        { onMissingValue: 'keep' },
      ),
    );
    expect(mapper.fields(record)).to.deep.equal({ email: 'ada@example.com' });
  });

  it('returns an empty identification when it is missing, null or blank', async () => {
    expect(compileMapping(mapping([], { identification: 'Nope' })).identify(record)).to.equal('');
    expect(compileMapping(mapping([], { identification: 'Title' })).identify(record)).to.equal('');
    expect(await compileMapping(mapping([], { identification: '"   "' })).identify(record)).to.equal('');
    expect(await compileMapping(mapping([], { identification: '$lowercase(Email) & " "' })).identify(record)).to.equal(
      'ada@example.com',
    );
  });

  it('rejects a row whose field maps to an array or object, naming the field', () => {
    const mapper = compileMapping(mapping([['Groups', 'groups']]));
    const error = (() => {
      try {
        mapper.fields(record);
      } catch (e) {
        return e;
      }
    })();
    expect(error).to.be.instanceOf(RowError).and.include({ code: 'MAPPING_NON_SCALAR' });
    expect((error as Error).message).to.equal(
      'Field "groups": the expression returned an array of 2 items; a mapped value must be a string, a number, a boolean or a date',
    );
    expect(() => compileMapping(mapping([['Manager', 'manager']])).fields(record)).to.throw(
      RowError,
      /^Field "manager": .*an object/,
    );
  });

  it('rejects a row whose identification is not a scalar', () => {
    expect(() => compileMapping(mapping([], { identification: 'Manager' })).identify(record)).to.throw(
      RowError,
      /^Identification: /,
    );
  });

  it('turns a runtime error of one row into a RowError naming the field', async () => {
    const mapper = compileMapping(
      mapping([
        ['Email', 'email'],
        ['Manager ? Manager.Name : $error("no manager for " & Email)', 'manager'],
      ]),
    );
    const error = await rejectionOf(() => mapper.fields({ ...record, Manager: null }));
    expect(error)
      .to.be.instanceOf(RowError)
      .and.include({ code: 'MAPPING_EVALUATION_FAILED', message: 'Field "manager": no manager for ada@example.com' });
    expect((error as RowError).details).to.include({ field: 'manager', jsonataCode: 'D3137' });
    expect(await mapper.fields(record)).to.deep.equal({ email: 'ada@example.com', manager: 'Grace' });
  });

  it('turns anything a native accessor throws into a RowError naming the field', () => {
    const hostile = Object.defineProperty({}, 'Email', {
      get() {
        throw new TypeError('getter exploded');
      },
      enumerable: true,
    });
    const mapper = compileMapping(mapping([['Email', 'email']]));
    expect(() => mapper.fields(hostile)).to.throw(RowError, 'Field "email": evaluation failed: getter exploded');
  });

  it('rejects a runaway row with MAPPING_RUNAWAY and a clear message', async () => {
    const mapper = compileMapping(mapping([['($f := function($n) { $f($n + 1) + 1 }; $f(0))', 'score']]), {
      limits: { timeoutMs: 60_000 },
    });
    const error = await rejectionOf(() => mapper.fields(record));
    expect(error).to.be.instanceOf(RowError).with.property('code', 'MAPPING_RUNAWAY');
    expect((error as Error).message).to.match(/^Field "score": evaluation stopped: it nested deeper than \d+ steps/);
    const loop = compileMapping(mapping([['$sum([1..2000000].($ + 1))', 'total']]), { limits: { timeoutMs: 20 } });
    expect(await rejectionOf(() => loop.fields(record)))
      .to.be.instanceOf(RowError)
      .with.property('code', 'MAPPING_RUNAWAY');
  });

  it('lists every invalid expression at once, with paths relative to the connector', () => {
    const config = mapping(
      [
        ['Email', 'email'],
        ['Manager.', 'manager'],
        ['`Cost Center', 'cost_center'],
        ['$x(', 'x'],
      ],
      { identification: 'User name' },
    );
    const error = (() => {
      try {
        compileMapping(config);
      } catch (e) {
        return e;
      }
    })();
    expect(error).to.be.instanceOf(ConfigProblemsError);
    expect((error as ConfigProblemsError).problems).to.deep.equal([
      {
        path: 'mapping.identification',
        message: 'Invalid JSONata expression for identification: Syntax error: "name"',
      },
      {
        path: 'mapping.fields[1].source',
        message: 'Invalid JSONata expression for field manager: Unexpected end of expression',
      },
      {
        path: 'mapping.fields[2].source',
        message:
          'Invalid JSONata expression for field cost_center: Quoted property name must be terminated with a backquote (`)',
      },
      {
        path: 'mapping.fields[3].source',
        message: 'Invalid JSONata expression for field x: Expected ")" before end of expression',
      },
    ]);
  });
});
