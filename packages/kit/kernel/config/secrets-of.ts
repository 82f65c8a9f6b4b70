import { MIN_SECRET_LENGTH } from '../../core/index.js';
import type { Substitution } from './substitute-secrets.js';

const URL_START = /^[a-z][a-z0-9+.-]*:\/\//i;

/** A webhook's URL is its credential (Slack's carries its token in its path). */
const NOTIFY_URL = /^notify\[\d+\]\.url$/;
/** Where a `notify:` target keeps its secrets: the URL, the header values, the SMTP password. */
const NOTIFY_SECRET = /^notify\[\d+\]\.(url$|headers\.|smtp\.password$)/;
/** Where `tracing:` keeps its secrets: the collector's header values (a token), its URL's password and query values. */
const TRACING_SECRET = /^tracing\.otlp\.(url$|headers\.)/;

/** A part of a URL as written in it, and decoded. */
interface UrlPart {
  readonly raw: string;
  readonly decoded: string;
}

/**
 * The parts of a URL that hold a credential: its password and its query values. The user name is
 * not one: it names an account (`postgres`, `app`), and hiding it would hide that word everywhere.
 */
function secretPartsOf(text: string): UrlPart[] | undefined {
  if (!URL_START.test(text)) return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  const parts: UrlPart[] = [{ raw: url.password, decoded: decode(url.password) }];
  for (const [raw, decoded] of queryValues(url.search)) parts.push({ raw, decoded });
  return parts.filter((part) => part.decoded !== '');
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** Each query value, as written and as URLSearchParams decodes it. */
function queryValues(search: string): Array<[string, string]> {
  const values: Array<[string, string]> = [];
  for (const pair of search.slice(1).split('&')) {
    const equals = pair.indexOf('=');
    if (equals < 0) continue;
    const raw = pair.slice(equals + 1);
    values.push([raw, new URLSearchParams(`v=${raw}`).get('v')!]);
  }
  return values;
}

/**
 * What of a value substituted under `credentials` or `sinks` is redacted. In a field that holds a URL
 * (`url: ${SF_URL}`, `https://${HOST}/api?key=${KEY}`), only its password and the query values the
 * substitution went into, decoded (the redactor finds them in every encoding): scheme, user name,
 * host, port and path print as they are, so that `check` can say where it authenticated. What went into
 * a `notify:` webhook's URL is redacted whole, path included. Any other value is redacted whole (secret
 * fields always are, see `validateConfig`).
 */
export function secretsOf(substitution: Substitution): string[] {
  if (NOTIFY_URL.test(substitution.path)) return [substitution.value];
  const parts = secretPartsOf(substitution.text);
  if (parts === undefined) return [substitution.value];
  const { value } = substitution;
  const cameFromValue = ({ raw }: UrlPart): boolean => value.includes(raw) || raw.includes(value);
  return parts
    .filter((part) => part.decoded.length >= MIN_SECRET_LENGTH && cameFromValue(part))
    .map((part) => part.decoded);
}

/**
 * True for a substitution under `credentials`, `sinks` or `cluster` (the database URL), where secrets
 * live, into a `notify:` target's URL, header values or SMTP password, and into `tracing.otlp`'s URL
 * or header values.
 */
export function isUnderSecrets(substitution: Substitution): boolean {
  return (
    substitution.path.startsWith('credentials[') ||
    substitution.path.startsWith('sinks[') ||
    substitution.path.startsWith('cluster.') ||
    NOTIFY_SECRET.test(substitution.path) ||
    TRACING_SECRET.test(substitution.path)
  );
}
