import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Plugin, ScheduleConfig } from 'tributary-kit';
import { peopleInCluster } from '../../plugins/postgres/test/cluster-host.js';
import { syntheticConnector, testPlugin } from '../../testing.js';

/** A cluster config on `${PG_URL}`, in a file and as an object, with its connector's source as a plugin. */
export interface OutageProject {
  readonly config: Record<string, unknown>;
  readonly configPath: string;
  /** The `synthetic` source of the connector `people`. */
  readonly plugin: Plugin;
  remove(): void;
}

export interface OutageProjectOptions {
  /** Called before each batch the source reads (three batches of ten rows a run): the test cuts the database there. */
  readonly beforeBatch?: (index: number) => void | Promise<void>;
  readonly schedule?: ScheduleConfig;
  /** `server.listen` (serve's HTTP API, for /readyz). */
  readonly listen?: string;
}

export function outageProject(options: OutageProjectOptions = {}): OutageProject {
  const dir = mkdtempSync(join(tmpdir(), 'tributary-outage-'));
  const config = {
    state: { dir: join(dir, 'state') },
    ...peopleInCluster({
      hostName: 'outage:1',
      fields: ['Department'],
      connector: options.schedule ? { schedule: options.schedule } : {},
    }),
    ...(options.listen ? { server: { listen: options.listen } } : {}),
  };
  const configPath = join(dir, 'tributary.config.json');
  writeFileSync(configPath, JSON.stringify(config, null, 2));
  const source = syntheticConnector({
    id: 'synthetic',
    rows: 30,
    batchSize: 10,
    beforeBatch: options.beforeBatch && ((index) => options.beforeBatch!(index)),
  });
  return {
    config,
    configPath,
    plugin: testPlugin({ id: 'outage-source', connectorTemplates: [source] }),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
