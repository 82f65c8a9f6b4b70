import { expect } from 'chai';
import { ConfigProblemsError } from '../core/index.js';
import { recordingSink, startTestHost, syntheticConnector, testPlugin } from './index.js';

const CONNECTOR = {
  nqlId: 'people',
  name: 'People',
  connector: 'synthetic',
  mapping: { identification: 'Username', fields: [{ source: 'Department', target: 'department' }] },
};

describe("the kit's test host: the kit's own built-ins", () => {
  it('runs a connector into a declared sink, with the execution log and, when named, the credential types', async () => {
    const sink = recordingSink();
    const th = await startTestHost({
      config: {
        credentials: [{ id: 'api', type: 'bearer-token', url: 'https://api.example.test', token: '${TOKEN}' }],
        sinks: [{ id: 'out', type: 'recording' }],
        connectors: [CONNECTOR],
      },
      env: { TOKEN: 'fixture-token' },
      plugins: [testPlugin({ connectorTemplates: [syntheticConnector({ rows: 3 })], sinkTypes: [sink] })],
    });
    try {
      // The kit's two built-ins, the plugin under test and the test host's own (its recording listener): nothing of the host.
      expect(th.plugins.map((p) => p.id)).to.deep.equal([
        'credentials',
        'execution-log',
        'test-plugin',
        'tributary-testing',
      ]);
      const result = await th.run('people');
      expect(result).to.include({ status: 'success', processedRows: 3 });
      expect(sink.runs.at(-1)?.records).to.have.length(3);
    } finally {
      await th.close();
    }
  });

  it('refuses a config that declares no sink, saying so: the default sink (sqlite) is a built-in of the host', async () => {
    let thrown: unknown;
    try {
      const th = await startTestHost({
        config: { connectors: [CONNECTOR] },
        plugins: [testPlugin({ connectorTemplates: [syntheticConnector({ rows: 1 })] })],
      });
      await th.close();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).to.be.instanceOf(ConfigProblemsError);
    expect((thrown as ConfigProblemsError).problems).to.deep.equal([
      {
        path: 'sinks',
        message:
          'declares no sink, and the default sink type "sqlite" is not loaded: declare a sink (known types: none)',
      },
    ]);
  });
});
