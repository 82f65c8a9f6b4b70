import { expect } from 'chai';
import restJsonPlugin from '../index.js';
import { recordingSink, startTestHost, testPlugin, useRecordedHttp } from '../../../testing.js';
import { fixtureOf } from './record.js';
import { PAGING_SCENARIOS, SCENARIO_ENV, scenarioConfig, type PagingScenario } from './support/scenarios.js';
import { userRecord } from './support/user-api.js';

async function replay(scenario: PagingScenario, maxRowsPerSync?: number) {
  const http = useRecordedHttp(fixtureOf(scenario.name), { mode: 'replay' });
  const sink = recordingSink();
  const config = {
    ...scenarioConfig(scenario, scenario.origin),
    ...(maxRowsPerSync ? { limits: { maxRowsPerSync } } : {}),
  };
  const th = await startTestHost({
    config,
    plugins: [restJsonPlugin, testPlugin({ id: 'sink', sinkTypes: [sink] })],
    env: SCENARIO_ENV,
  });
  return { http, sink, th };
}

describe('rest-json-user-attributes: recorded paging', () => {
  for (const scenario of PAGING_SCENARIOS) {
    it(`${scenario.parameters['pagination'] ? (scenario.parameters['pagination'] as { style: string }).style : 'none'} paging (${scenario.name}) reads every page in order`, async () => {
      const { http, sink, th } = await replay(scenario);
      try {
        const result = await th.run('rest_users');
        expect(result.status, result.description).to.equal('success');
        expect(result.connector).to.equal('REST JSON: User Attributes');
        expect(result.receivedRows).to.equal(25);
        expect(result.apiCalls).to.equal(scenario.pages);
        const written = sink.committed();
        expect(written.map((r) => r.identifier.value)).to.deep.equal(
          Array.from({ length: 25 }, (_, i) => `user${i + 1}@acme.example`),
        );
        expect(written[11]).to.deep.equal({
          identifier: { kind: 'upn', value: 'user12@acme.example' },
          fields: { department: userRecord(12)['department'], title: 'Title 12' },
        });
        http.done();
      } finally {
        await th.close();
      }
    });
  }

  it('announces the total from totalPath (Workday RaaS "Total")', async () => {
    const scenario = PAGING_SCENARIOS.find((s) => s.name === 'page-number-workday')!;
    const { http, th } = await replay(scenario);
    try {
      const report = await th.check('rest_users');
      expect(report.ok, report.messages.join(' | ')).to.equal(true);
      expect(report.expectedRows).to.equal(25);
      expect(report.messages.join(' ')).to.contain(
        'https://wd2-impl-services1.workday.example/ccx/service/customreport2/acme/workers',
      );
      expect(report.preview[0]).to.deep.include({ identifier: 'user1@acme.example' });
    } finally {
      await th.close();
    }
    // check reads the first page only: the two later pages stay unused.
    expect(http.unused()).to.equal(2);
    http.discard();
  });

  it('stops at the row limit without requesting the next page', async () => {
    const scenario = PAGING_SCENARIOS.find((s) => s.name === 'offset-servicenow')!;
    const { http, sink, th } = await replay(scenario, 10);
    try {
      const result = await th.run('rest_users');
      expect(result.status).to.not.equal('failure');
      expect(result.apiCalls).to.equal(1);
      expect(sink.committed()).to.have.length(10);
    } finally {
      await th.close();
    }
    expect(http.unused()).to.equal(2);
    http.discard();
  });
});
