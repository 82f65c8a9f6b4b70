import { expect } from 'chai';
import { contributions, definePlugin, ExecutionListenerToken, type ExecutionListener } from 'tributary-kit';
import { recordingSink } from 'tributary-kit/internal/testing/recording-sink.js';
import { syntheticConnector } from 'tributary-kit/internal/testing/synthetic-connector.js';
import { testPlugin } from 'tributary-kit/internal/testing/test-plugin.js';
import { bareHost } from '../support/bare-host.js';
import { syntheticConfig } from '../support/synthetic-config.js';

/** What docs/plugins.md promises a plugin about the end of a host's life. */
describe('host close: plugins release what they hold', () => {
  it('calls each opened sink’s close() and the onDeactivation of a singleton the host resolved, once each', async () => {
    const events: string[] = [];
    const listener: ExecutionListener = { id: 'holder', start: () => ({}) };
    const holder = definePlugin({
      id: 'resource-holder',
      version: '1.0.0',
      apiVersion: 1,
      description: 'Holds a resource until the host closes',
      module: contributions(({ bind }) => {
        bind(ExecutionListenerToken)
          .toDynamicValue(() => (events.push('opened'), listener))
          .inSingletonScope()
          .onDeactivation(() => void events.push('released'));
      }),
    });
    const sink = recordingSink();
    const host = await bareHost(syntheticConfig({ sink: 'out' }), [
      testPlugin({ connectorTemplates: [syntheticConnector({ rows: 3 })], sinkTypes: [sink] }),
      holder,
    ]);
    expect((await host.run('users')).status).to.equal('success');
    expect(events).to.deep.equal(['opened']);
    expect(sink.closed).to.deep.equal([]);
    await host.close();
    expect(sink.closed).to.deep.equal(['out']);
    expect(events).to.deep.equal(['opened', 'released']);
  });
});
