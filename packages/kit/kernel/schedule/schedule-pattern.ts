import type { ScheduleConfig } from '../../core/index.js';

/** A schedule reduced to what croner understands: a cron pattern in an IANA time zone. */
export interface SchedulePattern {
  /** Six-field cron pattern (seconds first), or the operator's own cron text. */
  readonly pattern: string;
  readonly timezone: string;
  /** Plain words for logs: `daily at 02:30 (Europe/Zurich)`. */
  readonly description: string;
  readonly jitterSeconds: number;
  /**
   * The operator's own cron text, which may never fire (`0 0 30 2 *`); a recurrence (hourly, daily,
   * weekly) always fires.
   */
  readonly ownCron: boolean;
}

export type PatternResult =
  { readonly ok: true; readonly value: SchedulePattern } | { readonly ok: false; readonly problems: readonly string[] };

const DEFAULT_TIMEZONE = 'UTC';
const MAX_JITTER_SECONDS = 86_400;

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const RECURRENCES = ['hourly', 'daily', 'weekly'];
const TIME_OF_DAY = /^(\d{1,2}):(\d{2})$/;
const MINUTE_OF_HOUR = /^:?(\d{1,2})$/;

/**
 * Checks the fields of a schedule and turns a recurrence into a cron pattern. Pure: croner itself
 * (is the cron text valid, does it ever fire) is asked by the evaluator.
 */
export function schedulePattern(schedule: ScheduleConfig): PatternResult {
  const raw = schedule as unknown as Record<string, unknown>;
  const problems: string[] = [];
  const timezone = checkTimezone(raw.timezone, problems);
  const jitterSeconds = checkJitter(raw.jitterSeconds, problems);
  let body: { pattern: string; description: string } | undefined;
  if ('cron' in raw && 'recurrence' in raw) {
    problems.push('give either `recurrence` or `cron`, not both');
  } else if ('cron' in raw) {
    if (typeof raw.cron !== 'string' || raw.cron.trim() === '')
      problems.push('`cron` must be a cron expression such as "0 2 * * *"');
    else body = { pattern: raw.cron.trim().replace(/\s+/g, ' '), description: `cron "${raw.cron.trim()}"` };
  } else if ('recurrence' in raw) {
    body = recurrencePattern(raw, problems);
  } else {
    problems.push('a schedule needs `recurrence` (hourly, daily or weekly) or `cron`');
  }
  if (problems.length > 0 || body === undefined) return { ok: false, problems };
  const zone = timezone ?? DEFAULT_TIMEZONE;
  return {
    ok: true,
    value: {
      pattern: body.pattern,
      timezone: zone,
      description: `${body.description} (${zone})`,
      jitterSeconds,
      ownCron: 'cron' in raw,
    },
  };
}

function recurrencePattern(
  raw: Record<string, unknown>,
  problems: string[],
): { pattern: string; description: string } | undefined {
  const { recurrence, at, day } = raw;
  if (typeof recurrence !== 'string' || !RECURRENCES.includes(recurrence)) {
    problems.push(`\`recurrence\` must be hourly, daily or weekly, got ${JSON.stringify(recurrence)}`);
    return undefined;
  }
  if (at !== undefined && typeof at !== 'string')
    problems.push('`at` must be a string such as "02:30" (or ":15" for hourly)');
  if (recurrence !== 'weekly' && day !== undefined) problems.push('`day` only applies to a weekly recurrence');
  const text = typeof at === 'string' ? at.trim() : undefined;
  if (recurrence === 'hourly') {
    const minute = parseMinuteOfHour(text ?? ':00', problems);
    return minute === undefined
      ? undefined
      : { pattern: `0 ${minute} * * * *`, description: `hourly at :${pad(minute)}` };
  }
  const time = parseTimeOfDay(text ?? '00:00', problems);
  if (recurrence === 'daily') {
    return (
      time && {
        pattern: `0 ${time.minute} ${time.hour} * * *`,
        description: `daily at ${pad(time.hour)}:${pad(time.minute)}`,
      }
    );
  }
  const dayIndex = typeof day === 'string' ? DAYS.indexOf(day.toLowerCase() as (typeof DAYS)[number]) : -1;
  if (dayIndex < 0)
    problems.push(
      `a weekly recurrence needs \`day\`: one of ${DAYS.join(', ')}${day === undefined ? '' : `, got ${JSON.stringify(day)}`}`,
    );
  if (!time || dayIndex < 0) return undefined;
  return {
    pattern: `0 ${time.minute} ${time.hour} * * ${dayIndex}`,
    description: `weekly on ${DAYS[dayIndex]} at ${pad(time.hour)}:${pad(time.minute)}`,
  };
}

function parseTimeOfDay(text: string, problems: string[]): { hour: number; minute: number } | undefined {
  const match = TIME_OF_DAY.exec(text);
  const hour = Number(match?.[1]);
  const minute = Number(match?.[2]);
  if (!match || hour > 23 || minute > 59) {
    problems.push(`\`at\` must be a time of day HH:MM between 00:00 and 23:59, got ${JSON.stringify(text)}`);
    return undefined;
  }
  return { hour, minute };
}

function parseMinuteOfHour(text: string, problems: string[]): number | undefined {
  const match = MINUTE_OF_HOUR.exec(text);
  const minute = Number(match?.[1]);
  if (!match || minute > 59) {
    problems.push(
      `for an hourly recurrence \`at\` is the minute past the hour, "MM" or ":MM" between 0 and 59 (e.g. ":15"), got ${JSON.stringify(text)}`,
    );
    return undefined;
  }
  return minute;
}

function checkTimezone(value: unknown, problems: string[]): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && isTimeZone(value)) return value;
  problems.push(
    `\`timezone\` must be an IANA time zone such as "Europe/Zurich" or "UTC", got ${JSON.stringify(value)}`,
  );
  return undefined;
}

function checkJitter(value: unknown, problems: string[]): number {
  if (value === undefined) return 0;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_JITTER_SECONDS) return value;
  problems.push(
    `\`jitterSeconds\` must be a whole number of seconds between 0 and ${MAX_JITTER_SECONDS}, got ${JSON.stringify(value)}`,
  );
  return 0;
}

/** True when the runtime knows the IANA zone (`Intl` throws a RangeError otherwise). */
let canonicalZones: ReadonlySet<string> | undefined;

/**
 * An IANA zone name, canonical or an alias (`US/Eastern`, `UTC`). The canonical list answers in a
 * millisecond or two; building a formatter, needed for an alias, costs tens (on every command that
 * reads the config, `validate` and `logs` included).
 */
function isTimeZone(name: string): boolean {
  if (name.trim() === '') return false;
  canonicalZones ??= new Set(Intl.supportedValuesOf('timeZone'));
  if (canonicalZones.has(name)) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
