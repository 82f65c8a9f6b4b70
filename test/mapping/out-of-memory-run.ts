/**
 * One run whose mapping drives the mapping worker out of memory on one row of twenty (the range
 * bomb), under `limits.mappingMemoryMb: 128`. mapping-memory-limit.spec.ts starts it in a child
 * process, so that a process aborted by the worker shows as the child's signal; it prints the run's
 * result as JSON.
 */
import { silentLogger } from 'tributary-kit';
import { createHost } from '../../host/builtins/create-host.js';
import { recordingSink } from 'tributary-kit/internal/testing/recording-sink.js';
import { syntheticConnector } from 'tributary-kit/internal/testing/synthetic-connector.js';
import { testPlugin } from 'tributary-kit/internal/testing/test-plugin.js';
import { RANGE_BOMB } from './memory-bombs.js';

const sink = recordingSink();
const record = (i: number) => ({ Username: `user${i}@example.com`, Name: `Ada ${i}`, Bomb: i === 7 });
const host = await createHost({
  config: {
    limits: { mappingMemoryMb: 128, expressionTimeoutMs: 600_000, mappingBatchTimeoutMs: 600_000 },
    sinks: [{ id: 'out', type: 'recording' }],
    connectors: [
      {
        nqlId: 'people',
        name: 'People',
        connector: 'synthetic',
        mapping: { identification: 'Username', fields: [{ source: RANGE_BOMB, target: 'name' }] },
      },
    ],
  },
  withoutBuiltins: true,
  stateDir: ':memory:',
  logger: silentLogger,
  plugins: [
    testPlugin({ connectorTemplates: [syntheticConnector({ rows: 20, batchSize: 10, record })], sinkTypes: [sink] }),
  ],
});
const result = await host.run('people');
const committed = sink.committed().map((r) => r.identifier.value);
await host.close();
process.stdout.write(
  JSON.stringify({
    status: result.status,
    description: result.description,
    processedRows: result.processedRows,
    committed,
  }),
);
