import { expect } from 'chai';
import fc from 'fast-check';
import { FatalError } from 'tributary-kit';
import { assertQuota, formatApiUsage, parseApiUsage } from '../src/limit-info.js';

describe('Sforce-Limit-Info parsing and the quota guard', () => {
  it('reads api-usage wherever it sits in the header', () => {
    expect(parseApiUsage('api-usage=10018/100000')).to.deep.equal({ used: 10_018, limit: 100_000 });
    expect(parseApiUsage('api-usage=10018/100000; api-bursts=1/750')).to.deep.equal({ used: 10_018, limit: 100_000 });
    expect(parseApiUsage('per-app-api-usage=17/250(appName=x); api-usage=5/10')).to.deep.equal({ used: 5, limit: 10 });
  });

  it('ignores absent, foreign and zero-limit values', () => {
    expect(parseApiUsage(undefined)).to.equal(undefined);
    expect(parseApiUsage('per-app-api-usage=17/250(appName=x)')).to.equal(undefined);
    expect(parseApiUsage('api-usage=3/0')).to.equal(undefined);
  });

  it('round-trips any used/limit pair, with or without a trailing segment', () => {
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: 1 }), fc.boolean(), (used, limit, bursts) => {
        const header = `api-usage=${used}/${limit}${bursts ? '; api-bursts=1/750' : ''}`;
        expect(parseApiUsage(header)).to.deep.equal({ used, limit });
      }),
    );
  });

  it('stops only once usage passes the threshold, with the numbers in the message', () => {
    expect(() => assertQuota({ used: 80_000, limit: 100_000 }, 80)).not.to.throw();
    expect(() => assertQuota(undefined, 80)).not.to.throw();
    expect(() => assertQuota({ used: 81_234, limit: 100_000 }, 80)).to.throw(
      FatalError,
      'Stopped: org API usage 81,234/100,000 (81%) passed maxApiUsagePercent 80',
    );
  });

  it('never shows a passed percentage rounded down to the threshold', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99 }), fc.integer({ min: 1, max: 1_000 }), (max, over) => {
        const usage = { used: max * 10_000 + over, limit: 1_000_000 };
        const shown = Number(/\(([\d.]+)%\)/.exec(formatApiUsage(usage, max))?.[1]);
        expect(shown).to.be.greaterThan(max);
      }),
    );
  });
});
