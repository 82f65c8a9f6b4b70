import { fileURLToPath } from 'node:url';
import { pluginModuleUrl } from '../../builtins/builtin-plugins.js';
import type { BuiltinCommand } from '../builtin-command.js';

/** `config/demo.config.yaml` at the package root, from the source tree or from dist/. */
const PACKAGE_ROOT = new URL(import.meta.url.includes('/dist/host/') ? '../../../../' : '../../../', import.meta.url);
const DEMO_CONFIG = fileURLToPath(new URL('config/demo.config.yaml', PACKAGE_ROOT));

/** What the demo uses of the sandbox (`plugins/salesforce-sandbox/index.ts`), which host/ never imports. */
interface DemoSandbox {
  readonly url: string;
  readonly clientId: string;
  readonly clientSecret: string;
  editUser(index: number, changes: Readonly<Record<string, string>>): unknown;
  close(): Promise<void>;
}

/** What happens in the org between the demo's two runs: three users change department. */
const MOVES: ReadonlyArray<readonly [index: number, department: string]> = [
  [0, 'Customer Success'],
  [1, 'Customer Success'],
  [2, 'Data Platform'],
];

interface SandboxModule {
  startSandbox(options: { readonly users: number; readonly seed: number }): Promise<DemoSandbox>;
}

/**
 * Loaded lazily, by URL, so that other commands never pay for it. The sandbox is no plugin, but it sits
 * beside them, `plugins/salesforce-sandbox/index`, in the source tree and in dist/ alike.
 */
async function startSandbox(users: number): Promise<DemoSandbox> {
  const sandbox = (await import(pluginModuleUrl('salesforce-sandbox').href)) as SandboxModule;
  return sandbox.startSandbox({ users, seed: 42 });
}

export const demoCommand: BuiltinCommand = {
  name: 'demo',
  summary: 'Run the demo sync against the bundled Salesforce sandbox (what `npm start` does)',
  help: `Usage: tributary demo [--users N]

Starts the bundled Salesforce-compatible sandbox on a loopback port, runs config/demo.config.yaml
against it into the embedded SQLite sink (<repo>/.tributary/users.db), then, once three users have
changed department in the sandbox, runs it again; prints each execution-log entry, what the second
run changed (tributary changes) and the newest log entries, then stops the sandbox. No account
needed.`,
  valueOptions: ['users'],
  flags: [],
  acceptsPositionals: false,
  hidden: true,
  async run({ args, io, hostOptions, onSignal, cli }) {
    const users = Number(args.options['users'] ?? 4500);
    const sandbox = await startSandbox(Number.isFinite(users) && users > 0 ? users : 4500);
    io.stderr.write(`Salesforce sandbox with ${users} users listening on ${sandbox.url}\n`);
    const env = {
      ...(hostOptions.env ?? process.env),
      TRIBUTARY_DEMO_URL: sandbox.url,
      TRIBUTARY_DEMO_CLIENT_ID: sandbox.clientId,
      TRIBUTARY_DEMO_CLIENT_SECRET: sandbox.clientSecret,
    };
    // The inner CLI escapes and redacts its own output; its progress line keeps its redraws.
    const streams = { stdout: io.stdout, stderr: { write: io.stderrControl, isTTY: io.stderrIsTTY } };
    const options = {
      streams,
      env,
      cwd: hostOptions.cwd,
      host: { logger: hostOptions.logger, redactor: hostOptions.redactor, stateDir: hostOptions.stateDir },
      onSignal,
    };
    try {
      const first = await cli(['run', '--config', DEMO_CONFIG], options);
      if (first === 2) return first;
      io.stdout.write(`\nMeanwhile in the org, ${MOVES.length} users change department; the next run:\n`);
      for (const [index, department] of MOVES) sandbox.editUser(index, { Department: department });
      const code = await cli(['run', '--config', DEMO_CONFIG], options);
      io.stdout.write('\nWhat it changed (tributary changes):\n');
      await cli(['changes', '--config', DEMO_CONFIG, '--limit', '5'], options);
      io.stdout.write('\nNewest execution-log entries (tributary logs):\n');
      await cli(
        [
          'logs',
          '--config',
          DEMO_CONFIG,
          'platform.inbound_connector_logs | list time, status, details.nql_id, details.number_of_processed_rows, details.description | sort time desc | limit 5',
        ],
        options,
      );
      io.stdout.write(
        '\nThe users are in .tributary/users.db. Look at them with:\n' +
          '  npm run -s tributary -- users --config config/demo.config.yaml --field department\n' +
          'follow one user through the change ledger with:\n' +
          '  npm run -s tributary -- changes --config config/demo.config.yaml --user <upn>\n' +
          'and query the log with:\n' +
          '  npm run -s tributary -- logs --config config/demo.config.yaml "platform.inbound_connector_logs during past 1d | summarize runs = count() by status"\n',
      );
      return code;
    } finally {
      await sandbox.close();
    }
  },
};
