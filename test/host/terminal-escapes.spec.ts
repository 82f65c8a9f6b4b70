import { expect } from 'chai';
import { FatalError, silentLogger, type ConnectorTemplate } from 'tributary-kit';
import { escapeControls } from '../../host/cli/terminal-text.js';
import { main } from '../../host/cli/main.js';
import { syntheticConnector } from 'tributary-kit/internal/testing/synthetic-connector.js';
import { testPlugin } from 'tributary-kit/internal/testing/test-plugin.js';
import { tempProject } from '../support/run-cli.js';
import { sqliteConfig } from '../support/sqlite-config.js';

const HOSTILE = 'evil\u001b]0;pwned\u0007 \u001b[2J\u009b31m\rgone\b';
const ESCAPED = 'evil\\u001b]0;pwned\\u0007 \\u001b[2J\\u009b31m\\u000dgone\\u0008';

const failing: ConnectorTemplate = {
  ...syntheticConnector({ id: 'hostile-error', rows: 1 }),
  // eslint-disable-next-line require-yield
  async *read() {
    throw new FatalError('SF_SERVER', `Salesforce said ${HOSTILE}`);
  },
};
const hostileData = syntheticConnector({
  id: 'hostile-data',
  rows: 2,
  record: (i) => ({ Username: `u${i}@x.com`, Department: HOSTILE }),
});

/** The CLI on a terminal: both streams say isTTY. */
async function onTerminal(argv: string[], stateDir: string) {
  let stdout = '';
  let stderr = '';
  const config = sqliteConfig(stateDir, [
    {
      nqlId: 'hostile_error',
      name: 'Hostile error',
      connector: 'hostile-error',
      sink: 'users',
      mapping: { identification: 'Username', fields: [{ source: 'Department', target: 'department' }] },
    },
    {
      nqlId: 'hostile_data',
      name: 'Hostile data',
      connector: 'hostile-data',
      sink: 'users',
      mapping: { identification: 'Username', fields: [{ source: 'Department', target: 'department' }] },
    },
  ]);
  const code = await main(argv, {
    streams: {
      stdout: { write: (t: string) => (stdout += t), isTTY: true },
      stderr: { write: (t: string) => (stderr += t), isTTY: true },
    },
    host: { logger: silentLogger, config, plugins: [testPlugin({ connectorTemplates: [failing, hostileData] })] },
    onSignal: () => () => undefined,
  });
  return { code, stdout, stderr };
}

describe('terminal escapes: control characters from sources never reach a terminal raw', () => {
  it('escapeControls shows C0, DEL and C1 as \\u escapes, keeping line feeds, tabs and CRLF', () => {
    expect(escapeControls(HOSTILE)).to.equal(ESCAPED);
    expect(escapeControls('a\tb\nc\r\nd\u007f')).to.equal('a\tb\nc\r\nd\\u007f');
    expect(escapeControls('Zürich — ok')).to.equal('Zürich — ok');
  });

  it('in run output, the logs table and the users table', async () => {
    const stateDir = tempProject({});
    const run = await onTerminal(['run'], stateDir);
    expect(run.code).to.equal(1);
    const logs = await onTerminal(['logs'], stateDir);
    const users = await onTerminal(['users'], stateDir);
    for (const out of [run, logs, users]) {
      // The progress line's own redraws (carriage return, erase line) are the only control sequences.
      expect(escapeControls((out.stdout + out.stderr).replaceAll('\r\u001b[K', ''))).to.equal(
        (out.stdout + out.stderr).replaceAll('\r\u001b[K', ''),
      );
    }
    expect(run.stdout).to.include(`Salesforce said ${ESCAPED}`);
    expect(logs.stdout).to.include('evil\\u001b]0;pwned\\u0007');
    expect(users.stdout).to.include('evil\\u001b]0;pwned\\u0007');
  });

  it('on stderr always; piped stdout keeps the data as it is (JSON escapes it itself)', async () => {
    const stateDir = tempProject({});
    await onTerminal(['run', 'hostile_error'], stateDir);
    let stdout = '';
    let stderr = '';
    const piped = async (argv: string[]) =>
      main(argv, {
        streams: { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } },
        cwd: stateDir,
        host: { logger: silentLogger, config: { state: { dir: stateDir } } },
        onSignal: () => () => undefined,
      });
    expect(await piped(['logs', '--format', 'json'])).to.equal(0);
    expect((JSON.parse(stdout) as Array<Record<string, string>>)[0]!['details.description']).to.equal(
      `Salesforce said ${HOSTILE}`,
    );
    expect(await piped(['logs', 'platform.inbound_connector_logs | where details.name == "\u001b[2J" or'])).to.equal(2);
    expect(stderr).to.include('"\\u001b[2J"');
    expect(stderr).not.to.include('\u001b');
  });
});
