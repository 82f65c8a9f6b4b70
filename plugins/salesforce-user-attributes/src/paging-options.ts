import type { ConnectorContext } from 'tributary-kit';
import type { SalesforceParameters } from './parameters.js';
import type { PagingOptions } from './query-pages.js';

/** Paging of one query as the run asks for it: prefetch, the row limit, the host's stop and cancellation. */
export function pagingOptions(
  context: ConnectorContext<SalesforceParameters>,
  stop: () => boolean = () => false,
  signal = context.signal,
): PagingOptions {
  return {
    prefetch: context.parameters.prefetch,
    maxRows: context.maxRows,
    stopRequested: () => context.stopRequested || stop(),
    signal,
  };
}
