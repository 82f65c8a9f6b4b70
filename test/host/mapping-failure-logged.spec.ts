import { expect } from 'chai';
import { silentLogger } from 'tributary-kit';
import { createHost } from '../../host/builtins/create-host.js';
import { recordingSink } from 'tributary-kit/internal/testing/recording-sink.js';
import { syntheticConnector } from 'tributary-kit/internal/testing/synthetic-connector.js';
import { testPlugin } from 'tributary-kit/internal/testing/test-plugin.js';
import { syntheticConfig } from '../support/synthetic-config.js';

describe('an invalid mapping at run time', () => {
  it('writes one failure entry for that connector, naming the field, and nothing to the sink', async () => {
    const sink = recordingSink();
    const host = await createHost({
      stateDir: ':memory:',
      logger: silentLogger,
      deferMappingErrors: true,
      plugins: [testPlugin({ connectorTemplates: [syntheticConnector({ rows: 10 })], sinkTypes: [sink] })],
      config: syntheticConfig({
        nqlId: 'broken',
        name: 'Broken',
        mapping: { identification: 'Username', fields: [{ source: '$sum(', target: 'total' }] },
      }),
    });
    try {
      const result = await host.run('broken');
      expect(result.status).to.equal('failure');
      expect(result.description).to.match(/^Invalid JSONata expression for field total: /);
      expect(sink.runs).to.have.length(0);
      let out = '';
      const code = await host.registry.commands.get('logs')!.run(
        {
          positionals: ['platform.inbound_connector_logs | list status, details.nql_id, details.description'],
          options: { format: 'json' },
        },
        { stdout: { write: (t) => void (out += t) }, stderr: { write: () => undefined } },
      );
      expect(code).to.equal(0);
      const entries = JSON.parse(out) as Array<Record<string, string>>;
      expect(entries).to.have.length(1);
      expect(entries[0]!['status']).to.equal('failure');
      expect(entries[0]!['details.nql_id']).to.equal('broken');
      expect(entries[0]!['details.description']).to.equal(result.description);
    } finally {
      await host.close();
    }
  });
});
