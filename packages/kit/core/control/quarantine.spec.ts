import { expect } from 'chai';
import { quarantineOf, type RunOutcome } from './quarantine.js';

const T = Date.parse('2026-12-01T10:00:00Z');
const MIN = 60_000;

/** Runs newest first, one every ten minutes back from T: `f` failure, `s` success, `p` partial. */
function runs(statuses: string): RunOutcome[] {
  const names: Record<string, string> = { f: 'failure', s: 'success', p: 'partial' };
  return [...statuses].map((c, i) => ({ status: names[c]!, endedAt: new Date(T - i * 10 * MIN) }));
}

const at = (minutesAfterT: number): Date => new Date(T + minutesAfterT * MIN);

describe('control: quarantineOf', () => {
  it('is not in quarantine below afterFailures (default 3) consecutive failures', () => {
    expect(quarantineOf(undefined, [])).to.equal(undefined);
    expect(quarantineOf(undefined, runs('ff'))).to.equal(undefined);
    expect(quarantineOf(undefined, runs('ffsff'))).to.equal(undefined, 'a success between ends the count');
    expect(quarantineOf(undefined, runs('ffpff'))).to.equal(undefined, 'so does a partial run');
  });

  it('is in quarantine at afterFailures, since the failure that made it so, the first back-off after the newest', () => {
    expect(quarantineOf(undefined, runs('fffs'))).to.deep.equal({ since: at(0), failures: 3, until: at(60) });
  });

  it('backs off further with each failed retry, the last step repeating', () => {
    const config = { afterFailures: 2, backoffMinutes: [5, 30] };
    expect(quarantineOf(config, runs('ffs'))).to.deep.equal({ since: at(0), failures: 2, until: at(5) });
    expect(quarantineOf(config, runs('fffs'))).to.deep.equal({ since: at(-10), failures: 3, until: at(30) });
    expect(quarantineOf(config, runs('ffffs'))).to.deep.equal({ since: at(-20), failures: 4, until: at(30) });
    expect(quarantineOf(config, runs('fffff'))).to.deep.equal({ since: at(-30), failures: 5, until: at(30) });
    expect(quarantineOf(undefined, runs('ffff'))?.until).to.deep.equal(at(360));
    expect(quarantineOf(undefined, runs('fffff'))?.until).to.deep.equal(at(1_440));
    expect(quarantineOf(undefined, runs('ffffffff'))?.until).to.deep.equal(at(1_440));
  });

  it('counts no failure that ended at or before the quarantine was lifted by hand', () => {
    expect(quarantineOf(undefined, runs('ffff'), at(-25))).to.deep.equal({ since: at(0), failures: 3, until: at(60) });
    expect(quarantineOf(undefined, runs('ffff'), at(-20))).to.equal(undefined, 'a run that ended at the lift');
    expect(quarantineOf(undefined, runs('ffff'), at(-15))).to.equal(undefined);
    expect(quarantineOf(undefined, runs('fff'), at(1))).to.equal(undefined);
  });

  it('never quarantines with afterFailures 0, and uses the default back-off for an empty list', () => {
    expect(quarantineOf({ afterFailures: 0 }, runs('ffffffffff'))).to.equal(undefined);
    expect(quarantineOf({ afterFailures: 1, backoffMinutes: [] }, runs('f'))).to.deep.equal({
      since: at(0),
      failures: 1,
      until: at(60),
    });
  });
});
