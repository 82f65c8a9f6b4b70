import type { ConnectorConfig, SyncConfig } from 'tributary-kit';

/** A Salesforce connector entry as `validate` hands it to the template: `query`, and a `sync:` entry when given. */
export const connectorConfig = (query: string, sync?: SyncConfig): ConnectorConfig => ({
  nqlId: 'sf',
  name: 'SF',
  connector: 'salesforce-user-attributes',
  credentials: 'sf-prod',
  sink: 'users',
  parameters: { query },
  mapping: { identification: 'Username', identifier: 'upn', onMissingValue: 'clear', fields: [] },
  ...(sync ? { sync } : {}),
});
