import type { HttpRoute } from '../../../core/index.js';

/** Path prefixes the host serves itself (health checks, the JSON API); a plugin cannot take them. */
export const RESERVED_ROUTES: readonly string[] = ['/healthz', '/readyz', '/api/'];

/** `GET /console`: how routes are keyed and named in messages. */
export function routeKey(route: Pick<HttpRoute, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`;
}
