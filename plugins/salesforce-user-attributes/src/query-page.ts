import type { FatalError, HttpResponse, SourceRecord } from 'tributary-kit';
import { excerpt } from './error-body.js';
import { parseQueryBody } from './query-body.js';
import { unexpectedResponse } from './unexpected-response.js';

/** One page of `/query` results, its records without their `attributes` blocks. */
export interface QueryPage {
  readonly totalSize: number | undefined;
  readonly done: boolean;
  readonly nextRecordsUrl: string | undefined;
  readonly records: readonly SourceRecord[];
  /** The object type of the records (`attributes.type` of the first, before it was removed). */
  readonly recordType: string | undefined;
}

/** Reads a successful `/query` answer; anything else is an unexpected answer, not an empty page. */
export function toQueryPage(response: HttpResponse): QueryPage {
  const { json, recordType } = parseQueryBody(response.body);
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
    records: json['records'] as SourceRecord[],
    recordType,
  };
}

function unexpected(response: HttpResponse, what: string): FatalError {
  return unexpectedResponse(`Salesforce answered HTTP ${response.status} with ${what}`, { status: response.status });
}
