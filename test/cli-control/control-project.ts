/**
 * A project for the operator commands: a user API on 127.0.0.1 (its users changeable between runs), a
 * config whose connector `people` reads it into the sqlite sink with its state in a temp folder, and
 * `tributary` in a child process of its own (a run that waits while it is held).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { startLocalServer } from 'tributary-kit/internal/testing/local-server.js';
import { runCli, type CliOutcome } from '../support/run-cli.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');

/** The actor the commands record: `cli:` and the OS user running the tests. */
export const CLI_USER = `cli:${userInfo().username}`;

export interface ControlProject {
  readonly config: string;
  readonly stateDir: string;
  /** What the user API answers: these users (edit them between runs), or a 500 while `failing`. */
  readonly api: { users: string[]; failing: boolean };
  /** `tributary <args> --config <config>` in this process. */
  cli(args: readonly string[]): Promise<CliOutcome>;
  /** `tributary <args> --config <config>` in a child process. */
  spawnCli(args: readonly string[]): CliProcess;
  close(): Promise<void>;
}

export interface CliProcess {
  /** Resolves with the first stderr line matching (one seen already included). */
  stderrLine(match: RegExp): Promise<string>;
  readonly exited: Promise<CliOutcome>;
  kill(): void;
}

/** Starts the API and writes the config; `settings` are top-level config keys (`hold:`, `quarantine:`). */
export async function controlProject(settings: Record<string, unknown> = {}): Promise<ControlProject> {
  const dir = mkdtempSync(join(tmpdir(), 'tributary-cli-control-'));
  const state: ControlProject['api'] = { users: [], failing: false };
  const server = await startLocalServer((_req, res) => {
    res.writeHead(state.failing ? 500 : 200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ users: state.users.map((name) => ({ name, dept: 'Sales' })) }));
  });
  const project: ControlProject = {
    config: join(dir, 'tributary.config.json'),
    stateDir: join(dir, 'state'),
    api: state,
    cli: (args) => runCli([...args, '--config', project.config]),
    spawnCli: (args) => spawnCli([...args, '--config', project.config]),
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  writeFileSync(project.config, JSON.stringify(configOf(server.url, settings), null, 2));
  return project;
}

function configOf(url: string, settings: Record<string, unknown>) {
  return {
    state: { dir: './state' },
    sinks: [{ id: 'users', type: 'sqlite' }],
    connectors: [
      {
        nqlId: 'people',
        name: 'People',
        connector: 'rest-json-user-attributes',
        sink: 'users',
        parameters: { url: `${url}/users`, recordsPath: 'users' },
        mapping: { identification: 'name', fields: [{ source: 'dept', target: 'department' }] },
        sync: { mode: 'full', leavers: { action: 'delete' } },
      },
    ],
    ...settings,
  };
}

function spawnCli(args: readonly string[]): CliProcess {
  const child = spawn(
    process.execPath,
    ['--conditions=tributary-source', '--import', 'tsx', join(HERE, 'tributary-process.ts'), ...args],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  const lines: string[] = [];
  const waiters: Array<{ match: RegExp; resolve: (line: string) => void }> = [];
  createInterface({ input: child.stderr }).on('line', (line) => {
    stderr += `${line}\n`;
    lines.push(line);
    for (const w of waiters.filter((x) => x.match.test(line))) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(line);
    }
  });
  const exited = once(child, 'close').then(([code]) => ({ code: code as number, stdout, stderr }));
  return {
    stderrLine(match) {
      const seen = lines.find((l) => match.test(l));
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        waiters.push({ match, resolve });
        void exited.then((outcome) => reject(new Error(`tributary exited ${outcome.code}: ${outcome.stderr}`)));
      });
    },
    exited,
    kill: () => void child.kill(),
  };
}
