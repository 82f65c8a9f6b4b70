import { expect } from 'chai';
import { BUILTIN_PLUGINS } from '../builtins/builtin-plugins.js';
import { builtinsForTestHost as chooseFrom } from 'tributary-kit/internal/testing/builtins-for-test-host.js';
import { startTestHost } from './builtin-test-host.js';
import { startTestServer } from './start-test-server.js';

describe('the built-in plugins a test host loads', () => {
  const builtinsForTestHost = (config: unknown): string[] =>
    chooseFrom(BUILTIN_PLUGINS, config).map((entry) => entry.id);

  it('loads the execution log and, with no sink declared, the default sqlite sink', () => {
    expect(builtinsForTestHost({})).to.deep.equal(['execution-log', 'sink-sqlite']);
    expect(builtinsForTestHost(undefined)).to.deep.equal(['execution-log', 'sink-sqlite']);
  });

  it('loads each built-in whose template, sink type or credential type the config names, in load order', () => {
    const config = {
      credentials: [{ id: 'api', type: 'basic' }],
      sinks: [
        { id: 'out', type: 'jsonl' },
        { id: 'own', type: 'recording' },
      ],
      connectors: [
        { nqlId: 'a', connector: 'rest-json-user-attributes' },
        { nqlId: 'b', connector: 'my-template' },
      ],
    };
    expect(builtinsForTestHost(config)).to.deep.equal([
      'credentials',
      'rest-json-user-attributes',
      'execution-log',
      'sink-jsonl',
    ]);
    expect(builtinsForTestHost({ sinks: [{ id: 'own', type: 'recording' }] })).to.deep.equal(['execution-log']);
  });

  it('with cluster: loads PostgreSQL’s plugin, and the sqlite sink’s for its users command', () => {
    expect(builtinsForTestHost({ cluster: {} })).to.deep.equal(['execution-log', 'sink-sqlite', 'postgres']);
    expect(builtinsForTestHost({ cluster: {}, sinks: [{ id: 'out', type: 'jsonl' }] })).to.deep.equal([
      'execution-log',
      'sink-sqlite',
      'sink-jsonl',
      'postgres',
    ]);
  });

  it('startTestHost loads the named built-ins only; startTestServer every built-in, as serve does', async () => {
    const th = await startTestHost({ config: { sinks: [{ id: 'out', type: 'jsonl', path: '/dev/null' }] } });
    try {
      expect(th.plugins.map((p) => p.id)).to.deep.equal(['execution-log', 'sink-jsonl', 'tributary-testing']);
    } finally {
      await th.close();
    }
    const server = await startTestServer({ config: {} });
    try {
      const metrics = await server.fetch('/metrics');
      expect(metrics.status).to.equal(200);
    } finally {
      expect(await server.stop()).to.equal(0);
    }
  });
});
