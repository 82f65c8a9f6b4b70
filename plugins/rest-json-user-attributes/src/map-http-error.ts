import {
  AuthenticationError,
  ConfigError,
  FatalError,
  TransientError,
  type HttpResponse,
  type TributaryError,
} from 'tributary-kit';

const MAX_EXCERPT = 200;

/** Where the request went, without its query string (which may carry tokens). */
export function describeUrl(url: string): string {
  try {
    const { origin, pathname } = new URL(url);
    return `${origin}${pathname}`;
  } catch {
    return 'the configured URL';
  }
}

/** A short, single-line excerpt of an error body (JSON `message`/`error` when present). */
function excerpt(body: string): string {
  let text = body;
  try {
    const parsed = JSON.parse(body) as Record<string, unknown>;
    const error = parsed['error'];
    const message =
      parsed['message'] ??
      (typeof error === 'object' && error !== null ? (error as Record<string, unknown>)['message'] : error);
    if (typeof message === 'string') text = message;
  } catch {
    // not JSON: an HTML error page or plain text
  }
  text = text.replace(/\s+/g, ' ').trim();
  return text.length > MAX_EXCERPT ? `${text.slice(0, MAX_EXCERPT)}…` : text;
}

/** Maps a failed answer to a typed error naming the endpoint and status (never headers). */
export function mapHttpError(response: HttpResponse, requestUrl: string): TributaryError {
  const { status } = response;
  const code = `REST_HTTP_${status}`;
  const said = excerpt(response.body);
  const message = `${describeUrl(requestUrl)} answered HTTP ${status}${said ? `: ${said}` : ''}`;
  const details = { status };
  if (status === 401 || status === 403)
    return new AuthenticationError(code, `${message} (check the credential and its permissions)`, { details });
  if (status === 429 || status >= 500)
    return new TransientError(code, `${message} (still failing after retries)`, { details });
  if (status === 400 || status === 404 || status === 405)
    return new ConfigError(code, `${message} (check parameters.url and its query)`, { details });
  return new FatalError(code, message, { details });
}
