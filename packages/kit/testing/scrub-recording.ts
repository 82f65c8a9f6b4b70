import type { Definition } from 'nock';

export const REDACTED = 'REDACTED';
/** Where every recorded host goes unless `hosts` says otherwise. */
export const PLACEHOLDER_HOST = 'api.example.test';

/** JSON keys and form fields whose values are secrets (tokens, passwords, client secrets, API keys). */
const SECRET_KEY = /(token|secret|password|passwd|authorization|api[-_]?key|assertion|cookie|session[-_]?id)/i;
/** Keys that match {@link SECRET_KEY} but are not secrets (replay needs them). */
const NOT_SECRET = /^(token_type|expires_in|ext_expires_in|refresh_expires_in|token_endpoint)$/i;
const SENSITIVE_HEADER = /^(authorization|proxy-authorization|cookie|set-cookie|x-api-key|www-authenticate)$/i;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

export interface ScrubOptions {
  /**
   * Origin → origin, applied first: `{ 'http://127.0.0.1:40123': 'https://acme.service-now.example' }`
   * turns a recording made against a local server into a fixture of a named instance.
   */
  readonly origins?: Readonly<Record<string, string>>;
  /** Real host name → placeholder. Hosts not listed become {@link PLACEHOLDER_HOST} (loopback hosts stay). */
  readonly hosts?: Readonly<Record<string, string>>;
  /** Literal values to replace wherever they appear (a client secret, an instance id). */
  readonly secrets?: readonly string[];
  /** Response headers kept, lower-case; the others are dropped. Default content-type and link. */
  readonly keepHeaders?: readonly string[];
}

function scrubValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(scrubValue);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => [
      key,
      SECRET_KEY.test(key) && !NOT_SECRET.test(key) && (typeof v === 'string' || typeof v === 'number')
        ? REDACTED
        : scrubValue(v),
    ]),
  );
}

/** `a=1&client_secret=x` → `a=1&client_secret=REDACTED`. */
function scrubForm(body: string): string {
  return body.replace(/(^|&)([^=&]+)=([^&]*)/g, (all, lead: string, key: string) =>
    SECRET_KEY.test(decodeURIComponent(key)) ? `${lead}${key}=${REDACTED}` : all,
  );
}

function scrubBody(body: unknown): unknown {
  if (typeof body === 'string') {
    if (/^[[{]/.test(body.trim())) {
      try {
        return JSON.stringify(scrubValue(JSON.parse(body)));
      } catch {
        return body;
      }
    }
    return scrubForm(body);
  }
  return scrubValue(body);
}

function keptHeaders(
  raw: Definition['rawHeaders'],
  keep: ReadonlySet<string>,
): Record<string, string | string[]> | undefined {
  if (!raw) return undefined;
  const entries: Array<[string, string | string[]]> = Array.isArray(raw)
    ? (raw as string[]).flatMap((v, i, all) => (i % 2 === 0 ? [[v, all[i + 1]!] as [string, string]] : []))
    : Object.entries(raw);
  return Object.fromEntries(entries.filter(([name]) => keep.has(name.toLowerCase()) && !SENSITIVE_HEADER.test(name)));
}

function hostOf(scope: Definition['scope']): string | undefined {
  try {
    return new URL(String(scope)).host;
  } catch {
    return undefined;
  }
}

/**
 * Makes recorded definitions safe to commit: secret fields of bodies and forms, authorization and cookie
 * headers, the listed literal secrets, and every instance host name are replaced.
 */
export function scrubRecording(definitions: readonly Definition[], options: ScrubOptions = {}): Definition[] {
  const keep = new Set(options.keepHeaders ?? ['content-type', 'link']);
  const cleaned = definitions.map((d) => {
    const { reqheaders: _headers, body: _body, ...rest } = d;
    const body = scrubBody(d.body);
    // A request body that held a secret is not matched on replay (the test's secret differs).
    const matched = JSON.stringify(body) === JSON.stringify(d.body) && d.body !== undefined ? { body } : {};
    return {
      ...rest,
      ...matched,
      response: scrubBody(d.response),
      rawHeaders: keptHeaders(d.rawHeaders, keep),
    } as Definition;
  });
  let text = JSON.stringify(cleaned);
  for (const [from, to] of Object.entries(options.origins ?? {}))
    text = text.replaceAll(from.replace(/\/+$/, ''), to.replace(/\/+$/, ''));
  for (const secret of options.secrets ?? [])
    if (secret) text = text.replaceAll(secret, REDACTED).replaceAll(encodeURIComponent(secret), REDACTED);
  const chosen = new Set(Object.values(options.origins ?? {}).map((o) => hostOf(o)));
  const hosts = new Set(
    (JSON.parse(text) as Definition[]).map((d) => hostOf(d.scope)).filter((h): h is string => h !== undefined),
  );
  for (const host of hosts) {
    const name = host.replace(/:\d+$/, '');
    if (LOOPBACK.has(name) || chosen.has(host)) continue;
    text = text.replaceAll(host, options.hosts?.[host] ?? options.hosts?.[name] ?? PLACEHOLDER_HOST);
  }
  return JSON.parse(text) as Definition[];
}
