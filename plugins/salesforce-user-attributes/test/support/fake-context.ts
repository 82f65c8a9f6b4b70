import * as v from 'valibot';
import {
  DEFAULT_LIMITS,
  PLAIN_FULL_READ,
  silentLogger,
  type ConnectorContext,
  type Credential,
  type Logger,
  type SyncRead,
} from 'tributary-kit';
import { salesforceParameters, type SalesforceParameters } from '../../src/parameters.js';

export interface FakeContext extends ConnectorContext<SalesforceParameters> {
  stopRequested: boolean;
  /** Every `expectRows()` figure, in order, and where each came from. */
  readonly expected: number[];
  readonly expectedFrom: (string | undefined)[];
  readonly warnings: string[];
  apiCalls: number;
  /** The last `setCursor()` and `sourceHolds()` figures, and where the latter came from. */
  cursor: string | undefined;
  sourceCount: number | undefined;
  sourceFrom: string | undefined;
}

export interface FakeContextOptions {
  readonly credential?: Credential | undefined;
  readonly maxRows?: number;
  readonly signal?: AbortSignal;
  readonly sync?: SyncRead;
  /** Default: silent. */
  readonly logger?: Logger;
}

/** A connector context as the host builds it: parameters with their defaults, counters observable. */
export function fakeContext(
  parameters: Partial<SalesforceParameters> & { query: string },
  options: FakeContextOptions,
): FakeContext {
  const context: FakeContext = {
    nqlId: 'salesforce_user_attributes',
    connector: {
      nqlId: 'salesforce_user_attributes',
      name: 'Salesforce user attributes',
      connector: 'salesforce-user-attributes',
      credentials: 'sf-test',
      sink: 'users',
      parameters,
      mapping: { identification: 'Username', identifier: 'upn', onMissingValue: 'clear', fields: [] },
    },
    parameters: v.parse(salesforceParameters, parameters),
    credential: options.credential,
    logger: options.logger ?? silentLogger,
    signal: options.signal ?? new AbortController().signal,
    maxRows: options.maxRows ?? DEFAULT_LIMITS.maxRowsPerSync,
    stopRequested: false,
    expected: [],
    expectedFrom: [],
    warnings: [],
    apiCalls: 0,
    cursor: undefined,
    sourceCount: undefined,
    sourceFrom: undefined,
    sync: options.sync ?? PLAIN_FULL_READ,
    setCursor: (cursor) => void (context.cursor = cursor),
    sourceHolds: (total, origin) => {
      context.sourceCount = total;
      context.sourceFrom = origin;
    },
    expectRows: (total, origin) => {
      context.expected.push(total);
      context.expectedFrom.push(origin);
    },
    moreAvailable: () => undefined, // Salesforce always announces totalSize
    countApiCall: () => void context.apiCalls++,
    warn: (message) => void context.warnings.push(message),
  };
  return context;
}
