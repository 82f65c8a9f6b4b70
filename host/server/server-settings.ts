import { isIP } from 'node:net';
import type { ConfigProblem, ServerConfig } from '../../core/index.js';

/** Where and how `serve` listens, resolved from `server:`. */
export interface ServerSettings {
  readonly host: string;
  readonly port: number;
  readonly token: string | undefined;
  /** Host header names (lower case, without port) the server answers to. */
  readonly allowedHosts: ReadonlySet<string>;
}

export const DEFAULT_LISTEN_HOST = '127.0.0.1';
export const MIN_TOKEN_LENGTH = 16;

/** `8080`, `":8080"`, `"0.0.0.0:8080"`, `"[::1]:8080"`, `"localhost:8080"` → host and port; undefined when malformed. */
export function parseListen(listen: string | number): { host: string; port: number } | undefined {
  const text = typeof listen === 'number' || /^\d+$/.test(listen) ? `:${listen}` : listen;
  const match = /^(\[[^\]]+\]|[^:[\]]*):(\d{1,5})$/.exec(text.trim());
  if (!match) return undefined;
  const port = Number(match[2]);
  if (port > 65_535) return undefined;
  const host = match[1]!.replace(/^\[|\]$/g, '') || DEFAULT_LISTEN_HOST;
  return { host, port };
}

/** 127.0.0.0/8, ::1 and localhost. */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase();
  if (h === 'localhost' || h === '::1') return true;
  return isIP(h) === 4 && h.startsWith('127.');
}

/**
 * Problems with `server:` (listed with the rest of the config's): a malformed `listen`, a token written
 * in the file instead of `${ENV}`/`${file:}`, a short token, a non-loopback address without a token.
 */
export function serverProblems(server: ServerConfig | undefined, substitutedAt: ReadonlyMap<string, string>): ConfigProblem[] {
  if (!server) return [];
  const problems: ConfigProblem[] = [];
  const { token, listen } = server;
  const unresolved = token !== undefined && !substitutedAt.has('server.token') && token.includes('${');
  if (token !== undefined && !unresolved) {
    if (!substitutedAt.has('server.token')) problems.push({ path: 'server.token', message: 'is a secret and is never written in the file: use ${ENV_NAME} or ${file:path}' });
    else if (token.length < MIN_TOKEN_LENGTH) problems.push({ path: 'server.token', message: `must be at least ${MIN_TOKEN_LENGTH} characters (e.g. openssl rand -hex 32)` });
  }
  if (listen === undefined) return problems;
  const address = parseListen(listen);
  if (!address) problems.push({ path: 'server.listen', message: `must be "host:port", ":port" or a port number, got ${JSON.stringify(listen)}` });
  else if (!isLoopback(address.host) && token === undefined) {
    problems.push({ path: 'server.listen', message: `${address.host} is not a loopback address: set server.token (from \${ENV} or \${file:}) before listening beyond this machine` });
  }
  return problems;
}

/** The settings `serve` listens with; undefined when `server.listen` is not set. Assumes a validated config. */
export function serverSettings(server: ServerConfig | undefined): ServerSettings | undefined {
  if (server?.listen === undefined) return undefined;
  const { host, port } = parseListen(server.listen)!;
  const names = ['localhost', '127.0.0.1', '::1', host, ...server.allowedHosts].map((h) => h.toLowerCase());
  return { host, port, token: server.token, allowedHosts: new Set(names) };
}
