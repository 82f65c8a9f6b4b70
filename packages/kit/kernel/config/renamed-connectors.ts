import type { ConnectorHistory, TributaryConfig } from '../../core/index.js';

/**
 * The NQL ID is immutable once a connector has run. A connector whose NQL ID has no history,
 * while a connector with the same name, template and credentials ran under another NQL ID that the
 * config no longer has, is most likely a rename: say that a new connector is being created.
 */
export function renamedConnectorWarnings(
  config: TributaryConfig,
  history: readonly ConnectorHistory[],
  displayName: (template: string) => string | undefined,
): string[] {
  const configured = new Set(config.connectors.map((c) => c.nqlId));
  const known = new Set(history.map((h) => h.nqlId));
  const warnings: string[] = [];
  config.connectors.forEach((c, i) => {
    if (known.has(c.nqlId)) return;
    const previous = history.find(
      (h) =>
        !configured.has(h.nqlId) &&
        h.name === c.name &&
        h.connector === displayName(c.connector) &&
        h.credentialsId === (c.credentials ?? ''),
    );
    if (previous) {
      warnings.push(
        `connectors[${i}].nqlId: "${c.nqlId}" is new, but the same connector ("${c.name}") ran as "${previous.nqlId}" until ${previous.lastRun.toISOString()}. ` +
          `NQL IDs are immutable: this creates a new connector, and the history stays under "${previous.nqlId}".`,
      );
    }
  });
  return warnings;
}
