import * as v from 'valibot';
import { wholeNumber } from './whole-number.js';

const nonNegative = (what: string) =>
  v.pipe(v.number(`${what} must be a number`), v.minValue(0, `${what} must be at least 0`));

/** `hold:` (top level, and a connector's own): thresholds above which a run waits for an operator. */
export const holdSchema = v.strictObject({
  maxClearedValues: v.optional(wholeNumber('hold.maxClearedValues', 0, Number.MAX_SAFE_INTEGER)),
  maxLeavers: v.optional(wholeNumber('hold.maxLeavers', 0, Number.MAX_SAFE_INTEGER)),
  maxChangedPercent: v.optional(
    v.pipe(nonNegative('hold.maxChangedPercent'), v.maxValue(100, 'hold.maxChangedPercent must be at most 100')),
  ),
  timeoutHours: v.optional(
    v.pipe(
      v.number('hold.timeoutHours must be a number'),
      v.minValue(0.01, 'hold.timeoutHours must be more than 0'),
      v.maxValue(24 * 30, 'hold.timeoutHours must be at most 720 (30 days)'),
    ),
  ),
});

/** `quarantine:`: when a connector that keeps failing backs off. */
export const quarantineSchema = v.strictObject({
  afterFailures: v.optional(wholeNumber('quarantine.afterFailures', 0, 1_000)),
  backoffMinutes: v.optional(
    v.pipe(
      v.array(
        v.pipe(
          v.number('each of quarantine.backoffMinutes must be a number'),
          v.minValue(1, 'each of quarantine.backoffMinutes must be at least 1'),
        ),
        'quarantine.backoffMinutes must be a list of minutes, e.g. [60, 360, 1440]',
      ),
      v.minLength(1, 'quarantine.backoffMinutes must not be empty'),
    ),
  ),
});

/** `server.tokens`: named operator tokens (the audit trail shows the name). */
export const namedTokensSchema = v.array(
  v.strictObject({
    name: v.pipe(
      v.string('is required: the name the audit trail shows, e.g. "ops-team"'),
      v.regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'must be letters, digits, "_", "-" or "." (at most 64)'),
    ),
    token: v.string('must be a string'),
  }),
  'must be a list of { name, token }',
);
