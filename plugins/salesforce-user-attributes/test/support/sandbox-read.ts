import type { CheckResult, Logger, SourceRecord, SyncRead } from 'tributary-kit';
import type { Sandbox } from '../../../salesforce-sandbox/index.js';
import type { BulkTiming } from '../../src/bulk-timing.js';
import type { SalesforceParameters } from '../../src/parameters.js';
import { createSalesforceUserAttributesTemplate } from '../../src/salesforce-user-attributes-template.js';
import { TEST_RETRY } from './counting-http.js';
import { fakeContext, type FakeContext } from './fake-context.js';
import { readAll, type ReadOutcome } from './read-all.js';
import { sandboxCredential } from './sandbox-credential.js';

/** Bulk API 2.0 polling for tests: a few milliseconds between polls, small result sets. */
export const TEST_BULK: BulkTiming = { pollInitialMs: 1, pollMaxMs: 4, timeoutMs: 10_000, maxRecords: 5_000 };

export const DEFAULT_QUERY = 'SELECT Id, Username, Email, Department, Title, Manager.Name FROM User';

export interface SandboxRead extends ReadOutcome {
  readonly context: FakeContext;
}

export interface SandboxReadOptions {
  readonly maxRows?: number;
  readonly signal?: AbortSignal;
  readonly bulk?: Partial<BulkTiming>;
  /** What the run reads (default: everything, no cursor). */
  readonly sync?: SyncRead;
  /** The run's logger (default: silent). */
  readonly logger?: Logger;
  /** The connector's clock, which times the query's first page (default `performance.now`). */
  readonly now?: () => number;
  /** Called with the context before reading (to stop or cancel it from a test). */
  readonly onBatch?: (context: FakeContext, batchIndex: number) => void;
  /** A sink that takes its time over each batch: the read is asked for the next one once it resolves. */
  readonly sink?: (batchIndex: number) => Promise<void>;
}

/** `check` against the sandbox, as `readSandbox` reads it. */
export async function checkSandbox(sandbox: Sandbox, parameters: Partial<SalesforceParameters>): Promise<CheckResult> {
  const { http, credential } = await sandboxCredential(sandbox);
  return createSalesforceUserAttributesTemplate(http, { retry: TEST_RETRY }).check(
    fakeContext({ query: DEFAULT_QUERY, ...parameters }, { credential }),
  );
}

/** Reads the sandbox with the real template, the real client-credentials credential and the host's HTTP client. */
export async function readSandbox(
  sandbox: Sandbox,
  parameters: Partial<SalesforceParameters>,
  options: SandboxReadOptions = {},
): Promise<SandboxRead> {
  const { http, credential } = await sandboxCredential(sandbox);
  const context = fakeContext(
    { query: DEFAULT_QUERY, ...parameters },
    { credential, maxRows: options.maxRows, signal: options.signal, sync: options.sync, logger: options.logger },
  );
  const template = createSalesforceUserAttributesTemplate(http, {
    retry: TEST_RETRY,
    bulk: { ...TEST_BULK, ...options.bulk },
    now: options.now,
  });
  let index = 0;
  const read = async function* () {
    for await (const batch of template.read(context)) {
      yield batch;
      await options.sink?.(index);
      options.onBatch?.(context, index);
      index += 1;
    }
  };
  const outcome = await readAll(read, context);
  return { ...outcome, context };
}

export const idsOf = (rows: readonly SourceRecord[]): string[] => rows.map((r) => r['Id'] as string);
