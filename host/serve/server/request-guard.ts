import type { RouteAccess } from 'tributary-kit';
import type { ServerSettings } from 'tributary-kit/internal/kernel/config/server-settings.js';
import { tokenMatches } from './token-matches.js';

export interface GuardedRequest {
  readonly method: string;
  readonly headers: {
    readonly host?: string | undefined;
    readonly origin?: string | undefined;
    readonly authorization?: string | undefined;
  };
}

export type GuardVerdict =
  | {
      readonly allowed: true;
      readonly authorized: boolean;
      /** The name of the token the request carried, when it carried one of the server's. */
      readonly tokenName?: string;
    }
  | {
      readonly allowed: false;
      readonly status: number;
      readonly error: string;
      readonly headers?: Record<string, string>;
      /** A token was sent and it is not the server's (logged, rate-limited). */
      readonly wrongToken?: boolean;
    };

/** `example.com:8080` → `example.com`, `[::1]:8080` → `::1`, lower case. */
function hostName(hostHeader: string): string {
  const h = hostHeader.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(1, h.indexOf(']'));
  return h.replace(/:\d+$/, '');
}

function originHost(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}

/**
 * Decides whether a request may reach a route, before any route code runs:
 * - `public` routes (health checks, the console's page shell) hold no data and are always allowed;
 * - a `write` route (anything that acts: run now, check) only takes POST: a GET, which a page on another
 *   site can make without an `Origin`, is refused (405) whatever it carries;
 * - for the others, the `Host` header must name this server (localhost, the listen address or an
 *   `allowedHosts` entry: a page on another site whose name was re-bound to this address is refused),
 *   and an `Origin` header, when sent, must be this server's own origin (no cross-site calls);
 * - `read` needs the token when one is configured; `write` always needs it, and a server without a
 *   token is read-only. The token is compared in constant time.
 */
export function guardRequest(request: GuardedRequest, access: RouteAccess, settings: ServerSettings): GuardVerdict {
  const bearer = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1]?.trim();
  const tokenName = matchingToken(bearer, settings);
  const authorized = tokenName !== undefined;
  const hasToken = settings.tokens.length > 0;
  if (access === 'public') return { allowed: true, authorized, ...(tokenName ? { tokenName } : {}) };
  if (access === 'write' && request.method !== 'POST') {
    return {
      allowed: false,
      status: 405,
      error: 'This acts on the server: send it as POST, with the token',
      headers: { allow: 'POST' },
    };
  }
  const host = request.headers.host;
  if (!host || !settings.allowedHosts.has(hostName(host))) {
    return {
      allowed: false,
      status: 403,
      error: `Host ${JSON.stringify(host ?? '')} is not allowed (server.allowedHosts)`,
    };
  }
  const origin = request.headers.origin;
  if (
    origin !== undefined &&
    (originHost(origin) === undefined || originHost(origin) !== originHost(`http://${host.trim()}`))
  ) {
    return {
      allowed: false,
      status: 403,
      error: `Cross-origin requests are refused (Origin ${JSON.stringify(origin)})`,
    };
  }
  if (access === 'write' && !hasToken) {
    return {
      allowed: false,
      status: 403,
      error: 'This server is read-only: set server.token to allow runs and changes',
    };
  }
  if (hasToken && !authorized) {
    const error =
      bearer === undefined ? 'A token is required: send Authorization: Bearer <token>' : 'The token is wrong';
    return {
      allowed: false,
      status: 401,
      error,
      headers: { 'www-authenticate': 'Bearer' },
      wrongToken: bearer !== undefined,
    };
  }
  return { allowed: true, authorized, ...(tokenName ? { tokenName } : {}) };
}

/** The name of the server's token that `bearer` is; every token is compared, in constant time. */
function matchingToken(bearer: string | undefined, settings: ServerSettings): string | undefined {
  let name: string | undefined;
  for (const t of settings.tokens) if (tokenMatches(bearer, t.token) && name === undefined) name = t.name;
  return name;
}
