import type { ExecutionLogStore, RunResult } from 'tributary-kit';
import { startTestPostgres } from '../../host/testing/index.js';
import { openLogStore } from 'tributary-kit/internal/plugins/execution-log/store/log-store.js';
import { memoryLogStore } from 'tributary-kit/internal/plugins/execution-log/store/memory-log-store.js';
import { fakeResult } from 'tributary-kit/internal/plugins/execution-log/test/fake-run.js';
import { connectCluster } from '../../plugins/postgres/connection.js';
import { openPgLogStore } from '../../plugins/postgres/log/pg-log-store.js';

/** An execution-log store under test and how to let go of it. */
export interface StoreUnderTest {
  readonly store: ExecutionLogStore;
  close(): Promise<void>;
}

/** The embedded SQLite store, in memory, holding `entries`. */
export async function sqliteStore(entries: readonly Partial<RunResult>[]): Promise<StoreUnderTest> {
  const store = openLogStore({ stateDir: ':memory:' });
  for (const entry of entries) await store.append(fakeResult(entry));
  return { store, close: () => store.close() };
}

/** The store kept in memory without SQLite (evaluating NQL instead of compiling it), holding `entries`. */
export async function memoryStore(entries: readonly Partial<RunResult>[]): Promise<StoreUnderTest> {
  const store = memoryLogStore();
  for (const entry of entries) await store.append(fakeResult(entry));
  return { store, close: () => store.close() };
}

/** The PostgreSQL store, in a fresh database of the test server, holding `entries` (written without leases). */
export async function postgresStore(entries: readonly Partial<RunResult>[]): Promise<StoreUnderTest> {
  const server = await startTestPostgres();
  const connection = connectCluster(await server.createDatabase(), 2);
  const store = openPgLogStore(() => connection.pool(), { fenced: false });
  for (const entry of entries) await store.append(fakeResult(entry));
  return { store, close: () => connection.release() };
}

export const STORES = [
  { kind: 'sqlite', open: sqliteStore },
  { kind: 'postgres', open: postgresStore },
  { kind: 'memory', open: memoryStore },
] as const;
