import type { HttpRequest, SpanAttributes } from '../../core/index.js';

const DEFAULT_PORTS: Readonly<Record<string, number>> = { 'http:': 80, 'https:': 443 };

/**
 * A request's span attributes, named as OpenTelemetry's HTTP client spans name them: the method, the
 * server and the path. Never the query (it may carry a token or a query's values) nor a header.
 */
export function httpSpanAttributes(request: HttpRequest): SpanAttributes {
  const method = request.method ?? 'GET';
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return { 'http.request.method': method };
  }
  return {
    'http.request.method': method,
    'server.address': url.hostname,
    'server.port': url.port ? Number(url.port) : DEFAULT_PORTS[url.protocol],
    'url.scheme': url.protocol.slice(0, -1),
    'url.path': url.pathname,
  };
}
