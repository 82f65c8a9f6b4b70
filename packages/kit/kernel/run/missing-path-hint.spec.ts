import { expect } from 'chai';
import { missingPathHint } from './missing-path-hint.js';

describe('missingPathHint', () => {
  const record = { Username: 'a@x.org', Department: '', Manager: { Email: 'b@x.org' }, Tags: ['x'] };

  it('names the field a plain path misses, with the closest one the record holds at that step', () => {
    expect(missingPathHint('Departmnet', record)).to.equal(
      'The record has no field Departmnet: did you mean Department?',
    );
    expect(missingPathHint('department', record)).to.equal(
      'The record has no field department: did you mean Department?',
    );
    expect(missingPathHint('Manager.Emial', record)).to.equal(
      'The record has no field Manager.Emial: did you mean Manager.Email?',
    );
    expect(missingPathHint('Zzzzzz', record)).to.equal('The record has no field Zzzzzz');
  });

  it('says nothing of a field the record holds (even empty), of an expression, or of a path through a list or a value', () => {
    for (const expression of [
      'Department',
      'Manager.Email',
      ' Username ',
      '$lowercase(Departmnet)',
      'Tags.x',
      'Username.x',
    ])
      expect(missingPathHint(expression, record), expression).to.equal(undefined);
  });
});
