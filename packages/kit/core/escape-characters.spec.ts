import { expect } from 'chai';
import { escapeCharacters } from './escape-characters.js';

describe('escapeCharacters', () => {
  it('shows each matched character as its \\u escape, or as the short form given for it, and leaves the rest', () => {
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    const controls = /[\u0000-\u001f\u007f]/g;
    expect(escapeCharacters('a\u001b[31mb\u007f\tc', controls)).to.equal('a\\u001b[31mb\\u007f\\u0009c');
    expect(escapeCharacters('one\ntwo\u0007', controls, { '\n': '\\n' })).to.equal('one\\ntwo\\u0007');
    expect(escapeCharacters('plain', controls)).to.equal('plain');
    expect(JSON.parse(`"${escapeCharacters('x\u0001y', controls)}"`)).to.equal('x\u0001y');
  });
});
