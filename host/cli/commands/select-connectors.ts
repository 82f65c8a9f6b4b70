import type { ConnectorConfig } from 'tributary-kit';
import type { Host } from 'tributary-kit/internal/kernel/create-host.js';

/** The connectors named on the command line (each must exist), or all of them. */
export function selectConnectors(host: Host, nqlIds: readonly string[]): ConnectorConfig[] {
  return nqlIds.length ? nqlIds.map((id) => host.connector(id)) : [...host.config.connectors];
}
