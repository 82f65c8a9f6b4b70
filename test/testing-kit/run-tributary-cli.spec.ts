import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runTributaryCli } from '../../testing.js';
import { KIT, ensureBuilt } from '../scaffold/generated-package.js';

/** The kit's CLI runner: the real `tributary` command, as a child process, against a plugin folder. */
describe('tributary-host/testing: runTributaryCli', function () {
  this.timeout(120_000);
  let plugin: string;
  before(async () => {
    await ensureBuilt();
    plugin = mkdtempSync(join(tmpdir(), 'tributary-cli-plugin-'));
    // The kit's built plugin API: the module the host's command loads as tributary-kit.
    const core = pathToFileURL(join(KIT, 'dist/core/index.js')).href;
    writeFileSync(
      join(plugin, 'package.json'),
      JSON.stringify({ name: 'acme-hello', type: 'module', main: 'index.js' }),
    );
    writeFileSync(
      join(plugin, 'index.js'),
      `import { PLUGIN_API_VERSION, definePlugin } from ${JSON.stringify(core)};\n` +
        `export default definePlugin({ id: 'acme-hello', version: '1.2.3', apiVersion: PLUGIN_API_VERSION, description: 'Says hello', register() {} });\n`,
    );
  });

  it('loads the plugin folder a config names, and reports the exit code and output of the command', async () => {
    const listed = await runTributaryCli(['plugins'], { config: { plugins: [plugin] } });
    expect(listed.code, listed.stderr).to.equal(0);
    expect(listed.stdout).to.contain('acme-hello');
    expect(listed.dir).to.be.a('string');
  });

  it('gives exit code 2 for a configuration that does not validate, with the reason on stderr', async () => {
    const invalid = await runTributaryCli(['validate'], {
      config: { plugins: [plugin], connectors: [{ nqlId: 'x' }] },
    });
    expect(invalid.code).to.equal(2);
    expect(invalid.stderr).to.contain('connectors[0]');
  });
});
