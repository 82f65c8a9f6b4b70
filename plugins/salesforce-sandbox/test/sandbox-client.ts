/**
 * A tiny client for the sandbox tests: real HTTP with node's fetch against 127.0.0.1.
 */
import type { Sandbox } from '../index.js';

export interface Reply<T = unknown> {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly json: T;
}

export interface QueryPage {
  readonly totalSize: number;
  readonly done: boolean;
  readonly nextRecordsUrl?: string;
  readonly records: Record<string, unknown>[];
}

export interface ApiErrorBody {
  readonly message: string;
  readonly errorCode: string;
}

async function reply<T>(response: Response): Promise<Reply<T>> {
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json: json as T };
}

export async function postToken(
  sandbox: Sandbox,
  form: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Reply<Record<string, string>>> {
  return reply(
    await fetch(`${sandbox.url}/services/oauth2/token`, { method: 'POST', body: new URLSearchParams(form), headers }),
  );
}

/** A fresh access token from the client credentials flow. */
export async function tokenFor(sandbox: Sandbox): Promise<string> {
  const { json } = await postToken(sandbox, {
    grant_type: 'client_credentials',
    client_id: sandbox.clientId,
    client_secret: sandbox.clientSecret,
  });
  return json.access_token as string;
}

export async function get<T = QueryPage>(
  sandbox: Sandbox,
  path: string,
  token: string | undefined,
  headers: Record<string, string> = {},
): Promise<Reply<T>> {
  const auth: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
  return reply(await fetch(`${sandbox.url}${path}`, { headers: { ...auth, ...headers } }));
}

export function queryPath(soql: string, options: { version?: string; all?: boolean } = {}): string {
  return `/services/data/v${options.version ?? '62.0'}/${options.all ? 'queryAll' : 'query'}?q=${encodeURIComponent(soql)}`;
}

/** Runs a query and follows nextRecordsUrl to the end; returns every page. */
export async function queryAllPages(
  sandbox: Sandbox,
  token: string,
  soql: string,
  headers: Record<string, string> = {},
): Promise<QueryPage[]> {
  const pages: QueryPage[] = [];
  let path: string | undefined = queryPath(soql);
  while (path) {
    const page: Reply<QueryPage> = await get(sandbox, path, token, headers);
    if (page.status !== 200) throw new Error(`HTTP ${page.status}: ${page.text}`);
    pages.push(page.json);
    path = page.json.nextRecordsUrl;
  }
  return pages;
}

/** The first (only) error of a Salesforce error array. */
export function firstError(body: unknown): ApiErrorBody {
  const list = body as ApiErrorBody[];
  return list[0] as ApiErrorBody;
}

/** Any request with a token (Bulk API 2.0 jobs: POST, PATCH, DELETE), the body sent as JSON. */
export async function send<T = unknown>(
  sandbox: Sandbox,
  method: string,
  path: string,
  token: string,
  json?: unknown,
  headers: Record<string, string> = {},
): Promise<Reply<T>> {
  const body = json === undefined ? undefined : JSON.stringify(json);
  const contentType: Record<string, string> = body === undefined ? {} : { 'Content-Type': 'application/json' };
  return reply(
    await fetch(`${sandbox.url}${path}`, {
      method,
      body,
      headers: { Authorization: `Bearer ${token}`, ...contentType, ...headers },
    }),
  );
}
