import { ConfigError, type ConnectorConfig } from '../../core/index.js';

/**
 * The connector a preview is for: the one named (`lookup` refuses an unknown NQL ID), or, when none is
 * named, the only one configured; with several, a `PREVIEW_NEEDS_CONNECTOR` error lists their NQL IDs.
 */
export function connectorToPreview(
  connectors: readonly ConnectorConfig[],
  lookup: (nqlId: string) => ConnectorConfig,
  nqlId: string | undefined,
): ConnectorConfig {
  if (nqlId !== undefined) return lookup(nqlId);
  if (connectors.length === 1) return connectors[0]!;
  throw new ConfigError(
    'PREVIEW_NEEDS_CONNECTOR',
    connectors.length === 0
      ? 'No connector is configured: there is nothing to preview'
      : `Name the connector to preview the user in: ${connectors.map((c) => c.nqlId).join(', ')}`,
  );
}
