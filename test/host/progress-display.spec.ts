import { expect } from 'chai';
import { createProgressDisplay, progressLine } from '../../host/cli/progress-display.js';

const progress = (receivedRows: number, elapsedMs: number, expectedRows?: number) => ({
  nqlId: 'sf_users',
  receivedRows,
  processedRows: receivedRows,
  expectedRows,
  elapsedMs,
});

describe('progress display', () => {
  it('shows rows, percentage, rate and ETA from the announced total', () => {
    expect(progressLine(progress(12_000, 2000, 48_000))).to.equal(
      'sf_users: 12,000 / 48,000 rows (25%) · 12,000 processed · 6,000 rows/s · ETA 6.0 s',
    );
  });

  it('shows no percentage or ETA when the total is unknown, and never more than 100%', () => {
    expect(progressLine(progress(500, 1000))).to.equal('sf_users: 500 rows · 500 processed · 500 rows/s');
    expect(progressLine(progress(3_000_500, 1000, 3_000_000))).to.match(/\(100%\)/);
  });

  it('redraws one line on a terminal, at most every 100 ms, and clears it when done', () => {
    let out = '';
    let now = 0;
    const display = createProgressDisplay(
      (t) => (out += t),
      true,
      () => now,
    );
    display.update(progress(1, 1));
    now = 50;
    display.update(progress(2, 50));
    now = 150;
    display.update(progress(3, 150));
    display.done();
    expect(
      out
        .split('\r\x1b[K')
        .filter(Boolean)
        .map((l) => l.split(':')[1]!.trim().split(' ')[0]),
    ).to.deep.equal(['1', '3']);
    expect(out.endsWith('\r\x1b[K')).to.equal(true);
  });

  it('always shows the switch to committing, which can take a while for a large sink', () => {
    const lines: string[] = [];
    const display = createProgressDisplay(
      (t) => lines.push(t),
      false,
      () => 0,
      5000,
    );
    display.update(progress(10, 1, 10));
    display.update({ ...progress(10, 1, 10), phase: 'committing' });
    expect(lines).to.deep.equal([
      'sf_users: 10 / 10 rows (100%) · 10 processed · 10,000 rows/s\n',
      'sf_users: 10 rows read, 10 processed · committing to the sink…\n',
    ]);
  });

  it('writes plain lines elsewhere, at most one per interval', () => {
    const lines: string[] = [];
    let now = 0;
    const display = createProgressDisplay(
      (t) => lines.push(t),
      false,
      () => now,
      5000,
    );
    for (now = 0; now <= 12_000; now += 1000) display.update(progress(now, now + 1));
    display.done();
    expect(lines).to.have.length(3);
    expect(lines.every((l) => l.endsWith('\n') && !l.includes('\r'))).to.equal(true);
  });
});
