import { expect } from 'chai';
import { ConfigError, RowError } from '../index.js';
import { compileExpression } from './compile-expression.js';

async function rejectionOf(value: unknown): Promise<unknown> {
  try {
    await value;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('mapping: compileExpression', () => {
  const native = [
    'Email',
    'Manager.Name',
    '`Cost Center`',
    'Manager.`Full Name`',
    'a.b.c.d',
    ' Email ',
    'a . b',
    'a."b c"',
    '`or`',
    '`1st`.`$x`',
  ];
  for (const source of native) {
    it(`compiles the plain path ${JSON.stringify(source)} to a native accessor`, () => {
      const compiled = compileExpression(source);
      expect(compiled.native).to.equal(true);
      expect(compiled.source).to.equal(source);
    });
  }

  const nativeTrees = [
    '$uppercase(Email)',
    '$lowercase(Manager.`Full Name`)',
    '$trim(Name)',
    '$exists(Email)',
    'First & " " & Last',
    '(Email)',
    '"Email"',
    '42',
    'true',
    'null',
    'Email ? Email : "none"',
    'Email ?: "none"',
    'Email ?? "none"',
    'Active ? "yes"',
    'Status = "A" ? "active" : Status != "B" ? "other" : "b"',
    'a and b or c',
    '$lowercase($trim(First & " " & Last)) & (Title ? ", " & Title)',
  ];
  for (const source of nativeTrees) {
    it(`compiles ${JSON.stringify(source)} to native closures`, () => {
      const compiled = compileExpression(source);
      expect(compiled.native).to.equal(true);
      expect(compiled.path).to.equal(undefined);
      expect(compiled.tree).to.be.an('object');
    });
  }

  const notNative = [
    'Email[]',
    'Phone[0]',
    'Phone[type="mobile"].number',
    '$.Email',
    '$$.Email',
    '*',
    '**.Name',
    'Manager.*',
    'Manager.(Name)',
    'a@$x.b',
    'a#$i',
    'a.%.b',
    'a^(b)',
    'a{b: c}',
    'a.b[]',
    '$lowercase()',
    '$lowercase(a, b)',
    '$lowercase(a)[0]',
    '$lowercase(a)[]',
    '$substringBefore(Email, "@")',
    '$string(a) & b',
    'a = b',
    'a < "x"',
    'a + 1',
    '-a',
    '(a; b)',
    '()',
    '($x := a; $x)',
    'a ? $x : "none"',
    'a ? b : c[0]',
    'a & b[0]',
    '[a, b]',
    '"x"[0]',
    'function($x) { $x }',
  ];
  for (const source of notNative) {
    it(`leaves ${JSON.stringify(source)} to jsonata`, () => {
      expect(compileExpression(source).native).to.equal(false);
    });
  }

  it('evaluates native accessors synchronously', () => {
    expect(compileExpression('Manager.Name').evaluate({ Manager: { Name: 'Grace' } })).to.equal('Grace');
  });

  it('evaluates native trees synchronously', () => {
    const compiled = compileExpression('$uppercase(First) & " " & Last');
    expect(compiled.evaluate({ First: 'ada', Last: 'L' })).to.equal('ADA L');
    expect(compileExpression('Title ? Title : "n/a"').evaluate({ Title: '' })).to.equal('n/a');
  });

  it("throws jsonata's RowError from a native tree, synchronously", () => {
    expect(() => compileExpression('$lowercase(Age)').evaluate({ Age: 42 }))
      .to.throw(RowError, 'Argument 1 of function "lowercase" does not match function signature')
      .with.deep.property('details', { jsonataCode: 'T0410' });
  });

  it('leaves to jsonata a native shape nested deeper than the depth bound, which jsonata stops', async () => {
    const deep = `${'('.repeat(30)}Email${')'.repeat(30)}`;
    expect(compileExpression(deep).native).to.equal(true);
    const bounded = compileExpression(deep, { limits: { maxDepth: 20 } });
    expect(bounded.native).to.equal(false);
    const error = await rejectionOf(bounded.evaluate({ Email: 'x' }));
    expect(error).to.be.instanceOf(RowError).with.property('code', 'MAPPING_RUNAWAY');
    expect(compileExpression('(((Email)))', { limits: { maxDepth: 5 } }).native).to.equal(true);
    expect(compileExpression('(((Email)))', { limits: { maxDepth: 4 } }).native).to.equal(false);
  });

  it('evaluates other expressions with jsonata, returning a Promise', async () => {
    const result = compileExpression('$substringBefore(Email, "@")').evaluate({ Email: 'ada@corp' });
    expect(result).to.be.instanceOf(Promise);
    expect(await result).to.equal('ada');
  });

  it('can be told to evaluate even plain paths and native trees with jsonata', async () => {
    const compiled = compileExpression('Manager.Name', { forceJsonata: true });
    expect(compiled.native).to.equal(false);
    expect(await compiled.evaluate({ Manager: { Name: 'Grace' } })).to.equal('Grace');
    expect(compileExpression('$lowercase(Email)', { forceJsonata: true }).native).to.equal(false);
  });

  it("throws a ConfigError carrying jsonata's message when the expression does not compile", () => {
    for (const [source, message] of <Array<[string, string]>>[
      ['Manager.', 'Unexpected end of expression'],
      ['`Cost Center', 'Quoted property name must be terminated with a backquote (`)'],
      ['a b', 'Syntax error: "b"'],
    ]) {
      expect(() => compileExpression(source), source)
        .to.throw(ConfigError, message)
        .with.property('code', 'MAPPING_INVALID_EXPRESSION');
    }
  });

  it("rejects a runtime failure with a RowError carrying jsonata's message and code", async () => {
    const error = await rejectionOf(compileExpression('$error("bad row")').evaluate({}));
    expect(error).to.be.instanceOf(RowError).and.include({ code: 'MAPPING_EVALUATION_FAILED', message: 'bad row' });
    expect((error as RowError).details).to.deep.equal({ jsonataCode: 'D3137' });
  });

  it('names the function when a call at run time finds no function (T1006)', async () => {
    const notAFunction = await rejectionOf(
      compileExpression('($lowercas := Name; $lowercas(Name))').evaluate({ Name: 'Ada' }),
    );
    expect(notAFunction).to.be.instanceOf(RowError).with.property('code', 'MAPPING_EVALUATION_FAILED');
    expect((notAFunction as Error).message).to.equal('Attempted to invoke a non-function: $lowercas is not a function');
  });

  it('rejects a call of a function that is neither built in nor bound, with a suggestion', () => {
    expect(() => compileExpression('$lowercas(FederationIdentifier)'))
      .to.throw(ConfigError, 'unknown function $lowercas: did you mean $lowercase?')
      .with.property('code', 'MAPPING_UNKNOWN_FUNCTION');
  });

  describe('runaway guard', () => {
    it('stops unbounded recursion with MAPPING_RUNAWAY', async () => {
      // A generous time budget, so that only the depth bound can stop it even on a loaded machine.
      const recursion = compileExpression('($f := function($n) { $n + $f($n - 1) }; $f(1))', {
        limits: { timeoutMs: 60_000 },
      });
      const error = await rejectionOf(recursion.evaluate({}));
      expect(error).to.be.instanceOf(RowError).with.property('code', 'MAPPING_RUNAWAY');
      expect((error as Error).message).to.match(/nested deeper than 1000 steps/);
    });

    it('stops infinite tail recursion (which jsonata runs without nesting) once the time budget is spent', async () => {
      const error = await rejectionOf(
        compileExpression('($inf := function() { $inf() }; $inf())', { limits: { timeoutMs: 20 } }).evaluate({}),
      );
      expect(error).to.be.instanceOf(RowError).with.property('code', 'MAPPING_RUNAWAY');
      expect((error as Error).message).to.match(/ran longer than 20 ms/);
    });

    it('stops a huge range loop with MAPPING_RUNAWAY once the time budget is spent', async () => {
      const loop = compileExpression('$count([1..2000000].($ * 2))', { limits: { timeoutMs: 20 } });
      const error = await rejectionOf(loop.evaluate({}));
      expect(error).to.be.instanceOf(RowError).with.property('code', 'MAPPING_RUNAWAY');
      expect((error as Error).message).to.match(/ran longer than 20 ms/);
    });

    it('applies the depth bound it is given', async () => {
      const recursion = '($f := function($n) { $n = 0 ? 0 : 1 + $f($n - 1) }; $f(50))';
      expect(await compileExpression(recursion).evaluate({})).to.equal(50);
      const error = await rejectionOf(compileExpression(recursion, { limits: { maxDepth: 40 } }).evaluate({}));
      expect(error).to.be.instanceOf(RowError).with.property('code', 'MAPPING_RUNAWAY');
    });

    it('refuses limits that are not positive numbers', () => {
      expect(() => compileExpression('Email', { limits: { timeoutMs: 0 } })).to.throw(RangeError, /timeoutMs/);
    });
  });
});
