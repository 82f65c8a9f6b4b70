import * as v from 'valibot';

/** Pinned default REST API version (Winter '25); any `NN.0` the org supports can be configured. */
const DEFAULT_API_VERSION = '62.0';

const apiVersion = v.pipe(
  v.union(
    [
      v.string(),
      v.pipe(
        v.number(),
        v.transform((n) => n.toFixed(1)),
      ),
    ],
    'apiVersion must be a version string such as "62.0"',
  ),
  v.regex(/^\d+\.0$/, 'apiVersion must look like "62.0" (a major version followed by ".0")'),
);

const integerIn = (name: string, min: number, max: number) =>
  v.pipe(
    v.number(`${name} must be a number`),
    v.integer(`${name} must be a whole number`),
    v.minValue(min, `${name} must be at least ${min}`),
    v.maxValue(max, `${name} must be at most ${max}`),
  );

/** Streams of an Id-range read at most, whether chosen by the read (`auto`) or named by the configuration. */
export const MAX_STREAMS = 32;
/** `api: auto` reads with Bulk API 2.0 from this many rows (the first page's `totalSize`). */
const DEFAULT_BULK_THRESHOLD = 1_000_000;

/** `connectors[].parameters` of the `salesforce-user-attributes` template. */
export const salesforceParameters = v.strictObject({
  /** SOQL selecting FROM User, e.g. `SELECT Username, Department, Manager.Name FROM User`. */
  query: v.pipe(v.string('query must be a SOQL string'), v.trim(), v.nonEmpty('query must not be empty')),
  apiVersion: v.optional(apiVersion, DEFAULT_API_VERSION),
  /** Use `/queryAll`: also returns deleted and archived rows. */
  queryAll: v.optional(v.boolean('queryAll must be true or false'), false),
  /** `Sforce-Query-Options: batchSize=N`; Salesforce treats it as a hint. */
  batchSize: v.optional(integerIn('batchSize', 200, 2000), 2000),
  /** Stop the run once the org's daily API usage passes this percentage. */
  maxApiUsagePercent: v.optional(integerIn('maxApiUsagePercent', 1, 100), 80),
  /** Pages fetched ahead while the current one is processed (0 = strictly one request at a time). */
  prefetch: v.optional(integerIn('prefetch', 0, 4), 1),
  /** Which API reads: the REST query API, Bulk API 2.0, or the REST API below `bulkThreshold` rows and Bulk above. */
  api: v.optional(v.picklist(['rest', 'bulk', 'auto'], 'api must be rest, bulk or auto'), 'auto'),
  /**
   * REST reads of large queries: Id ranges read by this many streams at once (1 = one page after the
   * other), or `auto`: as many as the latency of the query's first page calls for (`read-plan.ts`).
   */
  concurrency: v.optional(
    v.union(
      [v.literal('auto'), integerIn('concurrency', 1, MAX_STREAMS)],
      `concurrency must be auto or a whole number from 1 to ${MAX_STREAMS}`,
    ),
    'auto',
  ),
  /** `api: auto` reads with Bulk API 2.0 when the query returns at least this many rows. */
  bulkThreshold: v.optional(integerIn('bulkThreshold', 1, Number.MAX_SAFE_INTEGER), DEFAULT_BULK_THRESHOLD),
});

export type SalesforceParameters = v.InferOutput<typeof salesforceParameters>;
