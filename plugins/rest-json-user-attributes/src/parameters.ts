import * as v from 'valibot';

const text = (name: string) =>
  v.pipe(v.string(`${name} must be a string`), v.trim(), v.nonEmpty(`${name} must not be empty`));

const positive = (name: string, max = 1_000_000) =>
  v.pipe(
    v.number(`${name} must be a number`),
    v.integer(`${name} must be a whole number`),
    v.minValue(1, `${name} must be at least 1`),
    v.maxValue(max, `${name} must be at most ${max}`),
  );

/** `{ style: 'next-link', nextPath }`: the page body names the next page's URL (absolute or relative). */
const nextLink = v.strictObject({ style: v.literal('next-link'), nextPath: text('pagination.nextPath') });

/** `?page=N&size=M`: pages counted from `startPage` (default 1) until a short or empty page. */
const pageNumber = v.strictObject({
  style: v.literal('page-number'),
  pageParam: text('pagination.pageParam'),
  sizeParam: v.optional(text('pagination.sizeParam')),
  pageSize: positive('pagination.pageSize', 100_000),
  startPage: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0, 'pagination.startPage must be 0 or more')), 1),
});

/** The page body carries an opaque cursor, sent back as a query parameter until it is empty. */
const cursor = v.strictObject({
  style: v.literal('cursor'),
  cursorParam: text('pagination.cursorParam'),
  cursorPath: text('pagination.cursorPath'),
});

/** `?offset=N&limit=M` (ServiceNow `sysparm_offset`/`sysparm_limit`) until a short or empty page. */
const offset = v.strictObject({
  style: v.literal('offset'),
  offsetParam: text('pagination.offsetParam'),
  limitParam: text('pagination.limitParam'),
  pageSize: positive('pagination.pageSize', 100_000),
});

const none = v.strictObject({ style: v.literal('none') });

const paginationSchema = v.variant(
  'style',
  [nextLink, pageNumber, cursor, offset, none],
  'pagination.style must be one of next-link, page-number, cursor, offset, none',
);

/** How a change read's `since` value is written in the query: ISO 8601, or epoch milliseconds or seconds. */
const SINCE_FORMATS = ['iso', 'epoch-ms', 'epoch-s'] as const;

/**
 * How the API reads only the records changed since a time (`sync: { mode: incremental }`): the query
 * parameter it filters on, and where a record says when it last changed.
 */
const changesSchema = v.strictObject({
  /** The query parameter the API filters on, e.g. `updatedSince`. */
  sinceParam: text('changes.sinceParam'),
  /** JSONata over one record giving when it last changed: ISO 8601 text, or an epoch number. */
  changedAtPath: text('changes.changedAtPath'),
  sinceFormat: v.optional(
    v.picklist(SINCE_FORMATS, `changes.sinceFormat must be one of ${SINCE_FORMATS.join(', ')}`),
    'iso',
  ),
});

/** `connectors[].parameters` of the `rest-json-user-attributes` template. */
export const restJsonParameters = v.strictObject({
  /** Endpoint of the first page: relative to the credential's `url`, or absolute. */
  url: text('url'),
  /** JSONata over one page body giving its records (an array), e.g. `result` or `Report_Entry`. Default: the body itself. */
  recordsPath: v.optional(text('recordsPath'), '$'),
  pagination: v.optional(paginationSchema, { style: 'none' as const }),
  /** JSONata over the first page body giving the total number of records, when the API says. */
  totalPath: v.optional(text('totalPath')),
  /** Extra request headers (never put secrets here: use a credential). */
  headers: v.optional(v.record(v.string(), v.string('headers values must be strings')), {}),
  /** OAuth scope asked of an `oauth2-client-credentials` credential. */
  scope: v.optional(text('scope')),
  /** How an `oauth2-client-credentials` credential sends its client id and secret. Default `body`. */
  clientAuthentication: v.optional(v.picklist(['body', 'basic'], 'clientAuthentication must be body or basic')),
  /** The change filter of an incremental connector: see {@link changesSchema}. */
  changes: v.optional(changesSchema),
});

export type RestJsonParameters = v.InferOutput<typeof restJsonParameters>;
export type Pagination = v.InferOutput<typeof paginationSchema>;
export type ChangeFilter = v.InferOutput<typeof changesSchema>;
