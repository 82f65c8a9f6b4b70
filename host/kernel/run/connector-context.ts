import type { ConnectorConfig, ConnectorContext, Logger } from '../../../core/index.js';
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
}

/** The context a connector's check() or read() gets, with the state the host reads back. */
export function createConnectorContext(
  services: RunServices,
  connector: ConnectorConfig,
  signal: AbortSignal,
  logger: Logger,
): { context: ConnectorContext; state: ContextState } {
  const state: ContextState = {
    stopRequested: false,
    expectedRows: undefined,
    expectedFrom: undefined,
    moreAvailable: false,
    apiCalls: 0,
    warnings: [],
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
