import * as v from 'valibot';
import { DEFAULT_LIMITS } from '../../core/index.js';
import { holdSchema, namedTokensSchema, quarantineSchema } from './operations-schema.js';
import { notifySchema } from './notify-schema.js';
import { syncSchema } from './sync-schema.js';
import { tracingSchema } from './tracing-schema.js';
import { wholeNumber } from './whole-number.js';

const positiveInt = (what: string) =>
  v.pipe(
    v.number(`${what} must be a number`),
    v.integer(`${what} must be a whole number`),
    v.minValue(1, `${what} must be at least 1`),
  );
const countFrom0 = (what: string) =>
  v.pipe(
    v.number(`${what} must be a number`),
    v.integer(`${what} must be a whole number`),
    v.minValue(0, `${what} must be at least 0`),
  );
const percent = (what: string) =>
  v.pipe(
    v.number(`${what} must be a number`),
    v.minValue(0, `${what} must be at least 0`),
    v.maxValue(100, `${what} must be at most 100`),
  );

const entryHead = {
  id: v.pipe(
    v.string('is required: a short id such as "sf-prod"'),
    v.regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'must be letters, digits, "_", "-" or "." (at most 64)'),
  ),
  type: v.string('is required: the type name'),
};

const credentialEntry = v.looseObject({ ...entryHead, name: v.optional(v.string('must be a string')) });
const sinkEntry = v.looseObject(entryHead);

const TARGET = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** `employee-number` → `employee_number`: hyphens, dots and spaces become underscores, when that makes a valid target. */
function targetSuggestion(target: string): string | undefined {
  const suggestion = target.trim().replace(/[-.\s]+/g, '_');
  return suggestion !== target && TARGET.test(suggestion) ? suggestion : undefined;
}

const fieldMapping = v.strictObject({
  source: v.pipe(v.string('is required: a JSONata expression over one record'), v.minLength(1, 'must not be empty')),
  target: v.pipe(
    v.string('is required: the attribute name to write'),
    v.regex(TARGET, (issue) => {
      const suggestion = targetSuggestion(String(issue.input));
      return `must start with a letter or "_" and contain only letters, digits and "_" (at most 64)${suggestion ? `: did you mean "${suggestion}"?` : ''}`;
    }),
  ),
  allowEmpty: v.optional(v.boolean('must be true or false')),
});

const mapping = v.strictObject({
  identification: v.pipe(
    v.string('is required: a JSONata expression giving the UPN or email'),
    v.minLength(1, 'must not be empty'),
  ),
  identifier: v.optional(v.picklist(['upn', 'email'], 'must be upn or email'), 'upn'),
  onMissingValue: v.optional(v.picklist(['clear', 'keep'], 'must be clear or keep'), 'clear'),
  fields: v.pipe(
    v.array(fieldMapping, 'must be a list of { source, target }'),
    v.minLength(1, 'must map at least one field'),
  ),
});

const recurrenceSchedule = v.strictObject({
  recurrence: v.picklist(['hourly', 'daily', 'weekly'], 'must be hourly, daily or weekly'),
  at: v.optional(v.string()),
  day: v.optional(
    v.picklist(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], 'must be mon, tue, wed, thu, fri, sat or sun'),
  ),
  timezone: v.optional(v.string()),
  jitterSeconds: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
});
const cronSchedule = v.strictObject({
  cron: v.string('must be a cron expression such as "0 2 * * *"'),
  timezone: v.optional(v.string()),
  jitterSeconds: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
});
const has = (input: unknown, key: string): boolean => typeof input === 'object' && input !== null && key in input;
/** The two shapes a schedule takes, for the config's JSON Schema (a `lazy` has none of its own). */
export const SCHEDULE_SHAPES = [recurrenceSchedule, cronSchedule] as const;

/**
 * `{ recurrence, … }` or `{ cron, … }`, checked against the one it names (recurrence when it names
 * neither), so that a typo gets one message about its own keys: a union would report both shapes'
 * complaints, such as "unknown key" once per shape for a schedule that gives both.
 */
const schedule = v.pipe(
  v.unknown(),
  v.check((input) => !(has(input, 'recurrence') && has(input, 'cron')), 'give one of recurrence or cron, not both'),
  v.lazy((input) => (has(input, 'cron') ? cronSchedule : recurrenceSchedule)),
);

const NQL_ID = /^[a-z][a-z0-9_]{0,63}$/;

const connector = v.strictObject({
  nqlId: v.pipe(
    v.string('is required'),
    v.regex(
      NQL_ID,
      'must start with a lower-case letter and contain only a-z, 0-9 and "_" (at most 64), e.g. "salesforce_user_attributes"',
    ),
  ),
  name: v.pipe(v.string('is required: a display name'), v.minLength(1, 'must not be empty')),
  description: v.optional(v.string()),
  connector: v.string('is required: the connector template, e.g. "salesforce-user-attributes"'),
  credentials: v.optional(v.string('must be the id of a credentials entry')),
  sink: v.optional(v.string('must be the id of a sinks entry')),
  schedule: v.optional(schedule),
  parameters: v.optional(v.record(v.string(), v.unknown(), 'must be an object'), {}),
  mapping,
  allowShrink: v.optional(v.boolean('must be true or false')),
  sync: v.optional(syncSchema),
  hold: v.optional(holdSchema),
});

