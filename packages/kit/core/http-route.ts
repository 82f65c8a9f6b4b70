import type { Actor } from './control/actor.js';
import type { Operations } from './operations.js';
import { createToken } from './token.js';

export type HttpMethod = 'GET' | 'POST';

/**
 * Who may call a route when `serve` listens. `public`: anyone who reaches the server (health checks,
 * the console's page shell: nothing that depends on data). `read`: anyone on a server without a token;
 * with a token configured, only requests carrying it. `write`: only requests carrying the token, and
 * refused on a server without one (read-only).
 */
export type RouteAccess = 'public' | 'read' | 'write';

/** One request, already checked by the host (token, Host and Origin headers). */
export interface RouteRequest {
  readonly method: HttpMethod;
  /** The `:name` segments of the route's path, decoded. */
  readonly params: Readonly<Record<string, string>>;
  /** The query string; a repeated key keeps its last value. */
  readonly query: Readonly<Record<string, string>>;
  /** The parsed JSON body of a POST (undefined for GET or an empty body). */
  readonly body: unknown;
  /** The request carried the server's token. */
  readonly authorized: boolean;
  /** The server has a token: `write` routes can be called (with it). */
  readonly writable: boolean;
  /** Who asks: the name of the token the request carried (`anonymous` without one) and the client's address. */
  readonly actor: Actor;
}

/** What a route answers. An object or array body is sent as JSON; a string as `type` (default text/plain). */
export interface RouteReply {
  readonly status?: number;
  /** Content type of a string body, e.g. `text/html; charset=utf-8`. */
  readonly type?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body: string | object;
}

/**
 * An HTTP route a plugin adds to the server `serve` runs (the console, `/metrics`). Framework-neutral:
 * the host owns the server, checks access and passes the host's {@link Operations}. Everything a route
 * answers is redacted of known secrets by the host before it is sent.
 */
export interface HttpRoute {
  readonly method: HttpMethod;
  /** `/console`, `/api/connectors/:nqlId`: literal segments and `:name` parameters. Unique per method. */
  readonly path: string;
  readonly access: RouteAccess;
  /** One line for `tributary plugins` and the docs. */
  readonly summary?: string;
  handle(request: RouteRequest, operations: Operations): RouteReply | Promise<RouteReply>;
}

/** @deprecated Plugin API 1 token; API 2 plugins use `env.contribute(HttpRoutes, …)`. */
export const HttpRouteToken = createToken<HttpRoute>('core.http-route');
