import { expect } from 'chai';
import { isStorableText, storableText } from './storable-text.js';

describe('storable text', () => {
  it('tells text every store keeps from text with a NUL or a lone surrogate', () => {
    expect(isStorableText('Sales 😀\t\u0001')).to.equal(true);
    expect(isStorableText('a\u0000b')).to.equal(false);
    expect(isStorableText('a\uD83D')).to.equal(false);
    expect(isStorableText('\uDE00a')).to.equal(false);
  });

  it('replaces each NUL and lone surrogate with U+FFFD, and leaves the rest as it is', () => {
    expect(storableText('a\u0000b\uD83Dc😀')).to.equal('a\uFFFDb\uFFFDc😀');
    const fine = 'already fine';
    expect(storableText(fine)).to.equal(fine);
  });
});
