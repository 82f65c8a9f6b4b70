import { token } from './token.js';

/** A refused or failed API call: the server's error message, its status and, for a 429, its Retry-After. */
export class ApiError extends Error {
  readonly status: number;
  readonly retryAfter: string | null;

  constructor(message: string, status: number, retryAfter: string | null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.retryAfter = retryAfter;
  }
}

function parsed(text: string): unknown {
  try {
    return text ? JSON.parse(text) : {};
  } catch {
    return { error: text };
  }
}

function errorOf(body: unknown): string {
  return typeof body === 'object' && body !== null && 'error' in body && typeof body.error === 'string'
    ? body.error
    : '';
}

/**
 * Calls the server with the operator's token as `Authorization: Bearer` (never a cookie), and `body`,
 * when given, as JSON. Resolves with the response when it is a success; otherwise fails with an
 * {@link ApiError} holding the server's message.
 */
export async function request(path: string, method: 'GET' | 'POST', accept: string, body?: object): Promise<Response> {
  const headers: Record<string, string> = { Accept: accept };
  if (token()) headers['Authorization'] = `Bearer ${token()}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (response.ok) return response;
  const text = await response.text();
  throw new ApiError(
    errorOf(parsed(text)) || response.statusText,
    response.status,
    response.headers.get('Retry-After'),
  );
}

/** Calls the JSON API. The answer is what the server's API documents; it is not checked here. */
export async function api<T>(path: string, method: 'GET' | 'POST' = 'GET', body?: object): Promise<T> {
  const response = await request(path, method, 'application/json', body);
  return parsed(await response.text()) as T;
}

/** What `call` resolves with, or undefined when the server answers 404 (nothing there); other failures stay failures. */
export async function unlessNotFound<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return undefined;
    throw error;
  }
}
