import { isIP } from 'node:net';
import type { ConfigProblem, ServerConfig } from '../../core/index.js';

/** How long a connection may take and how many of them, and what may run at once (docs/operations.md). */
export interface ServerLimits {
  /** Time to receive a request's headers, from the connection's start or the previous request's end. */
  readonly headersTimeoutMs: number;
  /** Time to receive a whole request, headers and body. */
  readonly requestTimeoutMs: number;
  /** How long a kept-alive connection may wait, idle, for its next request. */
  readonly keepAliveTimeoutMs: number;
  /** How long a connection may see no traffic while its answer is prepared or read. */
  readonly idleTimeoutMs: number;
  /** Open connections at most; more are closed as they arrive. */
  readonly maxConnections: number;
  /** `check`s running at once (each may start a mapping worker). */
  readonly maxConcurrentChecks: number;
  /** `check`s waiting for a slot; more are refused with 429. */
  readonly maxQueuedChecks: number;
}

export const DEFAULT_SERVER_LIMITS: ServerLimits = Object.freeze({
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  idleTimeoutMs: 120_000,
  maxConnections: 100,
  maxConcurrentChecks: 2,
  maxQueuedChecks: 8,
});

/** An operator token and the name the audit trail shows for it. */
interface NamedToken {
  readonly name: string;
  readonly token: string;
}

/** Where and how `serve` listens, resolved from `server:`. */
export interface ServerSettings {
  readonly host: string;
  readonly port: number;
  /** The operator tokens, each with the name the audit trail shows (`server.token` is named `token`); none: read-only. */
  readonly tokens: readonly NamedToken[];
  /** Host header names (lower case, without port) the server answers to. */
  readonly allowedHosts: ReadonlySet<string>;
  readonly limits: ServerLimits;
}

const DEFAULT_LISTEN_HOST = '127.0.0.1';
const MIN_TOKEN_LENGTH = 16;

/** `8080`, `":8080"`, `"0.0.0.0:8080"`, `"[::1]:8080"`, `"localhost:8080"` → host and port; undefined when malformed. */
function parseListen(listen: string | number): { host: string; port: number } | undefined {
  const text = typeof listen === 'number' || /^\d+$/.test(listen) ? `:${listen}` : listen;
  const match = /^(\[[^\]]+\]|[^:[\]]*):(\d{1,5})$/.exec(text.trim());
  if (!match) return undefined;
  const port = Number(match[2]);
  if (port > 65_535) return undefined;
  const host = match[1]!.replace(/^\[|\]$/g, '') || DEFAULT_LISTEN_HOST;
  return { host, port };
}

/** 127.0.0.0/8, ::1 and localhost. */
function isLoopback(host: string): boolean {
  const h = host.toLowerCase();
  if (h === 'localhost' || h === '::1') return true;
  return isIP(h) === 4 && h.startsWith('127.');
}

/**
 * Problems with `server:` (listed with the rest of the config's): a malformed `listen`, a token written
 * in the file instead of `${ENV}`/`${file:}`, a short token, a non-loopback address without a token, a
 * headers timeout longer than the request timeout.
 */
export function serverProblems(
  server: ServerConfig | undefined,
  substitutedAt: ReadonlyMap<string, string>,
): ConfigProblem[] {
  if (!server) return [];
  const problems: ConfigProblem[] = [];
  const { token, listen } = server;
  problems.push(...tokenProblems('server.token', token, substitutedAt));
  server.tokens?.forEach((entry, i) =>
    problems.push(...tokenProblems(`server.tokens[${i}].token`, entry.token, substitutedAt)),
  );
  const names = server.tokens?.map((t) => t.name) ?? [];
  names.forEach((name, i) => {
    if (name === 'token' || names.indexOf(name) !== i)
      problems.push({
        path: `server.tokens[${i}].name`,
        message: `"${name}" is taken${name === 'token' ? ' (it names server.token)' : ' by another token'}: names must differ`,
      });
  });
  if (
    server.headersTimeoutMs !== undefined &&
    server.requestTimeoutMs !== undefined &&
    server.headersTimeoutMs > server.requestTimeoutMs
  ) {
    problems.push({
      path: 'server.headersTimeoutMs',
      message: `must not be longer than server.requestTimeoutMs (${server.requestTimeoutMs})`,
    });
  }
  if (listen === undefined) return problems;
  const address = parseListen(listen);
  if (!address)
    problems.push({
      path: 'server.listen',
      message: `must be "host:port", ":port" or a port number, got ${JSON.stringify(listen)}`,
    });
  else if (!isLoopback(address.host) && token === undefined && !server.tokens?.length) {
    problems.push({
      path: 'server.listen',
      message: `${address.host} is not a loopback address: set server.token (from \${ENV} or \${file:}) before listening beyond this machine`,
    });
  }
  return problems;
}

/** A token written in the file instead of `${ENV}`/`${file:}`, or a short one. */
function tokenProblems(
  path: string,
  token: string | undefined,
  substitutedAt: ReadonlyMap<string, string>,
): ConfigProblem[] {
  if (token === undefined || (!substitutedAt.has(path) && token.includes('${'))) return [];
  if (!substitutedAt.has(path))
    return [{ path, message: 'is a secret and is never written in the file: use ${ENV_NAME} or ${file:path}' }];
  if (token.length < MIN_TOKEN_LENGTH)
    return [{ path, message: `must be at least ${MIN_TOKEN_LENGTH} characters (e.g. openssl rand -hex 32)` }];
  return [];
}

/** The limits `server:` sets, the defaults for the others; a headers timeout never exceeds the request timeout. */
export function serverLimits(server: ServerConfig | undefined): ServerLimits {
  const keys = Object.keys(DEFAULT_SERVER_LIMITS) as Array<keyof ServerLimits>;
  const limits = Object.fromEntries(keys.map((key) => [key, server?.[key] ?? DEFAULT_SERVER_LIMITS[key]])) as Record<
    keyof ServerLimits,
    number
  >;
  return { ...limits, headersTimeoutMs: Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs) };
}

/** The settings `serve` listens with; undefined when `server.listen` is not set. Assumes a validated config. */
export function serverSettings(server: ServerConfig | undefined): ServerSettings | undefined {
  if (server?.listen === undefined) return undefined;
  const { host, port } = parseListen(server.listen)!;
  return { host, port, limits: serverLimits(server), ...accessOf(host, server) };
}

/**
 * `settings` with the token and allowed hosts of `server` (the config in force since the last reload):
 * a rotated token is accepted, and the one it replaces refused, from the reload on. The address and the
 * limits stay as the server started with.
 */
export function withAccessOf(settings: ServerSettings, server: ServerConfig | undefined): ServerSettings {
  return { ...settings, ...accessOf(settings.host, server) };
}

function accessOf(
  listenHost: string,
  server: ServerConfig | undefined,
): Pick<ServerSettings, 'tokens' | 'allowedHosts'> {
  const names = ['localhost', '127.0.0.1', '::1', listenHost, ...(server?.allowedHosts ?? [])].map((h) =>
    h.toLowerCase(),
  );
  const tokens: NamedToken[] = server?.token === undefined ? [] : [{ name: 'token', token: server.token }];
  return { tokens: [...tokens, ...(server?.tokens ?? [])], allowedHosts: new Set(names) };
}
