/**
 * Re-records the fixtures of the REST JSON connector against the local user API (one per pagination
 * style), through `useRecordedHttp` in record mode: the local origin becomes the scenario's instance
 * and every secret is scrubbed. Usage: node --import tsx plugins/rest-json-user-attributes/test/record.ts
 */
import restJsonPlugin from '../index.js';
import { recordingSink, startTestHost, testPlugin, useRecordedHttp } from '../../../testing.js';
import { PAGING_SCENARIOS, SCENARIO_ENV, scenarioConfig, type PagingScenario } from './support/scenarios.js';
import { startUserApi, type UserApiOptions } from './support/user-api.js';

export function fixtureOf(name: string): URL {
  return new URL(`./fixtures/${name}.json`, import.meta.url);
}

/** Fixtures of a refused and of a broken source, for the conformance run over recorded HTTP. */
const FAILURES: ReadonlyArray<{ name: string; api: UserApiOptions }> = [
  { name: 'unauthorized', api: { password: 'rotated-password' } },
  { name: 'server-error', api: { failWith: 500 } },
];

async function record(
  scenario: PagingScenario,
  name = scenario.name,
  apiOptions: UserApiOptions = {},
): Promise<string> {
  const api = await startUserApi(apiOptions);
  const http = useRecordedHttp(fixtureOf(name), {
    mode: 'record',
    origins: { [api.url]: scenario.origin },
    secrets: Object.values(SCENARIO_ENV),
  });
  const th = await startTestHost({
    config: scenarioConfig(scenario, api.url),
    plugins: [restJsonPlugin, testPlugin({ id: 'record-sink', sinkTypes: [recordingSink()] })],
    env: SCENARIO_ENV,
  });
  try {
    const result = await th.run('rest_users');
    return `${result.status}: ${result.receivedRows} rows, ${result.apiCalls} API calls ${result.description}`;
  } finally {
    http.done();
    await th.close();
    await api.close();
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  for (const scenario of PAGING_SCENARIOS) console.log(`${scenario.name}: ${await record(scenario)}`);
  for (const failure of FAILURES)
    console.log(`${failure.name}: ${await record(PAGING_SCENARIOS[0]!, failure.name, failure.api)}`);
}
