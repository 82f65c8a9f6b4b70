import * as v from 'valibot';
import { NOTIFICATION_KINDS, closestName } from '../../core/index.js';
import { wholeNumber } from './whole-number.js';

const KIND_LIST = 'failure, held, quarantine or recovery';

/** `"held"` for `"hold"`: the event a mistyped name most likely meant. */
function eventMessage(input: unknown): string {
  const suggestion = typeof input === 'string' ? closestName(input, NOTIFICATION_KINDS) : undefined;
  const named = typeof input === 'string' ? `"${input}" is not an event` : 'must be an event name';
  return `${named}: use ${KIND_LIST}${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`;
}

const events = v.optional(
  v.pipe(
    v.array(
      v.picklist(NOTIFICATION_KINDS, (issue) => eventMessage(issue.input)),
      `must be a list of events (${KIND_LIST}); leave it out for all of them`,
    ),
    v.minLength(1, 'must name at least one event; leave it out for all of them'),
  ),
);

export function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.host !== '';
  } catch {
    return false;
  }
}

/** An HTTP header name (RFC 9110 token). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** A header value that cannot end the header early (no CR, LF or NUL). */
const HEADER_VALUE = /^[^\r\n\0]*$/;

/** Headers a request is sent with (a webhook's, an OTLP exporter's): valid names, one-line values. */
export const httpHeaders = v.optional(
  v.record(
    v.pipe(v.string(), v.regex(HEADER_NAME, 'is not a valid HTTP header name')),
    v.pipe(v.string('must be a string'), v.regex(HEADER_VALUE, 'must be one line (a header value has no line breaks)')),
    'must be an object of header names and values',
  ),
);

const webhookTarget = v.strictObject({
  type: v.literal('webhook'),
  url: v.pipe(
    v.string('must be the URL the POST goes to, e.g. "${SLACK_WEBHOOK_URL}"'),
    v.check(isHttpUrl, 'must be an http:// or https:// URL'),
  ),
  format: v.optional(v.picklist(['json', 'slack'], 'must be json or slack')),
  headers: httpHeaders,
  events,
});

/** `ops@example.com` or `Tributary <tributary@example.com>`. */
const address = (what: string) =>
  v.pipe(
    v.string(`must be ${what}`),
    v.regex(/^[^@\s<>]+@[^@\s<>]+$|^[^<>]*<[^@\s<>]+@[^@\s<>]+>$/, `must be ${what}, e.g. "ops@example.com"`),
  );

const smtp = v.pipe(
  v.strictObject({
    host: v.pipe(v.string('must be the SMTP server name'), v.minLength(1, 'must not be empty')),
    port: wholeNumber('', 1, 65_535),
    secure: v.optional(v.boolean('must be true or false')),
    user: v.optional(v.pipe(v.string('must be a string'), v.minLength(1, 'must not be empty'))),
    password: v.optional(v.string('must be a string, e.g. "${SMTP_PASSWORD}"')),
  }),
  v.check(
    (input) => (input.user === undefined) === (input.password === undefined),
    'give user and password together, or neither',
  ),
);

const emailTarget = v.strictObject({
  type: v.literal('email'),
  smtp,
  from: address('an email address'),
  to: v.pipe(
    v.array(address('an email address'), 'must be a list of email addresses'),
    v.minLength(1, 'must name at least one address'),
  ),
  events,
});

/** The top-level `notify:` list: where failures, held runs, quarantines and recoveries are sent. */
export const notifySchema = v.array(
  v.variant('type', [webhookTarget, emailTarget], (issue) =>
    issue.input === undefined
      ? 'is required: webhook or email'
      : `must be webhook or email, not ${JSON.stringify(issue.input)}`,
  ),
  'must be a list of targets, each { type: webhook, url } or { type: email, smtp, from, to }',
);