/** The top level of a config file. Per-type parts (credentials, sinks, parameters) are checked by their plugins. */
export const configSchema = v.strictObject({
  plugins: v.optional(v.array(v.string('must be an npm package name or a path'), 'must be a list'), []),
  state: v.optional(
    v.strictObject({
      dir: v.optional(v.string(), './.tributary'),
      retentionDays: v.optional(positiveInt('state.retentionDays')),
      ledgerRetentionDays: v.optional(wholeNumber('state.ledgerRetentionDays', 0, 36_500)),
      access: v.optional(v.picklist(['private', 'group'], 'must be private or group'), 'private'),
    }),
    { dir: './.tributary' },
  ),
  limits: v.optional(
    v.strictObject({
      maxRowsPerSync: v.optional(positiveInt('limits.maxRowsPerSync'), DEFAULT_LIMITS.maxRowsPerSync),
      maxRecordsPerUpn: v.optional(positiveInt('limits.maxRecordsPerUpn'), DEFAULT_LIMITS.maxRecordsPerUpn),
      expressionTimeoutMs: v.optional(positiveInt('limits.expressionTimeoutMs'), DEFAULT_LIMITS.expressionTimeoutMs),
      mappingBatchTimeoutMs: v.optional(
        positiveInt('limits.mappingBatchTimeoutMs'),
        DEFAULT_LIMITS.mappingBatchTimeoutMs,
      ),
      mappingMemoryMb: v.optional(
        // Below 128 MB, one large jsonata value (a range of ten million numbers) could abort the process rather than the worker.
        v.pipe(positiveInt('limits.mappingMemoryMb'), v.minValue(128, 'limits.mappingMemoryMb must be at least 128')),
        DEFAULT_LIMITS.mappingMemoryMb,
      ),
      maxMappingErrorPercent: v.optional(
        percent('limits.maxMappingErrorPercent'),
        DEFAULT_LIMITS.maxMappingErrorPercent,
      ),
      maxShrinkPercent: v.optional(percent('limits.maxShrinkPercent'), DEFAULT_LIMITS.maxShrinkPercent),
      minShrinkRows: v.optional(countFrom0('limits.minShrinkRows'), DEFAULT_LIMITS.minShrinkRows),
    }),
    { ...DEFAULT_LIMITS },
  ),
  maxConcurrentRuns: v.optional(positiveInt('maxConcurrentRuns'), 4),
  hold: v.optional(holdSchema),
  quarantine: v.optional(quarantineSchema),
  lateAfterMinutes: v.optional(positiveInt('lateAfterMinutes')),
  cluster: v.optional(
    v.strictObject({
      postgres: v.pipe(
        v.string('is required: the PostgreSQL URL, e.g. "${TRIBUTARY_PG_URL}"'),
        v.regex(/^postgres(ql)?:\/\//, 'must be a PostgreSQL URL: postgres://user:password@host:5432/database'),
      ),
      leaseSeconds: v.optional(wholeNumber('cluster.leaseSeconds', 2, 3600), 30),
      hostName: v.optional(
        v.pipe(
          v.string(),
          v.regex(/^[\w.:@-]{1,100}$/, 'must be letters, digits, ".", ":", "@", "_" or "-" (at most 100)'),
        ),
      ),
    }),
  ),
  credentials: v.optional(v.array(credentialEntry, 'must be a list'), []),
  sinks: v.optional(v.array(sinkEntry, 'must be a list'), []),
  connectors: v.optional(v.array(connector, 'must be a list'), []),
  notify: v.optional(notifySchema),
  tracing: v.optional(tracingSchema),
  server: v.optional(
    v.strictObject({
      listen: v.optional(v.union([v.string(), v.number()], 'must be "host:port", ":port" or a port number')),
      token: v.optional(v.string('must be a string')),
      tokens: v.optional(namedTokensSchema),
      publicUrl: v.optional(
        v.pipe(
          v.string('must be a URL'),
          v.regex(/^https?:\/\/[^\s]+$/, 'must be an http(s) URL, e.g. "https://tributary.example.com"'),
        ),
      ),
      allowedHosts: v.optional(v.array(v.string('must be a host name'), 'must be a list of host names'), []),
      // Limits of the HTTP server; their defaults are in host/kernel/config/server-settings.ts (docs/operations.md).
      headersTimeoutMs: v.optional(positiveInt('server.headersTimeoutMs')),
      requestTimeoutMs: v.optional(positiveInt('server.requestTimeoutMs')),
      keepAliveTimeoutMs: v.optional(positiveInt('server.keepAliveTimeoutMs')),
      idleTimeoutMs: v.optional(positiveInt('server.idleTimeoutMs')),
      maxConnections: v.optional(positiveInt('server.maxConnections')),
      maxConcurrentChecks: v.optional(positiveInt('server.maxConcurrentChecks')),
      maxQueuedChecks: v.optional(countFrom0('server.maxQueuedChecks')),
    }),
  ),
});

export type ParsedConfig = v.InferOutput<typeof configSchema>;
