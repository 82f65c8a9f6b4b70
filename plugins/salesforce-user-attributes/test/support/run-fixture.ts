import type { BulkTiming } from '../../src/bulk-timing.js';
import { createSalesforceUserAttributesTemplate } from '../../src/salesforce-user-attributes-template.js';
import type { SalesforceParameters } from '../../src/parameters.js';
import { USERS_QUERY } from '../scenarios.js';
import { TEST_RETRY, countingHttp, type CountingHttp } from './counting-http.js';
import { fakeContext, type FakeContext } from './fake-context.js';
import type { FakeCredential } from '../../../../testing.js';
import { replay, salesforceCredential } from './fixtures.js';
import { readAll, type ReadOutcome } from './read-all.js';

export interface FixtureRun extends ReadOutcome {
  readonly context: FakeContext;
  readonly http: CountingHttp;
  readonly credential: FakeCredential;
}

export interface FixtureRunOptions {
  readonly parameters?: Partial<SalesforceParameters>;
  readonly maxRows?: number;
  readonly credential?: FakeCredential;
  /** Bulk API 2.0 polling and result sets (default: the connector's own). */
  readonly bulk?: Partial<BulkTiming>;
}

/**
 * Replays a fixture with the kit (or, with `undefined`, whatever interceptors the test set up), reads it
 * through the real template and the host's HTTP client, and asserts every recorded answer was asked for.
 */
export async function readFixture(name: string | undefined, options: FixtureRunOptions = {}): Promise<FixtureRun> {
  const recorded = name === undefined ? undefined : replay(name);
  const http = countingHttp();
  const credential = options.credential ?? salesforceCredential();
  const template = createSalesforceUserAttributesTemplate(http, { retry: TEST_RETRY, bulk: options.bulk });
  const context = fakeContext({ query: USERS_QUERY, ...options.parameters }, { credential, maxRows: options.maxRows });
  const outcome = await readAll((c) => template.read(c), context);
  recorded?.done(); // every recorded answer was asked for
  return { ...outcome, context, http, credential };
}
