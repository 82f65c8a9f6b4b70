import { expect } from 'chai';
import Ajv from 'ajv';
import * as v from 'valibot';
import { readConfigFile } from 'tributary-kit/internal/kernel/config/read-config-file.js';
import { recordingSink } from 'tributary-kit/internal/testing/recording-sink.js';
import { syntheticConnector } from 'tributary-kit/internal/testing/synthetic-connector.js';
import { testPlugin } from 'tributary-kit/internal/testing/test-plugin.js';
import { runCli } from '../support/run-cli.js';

type Schema = Record<string, unknown> & { properties: Record<string, Schema>; items: Schema };

/** `tributary config schema` with the built-in plugins (and `plugins`), parsed. */
async function configSchema(options: { config?: unknown; plugins?: [] | [ReturnType<typeof testPlugin>] } = {}) {
  const out = await runCli(['config', 'schema'], {
    host: { stateDir: ':memory:', config: options.config ?? {}, plugins: options.plugins },
  });
  expect(out.code, out.stderr).to.equal(0);
  return { schema: JSON.parse(out.stdout) as Schema, stderr: out.stderr };
}

/** ajv's verdict on `config` (the draft-07 validator eslint brings along), each error as `path: message`. */
function errorsOf(schema: Schema, config: unknown): string[] {
  const ajv = new Ajv({ allErrors: true });
  const validate = ajv.compile(schema);
  if (validate(config)) return [];
  return (validate.errors ?? []).map((e) => `${e.dataPath}: ${e.message}`);
}

/** An example config of the repository as the host reads it (cosmiconfig's YAML), secrets still `${…}`. */
async function example(name: string): Promise<Record<string, unknown>> {
  return (await readConfigFile({ configPath: `config/${name}` })).raw as Record<string, unknown>;
}

