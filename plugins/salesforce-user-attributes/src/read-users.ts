import type { ConnectorContext, RecordBatch } from '../../../core/index.js';
import { PASSWORD_FLOW_DEPRECATION, isDeprecatedFlow } from './auth-request.js';
import { connectorClient, type ConnectorDependencies } from './connector-client.js';
import { missingCredentialError } from './missing-credential.js';
import type { SalesforceParameters } from './parameters.js';
import { queryPages } from './query-pages.js';
import { RestartPolicy, SESSION_EXPIRED } from './restart-policy.js';
import { foreignRecordType, notUserError } from './user-records.js';

/**
 * Reads every page of the query as record batches. A session that expires mid-way (or a query
 * locator that becomes invalid) restarts the query from the beginning, once each; the first batch
 * after such a restart carries `restarted` so that the host discards what it staged.
 */
export async function* readUsers(
  context: ConnectorContext<SalesforceParameters>,
  deps: ConnectorDependencies,
): AsyncGenerator<RecordBatch> {
  const { credential, parameters } = context;
  if (!credential) throw missingCredentialError(context.nqlId);
  if (isDeprecatedFlow(credential)) context.warn(`Credential "${credential.name}": ${PASSWORD_FLOW_DEPRECATION}`);
  const client = connectorClient(context, credential, deps);
  const plan = { query: parameters.query, queryAll: parameters.queryAll };
  const paging = {
    prefetch: parameters.prefetch,
    maxRows: context.maxRows,
    stopRequested: () => context.stopRequested,
    signal: context.signal,
  };
  const restarts = new RestartPolicy();
  let yieldedAny = false;
  let restarted: string | undefined;
  for (;;) {
    try {
      let first = true;
      for await (const page of queryPages(client, plan, paging)) {
        if (first) {
          first = false;
          if (page.totalSize !== undefined) context.expectRows(page.totalSize);
          const foreign = foreignRecordType(page);
          if (foreign !== undefined) throw notUserError(foreign);
        }
        const { records } = page;
        const batch: RecordBatch = restarted === undefined ? { records } : { records, restarted };
        restarted = undefined;
        yieldedAny = true;
        yield batch;
      }
      return;
    } catch (error) {
      const reason = restarts.reasonToRestart(error);
      context.logger.info(reason);
      if (reason === SESSION_EXPIRED) await client.renewSession(context.signal);
      if (yieldedAny) restarted = reason; // nothing staged yet: nothing to discard
    }
  }
}
