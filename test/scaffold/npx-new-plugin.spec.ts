import { expect } from 'chai';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO, packKit, packTributary, run } from './generated-package.js';

interface Manifest {
  readonly name: string;
  readonly version: string;
  readonly bin: Record<string, string>;
}

describe('npx tributary-host new plugin', function () {
  // npm fetches the release's dependencies (from its cache when it has them): a minute on a busy machine.
  this.timeout(600_000);

  it('names a command after the package, the one `npx <package>` runs', () => {
    const manifest = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as Manifest;
    expect(manifest.bin).to.have.property(manifest.name, manifest.bin['tributary']);
  });

  it('scaffolds a plugin from an empty folder, with no project and no configuration around it', async () => {
    const [kit, host] = [await packKit(), await packTributary()];
    const empty = mkdtempSync(join(tmpdir(), 'tributary-npx-'));
    // What a newcomer types, with the release as tarballs instead of the registry's copies (the host's and
    // the kit it depends on, in one install); native modules are not built (creating a plugin needs none of them).
    const { stdout, stderr } = await run(
      'npm',
      [
        'exec',
        '--yes',
        '--prefer-offline',
        `--package=${kit}`,
        `--package=${host}`,
        '--',
        'tributary-host',
        'new',
        'plugin',
        'acme-users',
      ],
      { cwd: empty, timeout: 540_000, env: { ...process.env, npm_config_ignore_scripts: 'true' } },
    );
    expect(stdout).to.contain('Created connector plugin acme-users');
    // Every dependency of the release supports this Node: none pulled in a package for a newer one.
    expect(stderr).not.to.contain('EBADENGINE');
    expect(readdirSync(empty)).to.deep.equal(['acme-users']);
    const dir = join(empty, 'acme-users');
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest).to.include({ name: 'acme-users' });
    // From a release too, the plugin peers on the kit the host depends on, at its version.
    const kitVersion = (JSON.parse(readFileSync(join(REPO, 'packages/kit/package.json'), 'utf8')) as Manifest).version;
    expect(manifest['peerDependencies']).to.deep.equal({ 'tributary-kit': `^${kitVersion}` });
    expect(existsSync(join(dir, 'test/conformance.spec.ts'))).to.equal(true);
  });
});
