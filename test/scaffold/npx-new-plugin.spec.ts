import { expect } from 'chai';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO, packTributary, run } from './generated-package.js';

interface Manifest {
  readonly name: string;
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
    const tarball = await packTributary();
    const empty = mkdtempSync(join(tmpdir(), 'tributary-npx-'));
    // What a newcomer types, with the release as a tarball instead of the registry's copy; native
    // modules are not built (creating a plugin needs none of them).
    const { stdout, stderr } = await run(
      'npm',
      [
        'exec',
        '--yes',
        '--prefer-offline',
        `--package=${tarball}`,
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
    expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))).to.include({ name: 'acme-users' });
    expect(existsSync(join(dir, 'test/conformance.spec.ts'))).to.equal(true);
  });
});
