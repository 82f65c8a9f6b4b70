import { expect } from 'chai';
import { join } from 'node:path';
import { runCli, tempProject } from '../support/run-cli.js';

const body = { sinks: [{ id: 'out', type: 'jsonl', path: 'out.jsonl' }] };

describe('config discovery', () => {
  it('finds package.json#tributary from a sub-folder', async () => {
    const dir = tempProject({ 'package.json': JSON.stringify({ name: 'x', tributary: body }), 'sub/deeper/.keep': '' });
    const out = await runCli(['validate'], { cwd: join(dir, 'sub', 'deeper') });
    expect(out.code, out.stderr).to.equal(0);
    expect(out.stdout).to.include(join(dir, 'package.json'));
  });

  it('finds .tributaryrc.json and tributary.config.yml', async () => {
    for (const file of ['.tributaryrc.json', 'tributary.config.yml']) {
      const dir = tempProject({ [file]: JSON.stringify(body) });
      const out = await runCli(['validate'], { cwd: dir });
      expect(out.code, `${file}: ${out.stderr}`).to.equal(0);
      expect(out.stdout).to.include(join(dir, file));
    }
  });

  it('uses --config over discovery, and says so when that file does not exist', async () => {
    const dir = tempProject({ 'tributary.config.yaml': 'connectors: nope\n', 'other.yaml': JSON.stringify(body) });
    const chosen = await runCli(['validate', '--config', 'other.yaml'], { cwd: dir });
    expect(chosen.code, chosen.stderr).to.equal(0);
    const missing = await runCli(['validate', '--config', 'absent.yaml'], { cwd: dir });
    expect(missing.code).to.equal(2);
    expect(missing.stderr).to.include(`The config file ${join(dir, 'absent.yaml')} does not exist`);
  });
});
