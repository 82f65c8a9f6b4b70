import {
  AuthenticationError,
  FatalError,
  TransientError,
  isAllowedCredentialUrl,
  isTributaryError,
  parseJsonBody,
  type AuthSession,
  type HttpClient,
  type HttpResponse,
  type RetryPolicy,
} from '../../core/index.js';

/** Token requests retry rate limits and server errors (the client always retries network errors). */
export const TOKEN_RETRY_POLICY: RetryPolicy = Object.freeze({
  limit: 3,
  shouldRetry: (response: HttpResponse) => response.status === 429 || response.status >= 500,
});

/** Fields of a token answer that are safe to show (never the token or its signature). */
const INFO_FIELDS = ['instance_url', 'id', 'token_type', 'scope', 'issued_at', 'token_format'] as const;

export interface TokenRequest {
  /** The credential, named in every error message. */
  readonly credential: { readonly id: string; readonly name: string };
  readonly tokenUrl: string;
  readonly form: Readonly<Record<string, string>>;
  readonly headers?: Readonly<Record<string, string>>;
  /** API base when the answer carries no `instance_url`. */
  readonly fallbackBaseUrl: string;
  readonly retry: RetryPolicy;
  readonly now: () => number;
  readonly addSecret: (value: string) => void;
  readonly signal?: AbortSignal;
}

/** POSTs a token request and turns the answer into a session, or into one typed error. */
export async function requestToken(http: HttpClient, request: TokenRequest): Promise<AuthSession> {
  const where = describe(request);
  let response: HttpResponse;
  try {
    response = await http.request({
      method: 'POST',
      url: request.tokenUrl,
      form: request.form,
      headers: { accept: 'application/json', ...request.headers },
      retry: request.retry,
      signal: request.signal,
    });
  } catch (error) {
    if (isTributaryError(error) && error.category === 'transient') {
      throw new TransientError('AUTH_TOKEN_ENDPOINT_UNREACHABLE', `${where}: ${error.message}`, {
        cause: error,
        details: { credentialId: request.credential.id },
      });
    }
    // A redirect to another origin, an answer too large: the client's own error, naming this credential.
    if (isTributaryError(error) && error.category === 'fatal') {
      throw new FatalError(error.code, `${where}: ${error.message}`, {
        cause: error,
        details: { ...error.details, credentialId: request.credential.id },
      });
    }
    throw error;
  }
  const body = parseJsonBody(response.body);
  const details = { credentialId: request.credential.id, status: response.status };
  if (response.status >= 200 && response.status < 300) {
    return toSession(body, response, request, where);
  }
  if (isRecord(body) && typeof body.error === 'string') {
    const description = typeof body.error_description === 'string' ? ` — ${clean(body.error_description)}` : '';
    throw new AuthenticationError(
      `AUTH_${codePart(body.error)}`,
      `${where}: ${host(request)} refused the token request: ${clean(body.error)}${description}`,
      {
        details: { ...details, error: clean(body.error) },
      },
    );
  }
  if (response.status === 429 || response.status >= 500) {
    throw new TransientError(
      'AUTH_TOKEN_ENDPOINT_UNAVAILABLE',
      `${where}: the token endpoint ${host(request)} answered HTTP ${response.status}${notJson(body)}; try again later`,
      { details },
    );
  }
  throw new AuthenticationError(
    'AUTH_TOKEN_REQUEST_FAILED',
    `${where}: the token endpoint ${host(request)} answered HTTP ${response.status}${notJson(body)}; check url and tokenUrl`,
    { details },
  );
}

function toSession(body: unknown, response: HttpResponse, request: TokenRequest, where: string): AuthSession {
  if (!isRecord(body) || typeof body.access_token !== 'string' || body.access_token === '') {
    const what = body === undefined ? 'a body that is not JSON' : 'JSON without an access_token';
    throw new FatalError(
      'AUTH_TOKEN_RESPONSE_INVALID',
      `${where}: the token endpoint ${host(request)} answered HTTP ${response.status} with ${what}; check url and tokenUrl`,
      {
        details: { credentialId: request.credential.id, status: response.status },
      },
    );
  }
  request.addSecret(body.access_token);
  const info: Record<string, string> = {};
  for (const field of INFO_FIELDS) {
    const value = body[field];
    if (typeof value === 'string' || typeof value === 'number') info[field] = String(value);
  }
  const expiresIn = Number(body.expires_in);
  const instanceUrl = typeof body.instance_url === 'string' && body.instance_url !== '' ? body.instance_url : undefined;
  if (instanceUrl !== undefined && !isAllowedCredentialUrl(instanceUrl)) {
    throw new FatalError(
      'AUTH_INSTANCE_URL_INSECURE',
      `${where}: the token endpoint ${host(request)} returned an instance_url that is not https; refusing to send the token there`,
      {
        details: { credentialId: request.credential.id },
      },
    );
  }
  return {
    headers: { Authorization: `Bearer ${body.access_token}` },
    baseUrl: (instanceUrl ?? request.fallbackBaseUrl).replace(/\/+$/, ''),
    ...(body.expires_in !== undefined && Number.isFinite(expiresIn) && expiresIn > 0
      ? { expiresAt: request.now() + expiresIn * 1000 }
      : {}),
    info,
  };
}

function describe(request: TokenRequest): string {
  return `Credential "${request.credential.name}" (${request.credential.id})`;
}

function host(request: TokenRequest): string {
  return new URL(request.tokenUrl).host;
}

function notJson(body: unknown): string {
  return body === undefined ? ' (not JSON)' : '';
}

/** One line, printable, bounded: error texts come from a remote server. */
function clean(text: string): string {
  // eslint-disable-next-line no-control-regex
  const line = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

function codePart(error: string): string {
  return (
    error
      .toUpperCase()
      .replace(/[^A-Z0-9]+/g, '_')
      .slice(0, 60) || 'TOKEN_ERROR'
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
