import pg from 'pg';
import type { SourceRecord } from 'tributary-kit';
import {
  defaultSyntheticRecord,
  startTestHost,
  startTestPostgres,
  syntheticConnector,
  testPlugin,
  type SyntheticConnectorOptions,
  type TestHost,
} from '../../../testing.js';

export const LEASE_SECONDS = 2;

/** A fresh cluster database: its URL and a client to look inside. */
export async function clusterDatabase(): Promise<{ url: string; db: pg.Client }> {
  const url = await (await startTestPostgres()).createDatabase();
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  return { url, db };
}

/**
 * For each test of the suite that calls it: a fresh cluster database handed to `use` before the test,
 * and afterwards the hosts the test pushed onto the returned list closed, then the database client.
 */
export function perTestCluster(use: (database: { url: string; db: pg.Client }) => void): TestHost[] {
  const hosts: TestHost[] = [];
  let client: pg.Client | undefined;
  beforeEach(async () => {
    const database = await clusterDatabase();
    client = database.db;
    use(database);
  });
  afterEach(async () => {
    for (const host of hosts.splice(0)) await host.close();
    await client?.end();
  });
  return hosts;
}

/** The source's rows unless a test says otherwise: every mapped field has a value (a field empty on every row fails the run). */
const withLevel = (i: number): SourceRecord => ({ ...defaultSyntheticRecord(i), Level: i });

/**
 * A cluster config on `${PG_URL}` with one connector, `people`: the `synthetic` source, its `fields`
 * mapped each to its name in lower case, written to the postgres sink.
 */
export function peopleInCluster(options: {
  hostName: string;
  fields: readonly string[];
  leaseSeconds?: number;
  connector?: Record<string, unknown>;
}) {
  const fields = options.fields.map((source) => ({ source, target: source.toLowerCase() }));
  return {
    cluster: { postgres: '${PG_URL}', leaseSeconds: options.leaseSeconds ?? LEASE_SECONDS, hostName: options.hostName },
    sinks: [{ id: 'users', type: 'postgres' }],
    connectors: [
      {
        nqlId: 'people',
        name: 'People',
        connector: 'synthetic',
        sink: 'users',
        ...options.connector,
        mapping: { identification: 'Username', fields },
      },
    ],
  };
}

/** A host in cluster mode on `url`, with one connector `people` over a synthetic source writing to the postgres sink. */
export function clusterHost(
  url: string,
  source: Omit<SyntheticConnectorOptions, 'id'> & { record?: (i: number) => SourceRecord },
  hostName = 'test-host:1',
): Promise<TestHost> {
  return startTestHost({
    config: peopleInCluster({ hostName, fields: ['Department', 'Level'] }),
    env: { PG_URL: url },
    plugins: [
      testPlugin({
        id: 'synthetic-source',
        connectorTemplates: [syntheticConnector({ record: withLevel, ...source, id: 'synthetic' })],
      }),
    ],
  });
}

/**
 * Asks `probe` until it returns a value (not undefined), 50 ms apart, at most `attempts` times: a
 * bound on tries, not on time, so a slow machine only makes it slower.
 */
export async function poll<T>(what: string, probe: () => Promise<T | undefined>, attempts = 600): Promise<T> {
  for (let i = 0; i < attempts; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Still waiting for ${what} after ${attempts} tries`);
}

/** The unhandled rejections of each test of the suite that calls it: the returned list, emptied before each test. */
export function unhandledRejections(): unknown[] {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
  beforeEach(() => {
    unhandled.length = 0;
    process.on('unhandledRejection', onUnhandled);
  });
  afterEach(() => void process.off('unhandledRejection', onUnhandled));
  return unhandled;
}
