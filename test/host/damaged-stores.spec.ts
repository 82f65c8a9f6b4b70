import { expect } from 'chai';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { memoryLogger } from 'tributary-kit/internal/testing/memory-logger.js';
import { syntheticConnector } from 'tributary-kit/internal/testing/synthetic-connector.js';
import { testPlugin } from 'tributary-kit/internal/testing/test-plugin.js';
import { runCli, tempProject } from '../support/run-cli.js';

const GARBAGE = 'this is not a database, it was overwritten by accident\n'.repeat(100);
const mapping = { identification: 'Username', fields: [{ source: 'Department', target: 'department' }] };

function host(stateDir: string) {
  return {
    logger: memoryLogger(),
    config: {
      state: { dir: stateDir },
      sinks: [{ id: 'users', type: 'sqlite' }],
      connectors: [{ nqlId: 'people', name: 'People', connector: 'synthetic', sink: 'users', mapping }],
    },
    plugins: [testPlugin({ connectorTemplates: [syntheticConnector({ rows: 3 })] })],
  };
}

describe('damaged stores: a broken execution log never stops syncs, a broken users store names its file', () => {
  it('moves a damaged execution-log.db aside, starts a new log, says so, and the sync runs', async () => {
    const stateDir = tempProject({});
    const file = join(stateDir, 'execution-log.db');
    writeFileSync(file, GARBAGE);
    const options = host(stateDir);
    const run = await runCli(['run'], { host: options });
    expect(run.code, run.stdout + run.stderr).to.equal(0);
    expect(run.stdout).to.match(/people: SUCCESS/);
    const aside = readdirSync(stateDir).filter((name) => name.startsWith('execution-log.db.damaged-'));
    expect(aside).to.have.length(1);
    expect(readFileSync(join(stateDir, aside[0]!), 'utf8')).to.equal(GARBAGE);
    expect(options.logger.lines.join('\n')).to.include(
      `warn: The execution log ${file} was damaged (file is not a database): moved it to ${join(stateDir, aside[0]!)} and started a new one.`,
    );
    const logs = await runCli(['logs', '--format', 'json'], { host: host(stateDir) });
    expect((JSON.parse(logs.stdout) as unknown[]).length).to.equal(1);
  });

  it('a damaged users.db fails the run and the users command with its path and what to do', async () => {
    const stateDir = tempProject({});
    const file = join(stateDir, 'users.db');
    writeFileSync(file, GARBAGE);
    const expected = `The users store ${file} is damaged (file is not a database): move it aside and restore it from a backup, or delete it; the next run then starts a new one`;
    const run = await runCli(['run'], { host: host(stateDir) });
    expect(run.code).to.equal(1);
    expect(run.stdout).to.include(expected);
    expect(run.stdout).not.to.include('Unexpected error');
    const users = await runCli(['users'], { host: host(stateDir) });
    expect(users.code).to.equal(1);
    expect(users.stderr).to.equal(`error: ${expected}\n`);
    expect(readFileSync(file, 'utf8')).to.equal(GARBAGE);
    expect(existsSync(join(stateDir, 'execution-log.db'))).to.equal(true);
  });
});
