import { expect } from 'chai';
import { connectorHealth } from './connector-health.js';

const due = new Date('2026-12-01T02:00:00Z');
const after = (minutes: number): Date => new Date(due.getTime() + minutes * 60_000);

describe('control: connectorHealth', () => {
  it('is error when the newest run failed, whatever the schedule', () => {
    expect(connectorHealth({ lastStatus: 'failure', now: after(1) })).to.equal('error');
    expect(
      connectorHealth({ lastStatus: 'failure', lastSuccessAt: after(1), previousDue: due, now: after(2) }),
    ).to.equal('error');
  });

  it('is on time without a due time, and within the grace (default 30 minutes) after one', () => {
    expect(connectorHealth({ now: after(600) })).to.equal('on-time');
    expect(connectorHealth({ lastStatus: 'success', previousDue: due, now: after(29) })).to.equal('on-time');
    expect(connectorHealth({ previousDue: due, now: after(30) })).to.equal('on-time');
  });

  it('is late past the grace when no run succeeded since the due time', () => {
    expect(connectorHealth({ previousDue: due, now: after(31) })).to.equal('late');
    expect(
      connectorHealth({ lastStatus: 'partial', lastSuccessAt: after(-1), previousDue: due, now: after(31) }),
    ).to.equal('late');
    expect(connectorHealth({ previousDue: due, now: after(11), lateAfterMinutes: 10 })).to.equal('late');
    expect(connectorHealth({ previousDue: due, now: after(9), lateAfterMinutes: 10 })).to.equal('on-time');
  });

  it('is on time past the grace when a run succeeded at or after the due time', () => {
    expect(connectorHealth({ lastStatus: 'success', lastSuccessAt: due, previousDue: due, now: after(120) })).to.equal(
      'on-time',
    );
    expect(
      connectorHealth({ lastStatus: 'success', lastSuccessAt: after(3), previousDue: due, now: after(120) }),
    ).to.equal('on-time');
  });
});
