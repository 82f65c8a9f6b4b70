import { expect } from 'chai';
import jsonata from 'jsonata';
import { isJsonataFunction, nearestJsonataFunctions } from './jsonata-builtins.js';
import { unknownFunctions } from './unknown-functions.js';

const unknownIn = (source: string) =>
  unknownFunctions(jsonata(source).ast()).map((f) => ({ name: f.name, suggestions: f.suggestions }));

describe('mapping: unknown JSONata functions, found offline', () => {
  it('takes the built-ins from jsonata itself ($now and $millis included)', () => {
    for (const name of [
      'lowercase',
      'uppercase',
      'substringBefore',
      'formatNumber',
      'toMillis',
      'now',
      'millis',
      'eval',
      'clone',
    ]) {
      expect(isJsonataFunction(name), name).to.equal(true);
    }
    for (const name of ['lowercas', 'toUpperCase', 'len', '']) expect(isJsonataFunction(name), name).to.equal(false);
  });

  it('suggests the built-ins one edit away', () => {
    expect(nearestJsonataFunctions('lowercas')).to.deep.equal(['lowercase']);
    expect(nearestJsonataFunctions('substringbefore')).to.deep.equal(['substringBefore']);
    expect(nearestJsonataFunctions('mix')).to.deep.equal(['max', 'min']);
    expect(nearestJsonataFunctions('lwoercase')).to.deep.equal(['lowercase']);
    expect(nearestJsonataFunctions('toUpperCase')).to.deep.equal([]);
  });

  it('finds the misspelt call anywhere: in a path, an argument, a block, a lambda, a partial application', () => {
    expect(unknownIn('$lowercas(FederationIdentifier)')).to.deep.equal([
      { name: 'lowercas', suggestions: ['lowercase'] },
    ]);
    expect(unknownIn('Account.$lowercas(Name)')).to.deep.equal([{ name: 'lowercas', suggestions: ['lowercase'] }]);
    expect(unknownIn('$trim($uppercas(a)) & $trm(b)').map((f) => f.name)).to.deep.equal(['uppercas', 'trm']);
    expect(unknownIn('(\n  $x := 1;\n  $frmatNumber($x, "#")\n)').map((f) => f.name)).to.deep.equal(['frmatNumber']);
    expect(unknownIn('$map(a, function($v) { $uper($v) })').map((f) => f.name)).to.deep.equal(['uper']);
    expect(unknownIn('$pd(?, 5)').map((f) => f.name)).to.deep.equal(['pd']);
    expect(unknownIn('a ~> $joinn(",")').map((f) => f.name)).to.deep.equal(['joinn']);
    expect(unknownIn('true ? 1 : $nope()').map((f) => f.name)).to.deep.equal(['nope']);
  });

  it('knows names bound with :=, lambda parameters, focus and index variables, and functions passed as values', () => {
    for (const source of [
      '($f := function($x) { $uppercase($x) }; $f(Name))',
      'function($g, $x) { $g($x) }',
      '$map(Names, $uppercase)',
      '$map(Names, function($n) { $lowercase($n) })',
      'a@$o#$i.($o($i))',
      '$lowercase(Name)',
      '$now() & $millis()',
      'Email ~> $substringBefore("@")',
      '$sum(Values)',
    ]) {
      expect(unknownIn(source), source).to.deep.equal([]);
    }
  });
});
