/** Command names the host implements itself; a plugin cannot take them. */
export const RESERVED_COMMANDS: ReadonlySet<string> = new Set([
  'validate',
  'check',
  'describe',
  'config',
  'preview',
  'run',
  'serve',
  'plugins',
  'help',
  'demo',
  'new',
]);

/** Path prefixes the host serves itself (health checks, the JSON API); a plugin cannot take them. */
export const RESERVED_ROUTES: readonly string[] = ['/healthz', '/readyz', '/api/'];

/** `GET /console`: how routes are keyed and named in messages. */
export function routeKey(route: { readonly method: string; readonly path: string }): string {
  return `${route.method} ${route.path}`;
}
