import { expect } from 'chai';
import { systemClock } from './clock.js';
import { FakeClock } from './fake-clock.js';

describe('scheduler: clocks', () => {
  it('the system clock fires a timer once its time has come, and not a cancelled one', async () => {
    const fired: string[] = [];
    const at = new Date(Date.now() + 20);
    const cancel = systemClock.setTimer(new Date(Date.now() + 5), () => fired.push('cancelled'));
    cancel();
    await new Promise<void>((resolve) =>
      systemClock.setTimer(at, () => {
        fired.push(`at ${Date.now() >= at.getTime()}`);
        resolve();
      }),
    );
    await new Promise<void>((resolve) => systemClock.setTimer(new Date(0), resolve)); // a past time fires at once
    expect(fired).to.deep.equal(['at true']);
  });

  it("the fake clock fires due timers in time order, with now() set to each one's time", async () => {
    const clock = new FakeClock('2026-01-01T00:00:00Z');
    const fired: string[] = [];
    clock.setTimer(new Date('2026-01-01T00:00:02Z'), () => fired.push(`b ${clock.now().toISOString()}`));
    clock.setTimer(new Date('2026-01-01T00:00:01Z'), () => {
      fired.push(`a ${clock.now().toISOString()}`);
      clock.setTimer(new Date('2026-01-01T00:00:01.500Z'), () => fired.push('a2'));
    });
    const cancel = clock.setTimer(new Date('2026-01-01T00:00:01Z'), () => fired.push('cancelled'));
    cancel();
    clock.setTimer(new Date('2026-01-01T00:00:09Z'), () => fired.push('later'));
    await clock.advance(2000);
    expect(fired).to.deep.equal(['a 2026-01-01T00:00:01.000Z', 'a2', 'b 2026-01-01T00:00:02.000Z']);
    expect(clock.now().toISOString()).to.equal('2026-01-01T00:00:02.000Z');
    expect(clock.pending()).to.deep.equal([new Date('2026-01-01T00:00:09Z')]);
  });
});
