import { expect } from 'chai';
import { ScheduleEvaluator } from '../../host/serve/scheduler/index.js';

const previous = (schedule: object, before: string): string | undefined =>
  ScheduleEvaluator.compile(schedule as never, '', new Date(before))
    .previous(new Date(before))
    ?.toISOString();

describe('scheduler: ScheduleEvaluator.previous', () => {
  it('finds the last hourly firing at or before a time', () => {
    const hourly = { recurrence: 'hourly', at: ':15' };
    expect(previous(hourly, '2026-12-01T10:14:59Z')).to.equal('2026-12-01T09:15:00.000Z');
    expect(previous(hourly, '2026-12-01T10:15:00Z')).to.equal('2026-12-01T10:15:00.000Z');
    expect(previous(hourly, '2026-12-01T10:40:00Z')).to.equal('2026-12-01T10:15:00.000Z');
  });

  it("finds the last daily firing in the schedule's time zone", () => {
    const daily = { recurrence: 'daily', at: '02:30', timezone: 'Europe/Zurich' };
    // 02:30 CET is 01:30 UTC in winter.
    expect(previous(daily, '2026-12-01T01:29:00Z')).to.equal('2026-11-30T01:30:00.000Z');
    expect(previous(daily, '2026-12-01T12:00:00Z')).to.equal('2026-12-01T01:30:00.000Z');
    // 02:30 CEST is 00:30 UTC in summer.
    expect(previous(daily, '2026-07-01T12:00:00Z')).to.equal('2026-07-01T00:30:00.000Z');
    expect(previous({ recurrence: 'weekly', day: 'mon', at: '06:00' }, '2026-12-02T12:00:00Z')).to.equal(
      '2026-11-30T06:00:00.000Z',
    );
  });

  it('adds the jitter as next does', () => {
    const evaluator = ScheduleEvaluator.compile({ recurrence: 'hourly', at: ':00', jitterSeconds: 600 }, 'people');
    const before = new Date('2026-12-01T10:30:00Z');
    const last = evaluator.previous(before)!;
    expect(last <= before).to.equal(true);
    expect(evaluator.next(last)!.getTime() - last.getTime()).to.equal(3_600_000);
    expect(evaluator.next(new Date(last.getTime() - 1))).to.deep.equal(last);
  });

  it('is undefined when the schedule did not fire within the year before', () => {
    // The 29th of February: the last one (2024) is more than a year before.
    expect(previous({ cron: '0 0 29 2 *' }, '2027-01-01T00:00:00Z')).to.equal(undefined);
    expect(previous({ cron: '0 0 29 2 *' }, '2028-03-01T00:00:00Z')).to.equal('2028-02-29T00:00:00.000Z');
  });
});
