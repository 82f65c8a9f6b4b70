import {
  PLAIN_FULL_READ,
  type ConnectorConfig,
  type ConnectorContext,
  type Logger,
  type SyncRead,
} from '../../core/index.js';
import type { RunServices } from './run-services.js';

export interface ContextState {
  stopRequested: boolean;
  expectedRows: number | undefined;
  /** Where the announced figure comes from, when the connector said. */
  expectedFrom: string | undefined;
  /** The source said more rows exist than it delivered, without a total. */
  moreAvailable: boolean;
  apiCalls: number;
  readonly warnings: string[];
  /** The cursor the connector set for the next change read. */
  cursor: string | undefined;
  /** What the source said it holds (`sourceHolds`), and where the figure comes from. */
  sourceCount: number | undefined;
  sourceFrom: string | undefined;
  /** What the run reads; the host may switch a change read to a full one (a coverage gap). */
  sync: SyncRead;
}

/** The context a connector's check() or read() gets, with the state the host reads back. */
export function createConnectorContext(
  services: RunServices,
  connector: ConnectorConfig,
  signal: AbortSignal,
  logger: Logger,
  sync: SyncRead = PLAIN_FULL_READ,
): { context: ConnectorContext; state: ContextState } {
  const state: ContextState = {
    stopRequested: false,
    expectedRows: undefined,
    expectedFrom: undefined,
    moreAvailable: false,
    apiCalls: 0,
    warnings: [],
    cursor: undefined,
    sourceCount: undefined,
    sourceFrom: undefined,
    sync,
  };
  const context: ConnectorContext = {
    nqlId: connector.nqlId,
    connector,
    parameters: connector.parameters as Record<string, unknown>,
    credential: connector.credentials ? services.credential(connector.credentials) : undefined,
    logger,
    signal,
    maxRows: services.limits.maxRowsPerSync,
    get stopRequested() {
      return state.stopRequested;
    },
    expectRows(total: number, origin?: string) {
      state.expectedRows = total;
      state.expectedFrom = origin;
    },
    moreAvailable() {
      state.moreAvailable = true;
    },
    get sync() {
      return state.sync;
    },
    setCursor(cursor: string) {
      state.cursor = cursor;
    },
    sourceHolds(total: number, origin?: string) {
      state.sourceCount = total;
      state.sourceFrom = origin;
    },
    countApiCall() {
      state.apiCalls++;
    },
    warn(message: string) {
      if (!state.warnings.includes(message)) state.warnings.push(message);
      logger.warn(message);
    },
  };
  return { context, state };
}
