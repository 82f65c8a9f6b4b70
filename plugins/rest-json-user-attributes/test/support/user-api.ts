import type { ServerResponse } from 'node:http';
import { startLocalServer, type LocalServer } from '../../../../testing.js';

/**
 * A small user API on 127.0.0.1 speaking the four pagination styles, for recording fixtures and for
 * the conformance suite: ServiceNow-like offset paging, Workday-RaaS-like page numbers, Graph-like
 * next links and a cursor API behind an OAuth client-credentials token endpoint.
 */
export interface UserApiOptions {
  readonly users?: number;
  readonly username?: string;
  readonly password?: string;
  readonly clientId?: string;
  readonly clientSecret?: string;
  /** Every API call answers this status (a broken source). */
  readonly failWith?: number;
  /** The API request number `request` (1-based) answers `status` instead, once (a 429, an expired session's 401). */
  readonly failOnce?: { readonly request: number; readonly status: number };
}

export interface UserApi extends LocalServer {
  readonly options: Required<Omit<UserApiOptions, 'failWith' | 'failOnce'>>;
  /** API requests (not token requests) received. */
  apiRequests(): number;
}

export const USER_API_DEFAULTS = {
  users: 25,
  username: 'svc.tributary',
  password: 'api-password',
  clientId: 'tributary-client',
  clientSecret: 'client-secret-value',
};
const TOKEN = 'issued-access-token-0123456789';

export function userRecord(i: number): Record<string, unknown> {
  const departments = ['IT', 'Sales', 'Legal', 'Finance', 'HR'];
  return {
    user_name: `user${i}@acme.example`,
    department: departments[i % departments.length],
    title: `Title ${i}`,
    active: i % 9 !== 0,
  };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

export async function startUserApi(options: UserApiOptions = {}): Promise<UserApi> {
  const o = { ...USER_API_DEFAULTS, ...options };
  const all = Array.from({ length: o.users }, (_, i) => userRecord(i + 1));
  const basic = `Basic ${Buffer.from(`${o.username}:${o.password}`).toString('base64')}`;
  let apiRequests = 0;
  const server = await startLocalServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const q = (name: string, fallback: number) => Number(url.searchParams.get(name) ?? fallback);
    if (url.pathname === '/oauth/token') {
      const form = new URLSearchParams(req.body);
      if (form.get('client_id') !== o.clientId || form.get('client_secret') !== o.clientSecret)
        return json(res, 401, { error: 'invalid_client' });
      return json(res, 200, { access_token: TOKEN, token_type: 'Bearer', expires_in: 3600 });
    }
    apiRequests++;
    if (options.failWith)
      return json(res, options.failWith, { error: { message: 'Internal failure', detail: 'injected' } });
    if (options.failOnce?.request === apiRequests)
      return json(res, options.failOnce.status, { error: { message: `Injected ${options.failOnce.status}` } });
    const auth = req.headers.authorization;
    if (auth !== basic && auth !== `Bearer ${TOKEN}`)
      return json(res, 401, { error: { message: 'User Not Authenticated' } });
    switch (url.pathname) {
      case '/api/now/table/sys_user': {
        const offset = q('sysparm_offset', 0);
        const limit = q('sysparm_limit', 10);
        res.setHeader('x-total-count', String(all.length));
        return json(res, 200, { result: all.slice(offset, offset + limit) });
      }
      case '/ccx/service/customreport2/acme/workers': {
        const size = q('count', 10);
        const page = q('page', 1);
        return json(res, 200, { Report_Entry: all.slice((page - 1) * size, page * size), Total: all.length });
      }
      case '/v1.0/users': {
        const skip = q('$skip', 0);
        const next = skip + 10 < all.length ? `${server.url}/v1.0/users?$skip=${skip + 10}` : undefined;
        return json(res, 200, { value: all.slice(skip, skip + 10), ...(next ? { '@odata.nextLink': next } : {}) });
      }
      case '/people': {
        const start = url.searchParams.has('cursor')
          ? Number(Buffer.from(url.searchParams.get('cursor')!, 'base64url').toString())
          : 0;
        const end = start + 10;
        const cursor = end < all.length ? Buffer.from(String(end)).toString('base64url') : null;
        return json(res, 200, { data: { people: all.slice(start, end) }, meta: { next_cursor: cursor } });
      }
      default:
        return json(res, 404, { error: { message: `No route ${url.pathname}` } });
    }
  });
  return { ...server, options: o, apiRequests: () => apiRequests };
}
