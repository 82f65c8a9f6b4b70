import type { CliCommand } from '../cli-command.js';
import type { ConnectorTemplate } from '../connector-template.js';
import type { CredentialType } from '../credential-type.js';
import type { ExecutionListener } from '../execution-listener.js';
import type { HttpRoute } from '../http-route.js';
import type { SinkType } from '../sink-type.js';

const ID = /^[a-z][a-z0-9-]{0,63}$/;

function isSchema(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'schema';
}

function isFunction(value: unknown): boolean {
  return typeof value === 'function';
}

/** Problems with one contribution's shape; empty when it is usable. */
export function templateProblems(t: ConnectorTemplate): string[] {
  const problems: string[] = [];
  if (typeof t.id !== 'string' || !ID.test(t.id))
    problems.push(`connector template id "${String(t.id)}" must match ${ID}`);
  if (typeof t.displayName !== 'string' || !t.displayName)
    problems.push(`connector template "${t.id}" has no displayName`);
  if (!isSchema(t.parameters)) problems.push(`connector template "${t.id}" has no valibot parameters schema`);
  if (!Array.isArray(t.credentialTypes))
    problems.push(`connector template "${t.id}" must list its credentialTypes (may be empty)`);
  if (!isFunction(t.check) || !isFunction(t.read))
    problems.push(`connector template "${t.id}" must implement check() and read()`);
  return problems;
}

export function credentialTypeProblems(c: CredentialType): string[] {
  const problems: string[] = [];
  if (typeof c.type !== 'string' || !ID.test(c.type))
    problems.push(`credential type "${String(c.type)}" must match ${ID}`);
  if (!isSchema(c.schema)) problems.push(`credential type "${c.type}" has no valibot schema`);
  if (!Array.isArray(c.secretFields)) problems.push(`credential type "${c.type}" must list its secretFields`);
  if (!isFunction(c.create)) problems.push(`credential type "${c.type}" must implement create()`);
  return problems;
}

export function sinkTypeProblems(s: SinkType): string[] {
  const problems: string[] = [];
  if (typeof s.type !== 'string' || !ID.test(s.type)) problems.push(`sink type "${String(s.type)}" must match ${ID}`);
  if (!isSchema(s.schema)) problems.push(`sink type "${s.type}" has no valibot schema`);
  if (!isFunction(s.create)) problems.push(`sink type "${s.type}" must implement create()`);
  return problems;
}

export function listenerProblems(l: ExecutionListener): string[] {
  return typeof l.id === 'string' && isFunction(l.start)
    ? []
    : [`execution listener "${String(l.id)}" must have an id and start()`];
}

export function commandProblems(c: CliCommand): string[] {
  return typeof c.name === 'string' && ID.test(c.name) && isFunction(c.run) && typeof c.summary === 'string'
    ? []
    : [`CLI command "${String(c.name)}" must have a name matching ${ID}, a summary and run()`];
}

/** `/a/:b/c`: literal segments of letters, digits, `-`, `_`, `.`, and `:name` parameters. */
const ROUTE_PATH = /^(\/(?:[A-Za-z0-9._-]+|:[a-zA-Z][a-zA-Z0-9]*))+$|^\/$/;

export function routeProblems(h: HttpRoute): string[] {
  const problems: string[] = [];
  const label = `HTTP route "${String(h.method)} ${String(h.path)}"`;
  if (h.method !== 'GET' && h.method !== 'POST') problems.push(`${label}: method must be GET or POST`);
  if (typeof h.path !== 'string' || !ROUTE_PATH.test(h.path))
    problems.push(`${label}: path must be like /name/:param (literal segments and :params)`);
  if (!['public', 'read', 'write'].includes(h.access)) problems.push(`${label}: access must be public, read or write`);
  if (h.method === 'POST' && h.access !== 'write')
    problems.push(`${label}: a POST route changes something: its access must be write`);
  if (!isFunction(h.handle)) problems.push(`${label} must implement handle()`);
  return problems;
}
