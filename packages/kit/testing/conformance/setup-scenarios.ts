import assert from 'node:assert/strict';
import { PLUGIN_API_VERSION, type Plugin } from '../../core/index.js';
import { connectorDirectly } from '../read-directly.js';
import { CONFORMANCE_NQL_ID as NQL_ID } from './conformance-options.js';
import type { DeclareScenario } from './conformance-harness.js';
import { assertTyped } from './typed-failure.js';

/** The plugin loads through the real loader with a valid manifest; `check` passes on the fixtures and fails cleanly on bad credentials. */
export function declareSetupScenarios(scenario: DeclareScenario, plugin: Plugin): void {
  scenario('load', 'has a valid manifest and loads through the real loader', {}, async ({ th, templateId }) => {
    assert.match(plugin.id, /^[a-z][a-z0-9-]*(\/[a-z][a-z0-9-]*)?$/);
    assert.match(plugin.version, /^\d+\.\d+\.\d+/);
    assert.equal(plugin.apiVersion, PLUGIN_API_VERSION);
    const template = th.host.registry.connectorTemplates.get(templateId)!;
    assert.match(template.id, /^[a-z][a-z0-9-]{0,63}$/);
    assert.ok(template.displayName.trim(), 'the template needs a displayName');
    assert.equal(th.host.connector(NQL_ID).connector, template.id, 'the fixture parameters pass the template schema');
  });

  scenario('check', 'check passes on the fixture setup', {}, async ({ th }) => {
    const report = await th.check(NQL_ID);
    assert.ok(report.ok, `check failed: ${report.messages.join(' | ')}`);
    assert.ok(report.messages.length > 0, 'check should say what it verified');
    assert.ok(report.preview.length > 0, 'check should return sample records');
  });

  scenario(
    'bad-credentials',
    'check fails cleanly on bad credentials (ok: false or a typed error)',
    { bad: true },
    async ({ th }) => {
      const { template, context } = connectorDirectly(th.host, NQL_ID);
      let result;
      try {
        result = await template.check(context);
      } catch (error) {
        assertTyped(error, ['auth', 'config']);
        return;
      }
      assert.equal(result.ok, false, 'check passed with bad credentials');
      assert.ok(result.messages.length > 0, 'a failed check must say why');
    },
  );
}
