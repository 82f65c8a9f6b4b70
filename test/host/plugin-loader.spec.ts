import { expect } from 'chai';
import * as v from 'valibot';
import {
  ConfigProblemsError,
  ConnectorTemplateToken,
  contributions,
  definePlugin,
  Redactor,
  SinkTypeToken,
  type Plugin,
} from 'tributary-kit';
import { BUILTIN_PLUGINS } from '../../host/builtins/builtin-plugins.js';
import { createHttpClient } from 'tributary-kit/internal/kernel/http/create-http-client.js';
import { loadPlugins } from 'tributary-kit/internal/kernel/plugins/load-plugins.js';
import { memoryHostContext } from 'tributary-kit/internal/kernel/test/memory-host-context.js';
import { recordingSink } from 'tributary-kit/internal/testing/recording-sink.js';
import { syntheticConnector } from 'tributary-kit/internal/testing/synthetic-connector.js';

const hostContext = memoryHostContext((s: string) => new Redactor().add(s));

async function problemsOf(inline: Plugin[]): Promise<string[]> {
  try {
    await loadPlugins({
      extra: [],
      baseDir: process.cwd(),
      hostContext,
      http: createHttpClient(),
      builtins: BUILTIN_PLUGINS,
      inline,
      withoutBuiltins: true,
    });
  } catch (error) {
    if (error instanceof ConfigProblemsError) return error.problems.map((p) => `${p.path}: ${p.message}`);
    throw error;
  }
  return [];
}

const plugin = (id: string, extra: Partial<Parameters<typeof definePlugin>[0]> = {}) =>
  definePlugin({ id, version: '1.0.0', apiVersion: 1, module: contributions(() => undefined), ...extra });

describe('plugin loader', () => {
  it('loads valid plugins and records what each contributes', async () => {
    const { registry } = await loadPlugins({
      extra: [],
      baseDir: process.cwd(),
      hostContext,
      http: createHttpClient(),
      builtins: BUILTIN_PLUGINS,
      withoutBuiltins: true,
      inline: [
        plugin('acme-source', {
          module: contributions(
            ({ bind }) =>
              void bind(ConnectorTemplateToken).toConstantValue(syntheticConnector({ id: 'acme', rows: 1 })),
          ),
        }),
        plugin('acme-sink', {
          module: contributions(({ bind }) => void bind(SinkTypeToken).toConstantValue(recordingSink())),
        }),
      ],
    });
    expect(
      registry.plugins.map((p) => [p.plugin.id, p.contributions.connectorTemplates, p.contributions.sinkTypes]),
    ).to.deep.equal([
      // Without the built-ins, the execution log (which enforces the limits) still loads.
      ['execution-log', [], []],
      ['acme-source', ['acme'], []],
      ['acme-sink', [], ['recording']],
    ]);
    expect(registry.connectorTemplates.get('acme')?.displayName).to.equal('Synthetic');
  });

  it('reports every manifest problem at once, naming each plugin', async () => {
    const problems = await problemsOf([
      plugin('Bad_ID'),
      plugin('old-api', { apiVersion: 0 as 1 }),
      plugin('no-semver', { version: 'latest' }),
      plugin('twice'),
      plugin('twice'),
    ]);
    expect(problems).to.deep.equal([
      'plugin "Bad_ID": id "Bad_ID" must match /^[a-z][a-z0-9-]*(\\/[a-z][a-z0-9-]*)?$/',
      'plugin "old-api": targets plugin API 0, this host implements API 2 (and still loads API 1)',
      'plugin "no-semver": version "latest" is not a semver version',
      'plugin "twice": is loaded twice (from inline and inline)',
    ]);
  });

  it('rejects a contribution whose shape is wrong, and duplicates across plugins', async () => {
    const broken = { id: 'broken', displayName: 'Broken', parameters: v.object({}), credentialTypes: [] };
    const problems = await problemsOf([
      plugin('one', {
        module: contributions(
          ({ bind }) => void bind(ConnectorTemplateToken).toConstantValue(syntheticConnector({ id: 'same', rows: 1 })),
        ),
      }),
      plugin('two', {
        module: contributions(
          ({ bind }) => void bind(ConnectorTemplateToken).toConstantValue(syntheticConnector({ id: 'same', rows: 1 })),
        ),
      }),
      plugin('three', {
        module: contributions(({ bind }) => void bind(ConnectorTemplateToken).toConstantValue(broken as never)),
      }),
    ]);
    expect(problems).to.deep.equal([
      'plugin "two": connector template "same" is already contributed by plugin "one"',
      'plugin "three": connector template "broken" must implement check() and read()',
    ]);
  });

  it('names the plugin whose contribution throws while it is created', async () => {
    const problems = await problemsOf([
      plugin('explodes', {
        module: contributions(
          ({ bind }) =>
            void bind(SinkTypeToken).toDynamicValue(() => {
              throw new Error('no licence key');
            }),
        ),
      }),
    ]);
    expect(problems).to.deep.equal(['plugin "explodes": failed while binding its contributions: no licence key']);
  });
});
