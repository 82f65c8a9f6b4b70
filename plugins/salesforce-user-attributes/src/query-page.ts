import { FatalError, parseJsonBody, type HttpResponse } from '../../../core/index.js';
import { excerpt } from './error-body.js';

/** One page of `/query` results, `attributes` still in place. */
export interface QueryPage {
  readonly totalSize: number | undefined;
  readonly done: boolean;
  readonly nextRecordsUrl: string | undefined;
  readonly records: readonly Record<string, unknown>[];
}

/** Reads a successful `/query` answer; anything else is an unexpected answer, not an empty page. */
export function toQueryPage(response: HttpResponse): QueryPage {
  const json = parseJsonBody(response.body) as Record<string, unknown> | undefined;
  if (json === undefined || typeof json !== 'object' || !Array.isArray(json['records'])) {
    throw unexpected(response, `no query result in the answer: ${excerpt(response.body)}`);
  }
  const done = json['done'] !== false; // Salesforce omits `done` on some final pages.
  const next = json['nextRecordsUrl'];
  const nextRecordsUrl = typeof next === 'string' && next !== '' ? next : undefined;
  if (!done && (nextRecordsUrl === undefined || !nextRecordsUrl.startsWith('/'))) {
    throw unexpected(response, 'the answer says more records follow but gives no relative nextRecordsUrl');
  }
  const totalSize = json['totalSize'];
  return {
    totalSize: typeof totalSize === 'number' ? totalSize : undefined,
    done,
    nextRecordsUrl: done ? undefined : nextRecordsUrl,
    records: json['records'] as Record<string, unknown>[],
  };
}

function unexpected(response: HttpResponse, what: string): FatalError {
  return new FatalError('SF_UNEXPECTED_RESPONSE', `Salesforce answered HTTP ${response.status} with ${what}`, {
    details: { status: response.status },
  });
}
