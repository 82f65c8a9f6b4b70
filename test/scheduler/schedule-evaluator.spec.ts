import { expect } from 'chai';
import type { ScheduleConfig } from 'tributary-kit';
import { ScheduleError, ScheduleEvaluator, nextRunTimes, validateSchedule } from '../../host/serve/scheduler/index.js';

const iso = (dates: Date[]): string[] => dates.map((d) => d.toISOString());

describe('scheduler: schedule evaluation', () => {
  describe('daily across daylight-saving changes (Europe/Zurich)', () => {
    const daily: ScheduleConfig = { recurrence: 'daily', at: '02:30', timezone: 'Europe/Zurich' };

    it('runs once on the spring-forward day, when 02:30 does not exist (at 03:30 CEST), then at 02:30 CEST', () => {
      // 2026-03-29: clocks jump from 02:00 CET to 03:00 CEST.
      expect(iso(nextRunTimes(daily, new Date('2026-03-27T12:00:00Z'), 4))).to.deep.equal([
        '2026-03-28T01:30:00.000Z', // 02:30 CET
        '2026-03-29T01:30:00.000Z', // 03:30 CEST: the gap is skipped forward, the day is not lost
        '2026-03-30T00:30:00.000Z', // 02:30 CEST
        '2026-03-31T00:30:00.000Z',
      ]);
    });

    it('runs once on the autumn day, when 02:30 happens twice', () => {
      // 2026-10-25: clocks go back from 03:00 CEST to 02:00 CET.
      const runs = iso(nextRunTimes(daily, new Date('2026-10-23T12:00:00Z'), 3));
      expect(runs).to.deep.equal(['2026-10-24T00:30:00.000Z', '2026-10-25T01:30:00.000Z', '2026-10-26T01:30:00.000Z']);
      expect(runs.filter((r) => r.startsWith('2026-10-25'))).to.have.length(1);
    });
  });

  it('hourly in a zone with DST follows the wall clock: no gap in spring, the repeated autumn hour runs once', () => {
    const hourly30: ScheduleConfig = { recurrence: 'hourly', at: ':30', timezone: 'Europe/Zurich' };
    expect(iso(nextRunTimes(hourly30, new Date('2026-03-29T00:00:00Z'), 3))).to.deep.equal([
      '2026-03-29T00:30:00.000Z', // 01:30 CET
      '2026-03-29T01:30:00.000Z', // 03:30 CEST (02:30 does not exist)
      '2026-03-29T02:30:00.000Z',
    ]);
    expect(iso(nextRunTimes(hourly30, new Date('2026-10-24T23:00:00Z'), 3))).to.deep.equal([
      '2026-10-24T23:30:00.000Z', // 01:30 CEST
      '2026-10-25T01:30:00.000Z', // 02:30 CET: the first 02:30 (CEST) is not run, a two-hour gap
      '2026-10-25T02:30:00.000Z',
    ]);
  });

  it('weekly runs on the given day at the given local time', () => {
    const runs = nextRunTimes(
      { recurrence: 'weekly', day: 'mon', at: '06:15', timezone: 'America/New_York' },
      new Date('2026-11-25T00:00:00Z'),
      2,
    );
    expect(iso(runs)).to.deep.equal(['2026-11-30T11:15:00.000Z', '2026-12-07T11:15:00.000Z']);
    expect(runs.every((d) => d.getUTCDay() === 1)).to.equal(true);
  });

  it('hourly takes the minute as "MM" or ":MM" and defaults to :00', () => {
    const from = new Date('2026-11-25T10:20:00Z');
    const expected = ['2026-11-25T10:45:00.000Z', '2026-11-25T11:45:00.000Z'];
    expect(iso(nextRunTimes({ recurrence: 'hourly', at: ':45' }, from, 2))).to.deep.equal(expected);
    expect(iso(nextRunTimes({ recurrence: 'hourly', at: '45' }, from, 2))).to.deep.equal(expected);
    expect(iso(nextRunTimes({ recurrence: 'hourly' }, from, 1))).to.deep.equal(['2026-11-25T11:00:00.000Z']);
  });

  it('hourly in a zone with a half-hour offset keeps the local minute', () => {
    // Asia/Kolkata is UTC+05:30: minute 00 local is minute 30 UTC.
    expect(
      iso(
        nextRunTimes(
          { recurrence: 'hourly', at: ':00', timezone: 'Asia/Kolkata' },
          new Date('2026-11-25T10:20:00Z'),
          1,
        ),
      ),
    ).to.deep.equal(['2026-11-25T10:30:00.000Z']);
  });

  it('defaults daily to 00:00 UTC', () => {
    expect(iso(nextRunTimes({ recurrence: 'daily' }, new Date('2026-11-25T10:00:00Z'), 1))).to.deep.equal([
      '2026-11-26T00:00:00.000Z',
    ]);
  });

  it('cron with 5 fields (minute first) in a time zone', () => {
    const runs = nextRunTimes({ cron: '0 2 * * 1-5', timezone: 'Europe/Zurich' }, new Date('2026-11-27T12:00:00Z'), 2);
    expect(iso(runs)).to.deep.equal(['2026-11-30T01:00:00.000Z', '2026-12-01T01:00:00.000Z']); // Friday → Monday
  });

  it('cron with 6 fields (seconds first)', () => {
    expect(iso(nextRunTimes({ cron: '30 */15 * * * *' }, new Date('2026-11-25T10:00:00Z'), 3))).to.deep.equal([
      '2026-11-25T10:00:30.000Z',
      '2026-11-25T10:15:30.000Z',
      '2026-11-25T10:30:30.000Z',
    ]);
  });

  it('cron restricting both day-of-month and day-of-week runs on either, as classic cron does', () => {
    expect(iso(nextRunTimes({ cron: '0 0 1 * MON' }, new Date('2026-11-25T00:00:00Z'), 3))).to.deep.equal([
      '2026-11-30T00:00:00.000Z', // a Monday
      '2026-12-01T00:00:00.000Z', // the 1st
      '2026-12-07T00:00:00.000Z',
    ]);
  });

  it('next() is strictly after the given time', () => {
    const evaluator = ScheduleEvaluator.compile({ recurrence: 'daily', at: '01:30' });
    expect(evaluator.next(new Date('2026-03-28T01:30:00.000Z'))?.toISOString()).to.equal('2026-03-29T01:30:00.000Z');
    expect(evaluator.next(new Date('2026-03-28T01:29:59.500Z'))?.toISOString()).to.equal('2026-03-28T01:30:00.000Z');
  });

  describe('jitter', () => {
    const hourly: ScheduleConfig = { recurrence: 'hourly', at: ':00', jitterSeconds: 3600 };
    const from = new Date('2026-11-25T10:00:00Z');

    it('adds the same offset to every run of one connector, stable across evaluations', () => {
      const a = nextRunTimes(hourly, from, 3, 'salesforce_users');
      expect(iso(nextRunTimes(hourly, from, 3, 'salesforce_users'))).to.deep.equal(iso(a));
      const offsets = a.map((d) => d.getTime() % 3_600_000);
      expect(new Set(offsets).size).to.equal(1);
      expect(offsets[0]! % 1000).to.equal(0);
      expect(a[1]!.getTime() - a[0]!.getTime()).to.equal(3_600_000);
    });

    it('spreads connectors sharing a schedule over the window', () => {
      const offsets = new Set(
        ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map(
          (key) => nextRunTimes(hourly, from, 1, key)[0]!.getTime() % 3_600_000,
        ),
      );
      expect(offsets.size).to.be.greaterThan(4);
      for (const offset of offsets) expect(offset).to.be.within(0, 3_600_000);
    });

    it('never returns a time before the one asked for, even inside the jitter window', () => {
      const evaluator = ScheduleEvaluator.compile(hourly, 'salesforce_users');
      const first = evaluator.next(from)!;
      expect(evaluator.next(new Date(first.getTime() - 1))!.getTime()).to.equal(first.getTime());
      expect(evaluator.next(first)!.getTime()).to.equal(first.getTime() + 3_600_000);
    });
  });

  describe('invalid schedules', () => {
    const cases: [string, unknown, RegExp][] = [
      ['an hour past 23', { recurrence: 'daily', at: '25:00' }, /`at` must be a time of day HH:MM.*"25:00"/],
      ['no colon in a daily time', { recurrence: 'daily', at: '0230' }, /`at` must be a time of day/],
      ['HH:MM for hourly', { recurrence: 'hourly', at: '02:15' }, /minute past the hour.*"02:15"/],
      ['a minute past 59', { recurrence: 'hourly', at: ':75' }, /minute past the hour/],
      [
        'an unknown recurrence',
        { recurrence: 'monthly' },
        /`recurrence` must be hourly, daily or weekly, got "monthly"/,
      ],
      ['weekly without day', { recurrence: 'weekly', at: '02:00' }, /weekly recurrence needs `day`/],
      ['weekly with an unknown day', { recurrence: 'weekly', at: '02:00', day: 'funday' }, /got "funday"/],
      [
        'day on a daily recurrence',
        { recurrence: 'daily', at: '02:00', day: 'mon' },
        /`day` only applies to a weekly recurrence/,
      ],
      [
        'an unknown time zone',
        { recurrence: 'daily', at: '02:00', timezone: 'Mars/Olympus' },
        /IANA time zone.*"Mars\/Olympus"/,
      ],
      ['cron with 4 fields', { cron: '0 2 * *' }, /not a valid cron expression.*five or six/],
      ['cron with a bad value', { cron: '61 * * * *' }, /not a valid cron expression.*minute/],
      ['cron that never fires', { cron: '0 0 31 2 *' }, /never fires/],
      ['both cron and recurrence', { cron: '0 2 * * *', recurrence: 'daily' }, /either `recurrence` or `cron`/],
      ['neither', { timezone: 'UTC' }, /needs `recurrence`.*or `cron`/],
      ['negative jitter', { recurrence: 'daily', jitterSeconds: -5 }, /`jitterSeconds` must be a whole number/],
      ['fractional jitter', { cron: '0 * * * *', jitterSeconds: 1.5 }, /`jitterSeconds`/],
    ];
    it('accepts canonical IANA zones and their aliases', () => {
      for (const timezone of ['Europe/Zurich', 'UTC', 'US/Eastern', 'Etc/GMT+5', 'Asia/Calcutta'])
        expect(validateSchedule({ recurrence: 'daily', at: '02:00', timezone }), timezone).to.deep.equal([]);
    });
    for (const [name, schedule, message] of cases) {
      it(`rejects ${name}`, () => {
        const problems = validateSchedule(schedule as ScheduleConfig);
        expect(problems).to.have.length.greaterThan(0);
        expect(problems.join('\n')).to.match(message);
        expect(() => ScheduleEvaluator.compile(schedule as ScheduleConfig))
          .to.throw(ScheduleError)
          .with.property('code', 'SCHEDULE_INVALID');
      });
    }

    it('lists every problem at once', () => {
      const problems = validateSchedule({
        recurrence: 'weekly',
        at: '99:99',
        timezone: 'Nowhere',
        jitterSeconds: -1,
      } as ScheduleConfig);
      expect(problems).to.have.length(4);
    });

    it('accepts valid schedules with no problems', () => {
      expect(
        validateSchedule({
          recurrence: 'weekly',
          day: 'sun',
          at: '23:59',
          timezone: 'Pacific/Auckland',
          jitterSeconds: 600,
        }),
      ).to.deep.equal([]);
      expect(validateSchedule({ cron: '*/5 * * * *' })).to.deep.equal([]);
    });
  });
});
