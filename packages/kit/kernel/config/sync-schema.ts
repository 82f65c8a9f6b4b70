import * as v from 'valibot';
import { DEFAULT_SYNC, type SyncConfig } from '../../core/index.js';
import { wholeNumber } from './whole-number.js';

const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3_600, d: 86_400 };

/** `7d`, `12h`, `30m`, `45s`, or a number of seconds. */
const duration = (what: string) =>
  v.pipe(
    v.union([v.string(), v.number()], `${what} must be a duration such as "7d", "12h", "30m" or "45s"`),
    v.transform((input) => (typeof input === 'number' ? String(input) + 's' : input.trim())),
    v.regex(/^\d+[smhd]$/, `${what} must be a whole number followed by s, m, h or d, e.g. "7d"`),
    v.transform((text) => Number(text.slice(0, -1)) * UNIT_SECONDS[text.slice(-1)]!),
  );

/** A connector's `sync:` entry; absent keys take {@link DEFAULT_SYNC}'s values. */
export const syncSchema = v.pipe(
  v.strictObject({
    mode: v.optional(v.picklist(['full', 'incremental'], 'must be full or incremental')),
    fullEvery: v.optional(
      v.union(
        [
          v.pipe(duration('fullEvery'), v.minValue(60, 'fullEvery must be at least 1m')),
          v.strictObject({ cron: v.string('must be a cron expression'), timezone: v.optional(v.string()) }),
        ],
        'fullEvery must be a duration such as "7d", or { cron, timezone? }',
      ),
    ),
    lookBack: v.optional(duration('lookBack')),
    onGap: v.optional(v.picklist(['fail', 'full'], 'must be fail or full')),
    leavers: v.optional(
      v.strictObject({
        action: v.optional(v.picklist(['keep', 'clear', 'delete'], 'must be keep, clear or delete')),
        afterFullReads: v.optional(wholeNumber('', 1, 100)),
      }),
    ),
  }),
  v.transform((input): SyncConfig => ({
    mode: input.mode ?? DEFAULT_SYNC.mode,
    fullEverySeconds: typeof input.fullEvery === 'number' ? input.fullEvery : DEFAULT_SYNC.fullEverySeconds,
    ...(typeof input.fullEvery === 'object' ? { fullCron: input.fullEvery } : {}),
    lookBackSeconds: input.lookBack ?? DEFAULT_SYNC.lookBackSeconds,
    onGap: input.onGap ?? DEFAULT_SYNC.onGap,
    leavers: {
      action: input.leavers?.action ?? DEFAULT_SYNC.leavers.action,
      afterFullReads: input.leavers?.afterFullReads ?? DEFAULT_SYNC.leavers.afterFullReads,
    },
  })),
);
