import {
  PLAIN_FULL_READ,
  silentLogger,
  type SinkContext,
  type SinkRecord,
  type SinkRunContext,
  type SyncRead,
} from 'tributary-kit';
import { jsonlLines } from '../jsonl-lines.js';

/** What the host gives a jsonl sink entry: only `configDir` matters to it. */
export const sinkContext: SinkContext = {
  logger: silentLogger,
  stateDir: ':memory:',
  configDir: process.cwd(),
  credential: () => {
    throw new Error('unused');
  },
  addSecret: () => undefined,
};

/** One run's context; a plain full read unless `sync` says otherwise. */
export function runContext(sync: SyncRead = PLAIN_FULL_READ, runId = 'run-1'): SinkRunContext {
  return {
    run: { runId },
    connector: { nqlId: 'sf' },
    signal: new AbortController().signal,
    sync,
  } as unknown as SinkRunContext;
}

/** A change read, as the host hands it to the sink. */
export const CHANGES_READ: SyncRead = Object.freeze({
  mode: 'changes',
  since: '2026-01-01T00:00:00Z',
  lookBackSeconds: 300,
});

/** A full read of an incremental connector (one with a `sync:` entry). */
export const CURSOR_FULL_READ: SyncRead = Object.freeze({ mode: 'full', cursor: true, reason: 'first run' });

/** A user by UPN with a department. */
export function upn(value: string, department = 'Sales'): SinkRecord {
  return { identifier: { kind: 'upn', value }, fields: { department } };
}

/** The file's text for these records, as the sink writes it. */
export const linesOf = (...records: SinkRecord[]): string => jsonlLines(records);
