import { expect } from 'chai';
import { holdConfigOf, holdConfigured, holdNeedsChanges, holdReasons } from './hold-config.js';
import type { HoldCounts } from './control-store.js';

const counts = (more: Partial<HoldCounts> = {}): HoldCounts => ({
  receivedRows: 100,
  processedRows: 100,
  leavers: 0,
  ...more,
});

describe('control: holdReasons', () => {
  it('holds nothing without thresholds', () => {
    expect(holdReasons(undefined, counts({ leavers: 50, clearedValues: 50, changedUsers: 100 }))).to.deep.equal([]);
    expect(holdReasons({}, counts({ leavers: 50, clearedValues: 50, changedUsers: 100 }))).to.deep.equal([]);
  });

  it('holds on leavers over maxLeavers, not at it', () => {
    expect(holdReasons({ maxLeavers: 2 }, counts({ leavers: 2 }))).to.deep.equal([]);
    expect(holdReasons({ maxLeavers: 2 }, counts({ leavers: 3 }))).to.deep.equal(['3 leavers (hold.maxLeavers 2)']);
    expect(holdReasons({ maxLeavers: 0 }, counts({ leavers: 0 }))).to.deep.equal([]);
    expect(holdReasons({ maxLeavers: 0 }, counts({ leavers: 1 }))).to.deep.equal(['1 leaver (hold.maxLeavers 0)']);
  });

  it('holds on cleared values over maxClearedValues, and ignores them when the sink cannot count them', () => {
    expect(holdReasons({ maxClearedValues: 5 }, counts({ clearedValues: 5 }))).to.deep.equal([]);
    expect(holdReasons({ maxClearedValues: 5 }, counts({ clearedValues: 1_200 }))).to.deep.equal([
      '1,200 values cleared (hold.maxClearedValues 5)',
    ]);
    expect(holdReasons({ maxClearedValues: 0 }, counts())).to.deep.equal([]);
  });

  it('holds on the share of processed users changed over maxChangedPercent, not at it', () => {
    expect(holdReasons({ maxChangedPercent: 10 }, counts({ changedUsers: 10 }))).to.deep.equal([]);
    expect(holdReasons({ maxChangedPercent: 10 }, counts({ changedUsers: 11 }))).to.deep.equal([
      '11 users changed, 11.0 % of 100 users (hold.maxChangedPercent 10)',
    ]);
    expect(
      holdReasons({ maxChangedPercent: 50 }, counts({ processedRows: 3, receivedRows: 3, changedUsers: 2 })),
    ).to.deep.equal(['2 users changed, 66.7 % of 3 users (hold.maxChangedPercent 50)']);
    expect(holdReasons({ maxChangedPercent: 0 }, counts({ changedUsers: 0 }))).to.deep.equal([]);
    expect(holdReasons({ maxChangedPercent: 10 }, counts())).to.deep.equal([], 'changed users unknown');
    expect(
      holdReasons({ maxChangedPercent: 10 }, counts({ processedRows: 0, receivedRows: 0, changedUsers: 0 })),
    ).to.deep.equal([], 'no user processed');
  });

  it('gives one sentence per threshold exceeded, in a fixed order', () => {
    expect(
      holdReasons(
        { maxLeavers: 1, maxClearedValues: 1, maxChangedPercent: 1 },
        counts({ leavers: 2, clearedValues: 4, changedUsers: 20 }),
      ),
    ).to.deep.equal([
      '2 leavers (hold.maxLeavers 1)',
      '4 values cleared (hold.maxClearedValues 1)',
      '20 users changed, 20.0 % of 100 users (hold.maxChangedPercent 1)',
    ]);
  });
});

describe('control: holdConfigOf', () => {
  it("takes the top level's thresholds with the keys a connector sets replaced", () => {
    expect(holdConfigOf(undefined, undefined)).to.equal(undefined);
    expect(holdConfigOf({ maxLeavers: 3 }, undefined)).to.deep.equal({ maxLeavers: 3 });
    expect(holdConfigOf(undefined, { maxClearedValues: 7 })).to.deep.equal({ maxClearedValues: 7 });
    expect(
      holdConfigOf({ maxLeavers: 3, maxChangedPercent: 20, timeoutHours: 4 }, { maxLeavers: 0, maxClearedValues: 9 }),
    ).to.deep.equal({ maxLeavers: 0, maxChangedPercent: 20, timeoutHours: 4, maxClearedValues: 9 });
  });

  it('tells whether a run has a threshold, and whether it needs the sink to count its changes', () => {
    expect([holdConfigured(undefined), holdNeedsChanges(undefined)]).to.deep.equal([false, false]);
    expect([holdConfigured({ timeoutHours: 2 }), holdNeedsChanges({ timeoutHours: 2 })]).to.deep.equal([false, false]);
    expect([holdConfigured({ maxLeavers: 0 }), holdNeedsChanges({ maxLeavers: 0 })]).to.deep.equal([true, false]);
    expect([holdConfigured({ maxClearedValues: 0 }), holdNeedsChanges({ maxClearedValues: 0 })]).to.deep.equal([
      true,
      true,
    ]);
    expect(holdNeedsChanges({ maxChangedPercent: 5 })).to.equal(true);
  });
});
