import { expect } from 'chai';
import { join } from 'node:path';
import * as v from 'valibot';
import type { ConnectorTemplate } from 'tributary-kit';
import { syntheticConnector } from 'tributary-kit/internal/testing/synthetic-connector.js';
import { testPlugin } from 'tributary-kit/internal/testing/test-plugin.js';
import { runCli, tempProject } from '../support/run-cli.js';

/** README, CLI: what `plugins` reads. A JSONata error is tolerated; any other invalid part of the config is not. */
describe('plugins with a config that does not validate', () => {
  const template = {
    ...syntheticConnector({ rows: 5 }),
    parameters: v.optional(v.strictObject({ pageSize: v.optional(v.number('pageSize must be a number')) }), {}),
  };
  const host = {
    plugins: [testPlugin({ id: 'synthetic-source', connectorTemplates: [template as ConnectorTemplate] })],
  };
  const config = (connector: string) =>
    `connectors:\n  - { nqlId: users, name: Users, connector: synthetic, ${connector} }\n`;

  it('lists the plugins when only a JSONata expression does not compile', async () => {
    const dir = tempProject({
      'tributary.config.yaml': config(
        'mapping: { identification: Username, fields: [{ source: "Department &&& (", target: d }] }',
      ),
    });
    const listed = await runCli(['plugins', '--config', join(dir, 'tributary.config.yaml')], { host });
    expect(listed.code, listed.stderr).to.equal(0);
    expect(listed.stdout).to.contain('synthetic-source');
  });

  it('exits 2 naming the problem when a connector’s parameters do not validate, as every command does', async () => {
    const dir = tempProject({
      'tributary.config.yaml': config(
        'parameters: { pageSize: ten }, mapping: { identification: Username, fields: [{ source: Department, target: d }] }',
      ),
    });
    const listed = await runCli(['plugins', '--config', join(dir, 'tributary.config.yaml')], { host });
    expect(listed.code).to.equal(2);
    expect(listed.stderr).to.contain('connectors[0].parameters.pageSize: pageSize must be a number');
  });
});
