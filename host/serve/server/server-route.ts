import type { HttpRoute, RouteReply, RouteRequest } from 'tributary-kit';
import type { ServerOperations } from './create-operations.js';

/** Whether serve is ready: config and plugins loaded, connectors scheduled, the execution log readable. */
export type Readiness = () => Promise<{ readonly ready: boolean; readonly reason?: string }>;

/** Text sent in pieces as they are made (the CSV export), each piece redacted like any answer. */
export interface StreamReply {
  readonly status?: number;
  readonly type: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly stream: Iterable<string> | AsyncIterable<string>;
}

/** A route of the host itself: like a plugin's {@link HttpRoute}, with {@link ServerOperations} and streamed answers. */
export interface ServerRoute extends Omit<HttpRoute, 'handle'> {
  handle(
    request: RouteRequest,
    operations: ServerOperations,
  ): RouteReply | StreamReply | Promise<RouteReply | StreamReply>;
}
