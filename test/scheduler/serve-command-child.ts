/**
 * The real `tributary` command line in a child process, for serve-command.spec.ts:
 * `node --import tsx serve-command-child.ts serve --config <file>` runs `main(argv)` as
 * bin/tributary.js does (that one needs the compiled dist).
 *
 * Listed under the config's `plugins:`, this same file is a plugin contributing the connector
 * template `held-source`: a run delivers one batch of 10 rows, and once the host has written it to
 * the sink and asks for more, prints `held <nqlId>` on stdout and holds until the run is cancelled.
 */
import { fileURLToPath } from 'node:url';
import { main } from '../../host/cli/main.js';
import { syntheticConnector } from 'tributary-kit/internal/testing/synthetic-connector.js';
import { testPlugin } from 'tributary-kit/internal/testing/test-plugin.js';

export const HELD_BATCH_ROWS = 10;

const heldSource = syntheticConnector({
  id: 'held-source',
  displayName: 'Held source',
  rows: HELD_BATCH_ROWS * 2,
  batchSize: HELD_BATCH_ROWS,
  beforeBatch: async (index, { nqlId, signal }) => {
    if (index === 0) return;
    process.stdout.write(`held ${nqlId}\n`);
    await new Promise<never>((_, reject) =>
      signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true }),
    );
  },
});

export default testPlugin({ id: 'held-source', connectorTemplates: [heldSource] });

// Run as a program (not when the host imports this file as a plugin): no top-level await, so that
// the host's import of this very module, made while `main` runs, finds it already evaluated.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
