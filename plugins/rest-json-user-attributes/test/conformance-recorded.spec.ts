import restJsonPlugin from '../index.js';
import { describeConnectorConformance, useRecordedHttp, type ConformanceScenario } from '../../../testing.js';
import { fixtureOf } from './record.js';
import { PAGING_SCENARIOS, SCENARIO_ENV } from './support/scenarios.js';

/** The conformance suite over recorded HTTP only: the ServiceNow fixtures, a refused and a broken source. */
const servicenow = PAGING_SCENARIOS.find((s) => s.name === 'offset-servicenow')!;
const FIXTURES: Partial<Record<ConformanceScenario, string>> = {
  'bad-credentials': 'unauthorized',
  failure: 'server-error',
};

describeConnectorConformance(restJsonPlugin, {
  title: 'recorded HTTP',
  parameters: servicenow.parameters,
  credentials: servicenow.credentials(servicenow.origin),
  badCredentials: servicenow.credentials(servicenow.origin),
  env: SCENARIO_ENV,
  identification: 'user_name',
  expectedRows: 25,
  rowLimit: 10, // a page boundary
  skip: ['retry', 'reauth'], // no recordings of a 429 or an expired session: the local-API suite runs those
  setup(scenario) {
    const http = useRecordedHttp(fixtureOf(FIXTURES[scenario] ?? servicenow.name), { mode: 'replay' });
    const recorded = http.unused();
    // A scenario that stops early (check, the row limit, cancellation) leaves recorded pages unused.
    return { requests: () => recorded - http.unused(), teardown: () => http.discard() };
  },
});
