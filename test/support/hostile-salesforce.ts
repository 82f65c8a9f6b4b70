import type { IncomingMessage, ServerResponse } from 'node:http';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../host/cli/main.js';
import { startLocalServer, type LocalServer } from 'tributary-kit/internal/testing/local-server.js';
import { tempProject, type CliOutcome } from './run-cli.js';

export type Handler = (req: IncomingMessage & { body: string }, res: ServerResponse) => void;

export const USER_PAGE = {
  totalSize: 1,
  done: true,
  records: [{ attributes: { type: 'User', url: '/u/1' }, Username: 'ada@acme.example' }],
};

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/**
 * A Salesforce look-alike on 127.0.0.1 whose token endpoint and query endpoint answer as the test
 * says; by default a token and one page of one user.
 */
export async function startHostileSalesforce(
  handlers: { token?: Handler; query?: Handler } = {},
): Promise<LocalServer> {
  const server: LocalServer = await startLocalServer((req, res) => {
    if (req.url?.startsWith('/services/oauth2/token')) {
      if (handlers.token) return handlers.token(req, res);
      return sendJson(res, 200, { access_token: '00Dxx!issued-token-value', instance_url: server.url });
    }
    if (handlers.query) return handlers.query(req, res);
    sendJson(res, 200, USER_PAGE);
  });
  return server;
}

/** A project folder whose config reads `server` with `credential` (id `sf`) into a jsonl file. */
export function salesforceProject(credential: Record<string, unknown>, files: Record<string, string> = {}): string {
  const dir = tempProject(files);
  const config = {
    credentials: [{ id: 'sf', name: 'Salesforce', ...credential }],
    sinks: [{ id: 'out', type: 'jsonl', path: 'users.jsonl' }],
    connectors: [
      {
        nqlId: 'sf_users',
        name: 'Salesforce users',
        connector: 'salesforce-user-attributes',
        credentials: 'sf',
        sink: 'out',
        parameters: { query: 'SELECT Username FROM User' },
        mapping: { identification: 'Username', fields: [{ source: 'Username', target: 'login' }] },
      },
    ],
  };
  writeFileSync(join(dir, 'tributary.config.json'), JSON.stringify(config, null, 2));
  return dir;
}

/** The real CLI in `dir`, logging to the captured stderr as it does in a terminal. */
export async function cli(dir: string, argv: string[], env: NodeJS.ProcessEnv): Promise<CliOutcome> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    cwd: dir,
    env,
    streams: { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } },
    onSignal: () => () => undefined,
  });
  return { code, stdout, stderr };
}

/** Everything Tributary wrote under the project's state folder (the execution log, its WAL), as text. */
export function stateFiles(dir: string): string {
  const state = join(dir, '.tributary');
  const walk = (folder: string): string[] =>
    readdirSync(folder).flatMap((name) => {
      const path = join(folder, name);
      return statSync(path).isDirectory() ? walk(path) : [readFileSync(path).toString('latin1')];
    });
  return walk(state).join('\n');
}
