import { expect } from 'chai';
import { idlePause } from '../coordinator/tick-queue.js';

describe('postgres tick queue: an idle worker’s pause', () => {
  it('is drawn afresh between 250 and 750 ms, half a second on average, so hosts do not poll in step', () => {
    expect(idlePause(() => 0)).to.equal(250);
    expect(idlePause(() => 0.5)).to.equal(500);
    expect(idlePause(() => 0.999)).to.equal(750);
    const draws = [0.1, 0.9, 0.3, 0.7];
    const pauses = draws.map((r) => idlePause(() => r));
    expect(new Set(pauses).size, 'each pause its own draw').to.equal(draws.length);
    expect(pauses.reduce((a, b) => a + b, 0) / pauses.length).to.equal(500);
  });
});
