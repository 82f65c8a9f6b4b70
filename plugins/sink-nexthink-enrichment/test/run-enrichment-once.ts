import type { RunResult } from 'tributary-kit';
import { startTestHost, syntheticConnector, testPlugin } from '../../../testing.js';
import enrichmentPlugin from '../index.js';
import { NX_CREDENTIAL } from './enrichment-fakes.js';

export interface EnrichmentRunShape {
  /** Rows the source holds (default 12): users `user<i>@example.com`. */
  readonly rows?: number;
  /** The source of the `department` target (default `Department`). */
  readonly source?: string;
  /** The source fails at this row. */
  readonly failAt?: number;
  /** The connector's `sync:` entry. */
  readonly sync?: object;
}

/**
 * One run of the synthetic source into the Enrichment sink (batches of 5), in a host whose state dir is
 * shared between runs (baselines, members, spool).
 */
export async function runEnrichmentOnce(stateDir: string, shape: EnrichmentRunShape = {}): Promise<RunResult> {
  const test = await startTestHost({
    config: {
      credentials: [NX_CREDENTIAL],
      sinks: [{ id: 'adopt', type: 'nexthink-enrichment', credentials: 'nexthink', batchSize: 5 }],
      connectors: [
        {
          nqlId: 'sf_users',
          name: 'Salesforce users',
          connector: 'synthetic',
          sink: 'adopt',
          mapping: {
            identification: 'Username',
            fields: [{ source: shape.source ?? 'Department', target: 'department' }],
          },
          ...(shape.sync ? { sync: shape.sync } : {}),
        },
      ],
    },
    env: { NX_SECRET: 'nx-secret' },
    stateDir,
    plugins: [
      enrichmentPlugin,
      testPlugin({
        connectorTemplates: [syntheticConnector({ rows: shape.rows ?? 12, batchSize: 5, failAt: shape.failAt })],
      }),
    ],
  });
  try {
    return await test.run('sf_users');
  } finally {
    await test.close();
  }
}
