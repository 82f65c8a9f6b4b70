import { expect } from 'chai';
import { hashKey } from '../hash-key.js';
import { UpnCounter } from '../upn-counter.js';

describe('execution-log UPN counter', () => {
  it('counts per key and reports unseen keys as 0', () => {
    const counter = new UpnCounter(16);
    expect(counter.increment('a@acme.com')).to.equal(1);
    expect(counter.increment('a@acme.com')).to.equal(2);
    expect(counter.increment('b@acme.com')).to.equal(1);
    expect(counter.get('a@acme.com')).to.equal(2);
    expect(counter.get('c@acme.com')).to.equal(0);
    expect(counter.size).to.equal(2);
  });

  it('keeps every count when it grows', () => {
    const counter = new UpnCounter(16);
    for (let round = 1; round <= 3; round++) {
      for (let i = 0; i < 5000; i++) counter.increment(`user${i}@acme.com`);
    }
    expect(counter.size).to.equal(5000);
    expect(counter.get('user0@acme.com')).to.equal(3);
    expect(counter.get('user4999@acme.com')).to.equal(3);
    counter.clear();
    expect(counter.size).to.equal(0);
    expect(counter.get('user0@acme.com')).to.equal(0);
  });

  it('hashes to a non-zero integer below 2^53', () => {
    for (const key of ['', 'a', 'jdoe@acme.com', 'ü'.repeat(300)]) {
      const h = hashKey(key);
      expect(Number.isSafeInteger(h), key).to.equal(true);
      expect(h).to.be.greaterThan(0);
    }
    expect(hashKey('ab')).to.not.equal(hashKey('ba'));
  });

  it('holds 3,000,000 distinct UPNs in a table of 48 MiB, without merging any of them', () => {
    const counter = new UpnCounter();
    for (let i = 0; i < 3_000_000; i++) counter.increment(`first.last${i}@example.com`);
    // The table's size is a property of the data structure, not of the process: robust to assert.
    expect(counter.size).to.equal(3_000_000);
    expect(counter.byteLength).to.equal(48 * 1024 * 1024);
  });
});
