import { expect } from 'chai';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { syntheticConnector } from 'tributary-kit/internal/testing/synthetic-connector.js';
import { testPlugin } from 'tributary-kit/internal/testing/test-plugin.js';
import { runCli, tempProject } from '../support/run-cli.js';

const mapping = { identification: 'Username', fields: [{ source: 'Department', target: 'department' }] };
const mode = (path: string): string => (statSync(path).mode & 0o777).toString(8).padStart(4, '0');

async function runInto(access?: 'private' | 'group') {
  const dir = tempProject({});
  const stateDir = join(dir, 'state');
  const config = {
    state: { dir: stateDir, ...(access ? { access } : {}) },
    sinks: [
      { id: 'users', type: 'sqlite' },
      { id: 'export', type: 'jsonl', path: join(dir, 'out', 'users.jsonl') },
    ],
    connectors: [
      { nqlId: 'to_store', name: 'To the store', connector: 'synthetic', sink: 'users', mapping },
      { nqlId: 'to_file', name: 'To a file', connector: 'synthetic', sink: 'export', mapping },
    ],
  };
  const run = await runCli(['run'], {
    host: { config, plugins: [testPlugin({ connectorTemplates: [syntheticConnector({ rows: 3 })] })] },
  });
  expect(run.code, run.stdout + run.stderr).to.equal(0);
  return {
    folders: [stateDir, join(stateDir, 'locks'), join(dir, 'out')].map(mode),
    files: [join(stateDir, 'execution-log.db'), join(stateDir, 'users.db'), join(dir, 'out', 'users.jsonl')].map(mode),
  };
}

describe('state access: what Tributary creates is private to its user unless state.access says group', () => {
  it('private by default: folders 0700, files 0600 (stores, locks, jsonl exports)', async () => {
    const before = process.umask(0o022);
    try {
      expect(await runInto()).to.deep.equal({ folders: ['0700', '0700', '0700'], files: ['0600', '0600', '0600'] });
      expect(process.umask(0o022)).to.equal(0o022); // the CLI restored the umask when it returned
    } finally {
      process.umask(before);
    }
  });

  it('state.access: group gives the group read access (0750, 0640), never the world', async () => {
    const before = process.umask(0o022);
    try {
      expect(await runInto('group')).to.deep.equal({
        folders: ['0750', '0750', '0750'],
        files: ['0640', '0640', '0640'],
      });
    } finally {
      process.umask(before);
    }
  });

  it('refuses any other value', async () => {
    const out = await runCli(['validate'], { host: { config: { state: { dir: ':memory:', access: 'world' } } } });
    expect(out.code).to.equal(2);
    expect(out.stderr).to.include('state.access: must be private or group');
  });
});