describe('tributary config schema', () => {
  let schema: Schema;
  before(async () => {
    ({ schema } = await configSchema());
  });

  it('prints a draft-07 JSON Schema of the whole file, strict where the host is', () => {
    expect(schema['$schema']).to.equal('http://json-schema.org/draft-07/schema#');
    expect(schema['additionalProperties']).to.equal(false);
    expect(Object.keys(schema.properties)).to.have.members([
      'plugins',
      'state',
      'limits',
      'hold',
      'quarantine',
      'lateAfterMinutes',
      'notify',
      'tracing',
      'maxConcurrentRuns',
      'cluster',
      'credentials',
      'sinks',
      'connectors',
      'server',
    ]);
    const connector = schema.properties['connectors']!.items;
    expect(connector['required']).to.have.members(['nqlId', 'name', 'connector', 'mapping']);
    expect(connector['additionalProperties']).to.equal(false);
    expect(connector.properties['mapping']!['required']).to.have.members(['identification', 'fields']);
  });

  it("names the loaded plugins' types, and checks each entry against its own type's schema", () => {
    const sinkTypes = schema.properties['sinks']!.items.properties['type']!['enum'];
    expect(sinkTypes).to.include.members(['sqlite', 'jsonl', 'nexthink-enrichment']);
    expect(schema.properties['credentials']!.items.properties['type']!['enum']).to.include.members([
      'oauth2-client-credentials',
      'basic',
      'oauth2-jwt-bearer',
    ]);
    expect(schema.properties['connectors']!.items.properties['connector']!['enum']).to.include(
      'salesforce-user-attributes',
    );
  });

  it("validates the repository's example configs as the YAML loader reads them", async () => {
    for (const name of ['example.config.yaml', 'demo.config.yaml']) {
      expect(errorsOf(schema, await example(name)), name).to.deep.equal([]);
    }
  });

  it('flags a misspelt key wherever the host is strict, an unknown type, and a wrong value', async () => {
    const config = await example('example.config.yaml');
    const connectors = config['connectors'] as Array<Record<string, unknown>>;
    const first = connectors[0]!;
    const misspelt = (change: (c: Record<string, unknown>) => void) => {
      const copy = structuredClone(config);
      change(copy);
      return errorsOf(schema, copy);
    };
    expect(misspelt((c) => ((c['conectors'] = c['connectors']), delete c['connectors']))).to.include(
      ': should NOT have additional properties',
    );
    expect(misspelt((c) => ((c['connectors'] as object[])[0] = { ...first, mappings: first['mapping'] }))).to.include(
      '.connectors[0]: should NOT have additional properties',
    );
    // Within the Salesforce template's parameters, through the connector's if/then.
    const parameters = first['parameters'] as Record<string, unknown>;
    expect(
      misspelt((c) => ((c['connectors'] as object[])[0] = { ...first, parameters: { ...parameters, batchsize: 500 } })),
    ).to.include('.connectors[0].parameters: should NOT have additional properties');
    expect(
      misspelt((c) => ((c['connectors'] as object[])[0] = { ...first, parameters: { ...parameters, batchSize: 50 } })),
    ).to.include('.connectors[0].parameters.batchSize: should be >= 200');
    // A schedule is one of its two shapes, each strict.
    const schedule = (value: unknown) =>
      misspelt((c) => ((c['connectors'] as object[])[0] = { ...first, schedule: value }));
    expect(schedule({ cron: '0 2 * * *', timezone: 'Europe/Zurich' })).to.deep.equal([]);
    expect(schedule({ recurrence: 'daily', at: '02:00' })).to.deep.equal([]);
    expect(schedule({ recurence: 'daily' })).to.include(
      '.connectors[0].schedule: should match exactly one schema in oneOf',
    );
    expect(schedule({ recurrence: 'daily', cron: '0 2 * * *' })).to.include(
      '.connectors[0].schedule: should match exactly one schema in oneOf',
    );
    expect(misspelt((c) => ((c['sinks'] as object[])[0] = { id: 'users', type: 'sqlight' }))).to.include(
      '.sinks[0].type: should be equal to one of the allowed values',
    );
    expect(
      misspelt((c) => (((c['credentials'] as object[])[0] as Record<string, unknown>)['clientSecrett'] = 'x')),
    ).to.include('.credentials[0]: should NOT have additional properties');
  });

  it('accepts a ${…} reference wherever a string is constrained, as the host substitutes it before checking', () => {
    const config = {
      cluster: { postgres: '${TRIBUTARY_PG_URL}' },
      credentials: [
        { id: 'sf', type: 'oauth2-client-credentials', url: '${SF_URL}', clientId: 'a', clientSecret: 'b' },
      ],
    };
    expect(errorsOf(schema, config)).to.deep.equal([]);
    expect(errorsOf(schema, { cluster: { postgres: 'mysql://db' } })).not.to.deep.equal([]);
  });

  it("includes a plugin's parameters, and leaves out what has no JSON Schema form instead of failing", async () => {
    const template = {
      ...syntheticConnector({ id: 'shaped', rows: 1 }),
      parameters: v.strictObject({
        size: v.pipe(
          v.string(),
          v.transform((text) => Number(text)),
          v.check((n) => n > 0, 'must be positive'),
        ),
        when: v.custom<Date>((input) => input instanceof Date),
      }),
    };
    const { schema: withPlugin } = await configSchema({
      plugins: [testPlugin({ connectorTemplates: [template], sinkTypes: [recordingSink()] })],
    });
    const shaped = (withPlugin.properties['connectors']!.items['allOf'] as Schema[]).find(
      (branch) => (branch['if'] as Schema).properties['connector']!['const'] === 'shaped',
    )!;
    const parameters = (shaped['then'] as Schema).properties['parameters']!;
    expect(parameters.properties['size']).to.deep.equal({ type: 'string' });
    expect(parameters['additionalProperties']).to.equal(false);
    expect(withPlugin.properties['sinks']!.items.properties['type']!['enum']).to.include('recording');
  });

  it("falls back to the built-ins' schema, with a warning, when the config does not load", async () => {
    const { schema: fallback, stderr } = await configSchema({ config: { connectors: 'none' } });
    expect(stderr).to.match(/^Warning: the config does not load \(1 problem, tributary validate lists them\)/);
    expect(fallback.properties['sinks']!.items.properties['type']!['enum']).to.include('sqlite');
  });

  it('needs its subcommand, and has its help', async () => {
    const none = await runCli(['config'], { host: { stateDir: ':memory:', config: {} } });
    expect(none.code).to.equal(2);
    expect(none.stderr).to.include('config needs a subcommand: schema (tributary config schema)');
    const other = await runCli(['config', 'shema'], { host: { stateDir: ':memory:', config: {} } });
    expect(other.code).to.equal(2);
    expect(other.stderr).to.include('Unknown config subcommand "shema"');
    const help = await runCli(['config', '--help']);
    expect(help.stdout).to.match(/^Usage: tributary config schema/);
    expect(help.stdout).to.include('# yaml-language-server: $schema=./tributary.schema.json');
  });
});
