import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer, type TestServer } from '../../../testing.js';
import { startSandbox, type Sandbox } from '../../salesforce-sandbox/index.js';

/** The connector of a {@link SandboxConsole}: the sandbox's active users, department and title, into the sqlite sink. */
export const SF_USERS = 'sf_users';

/** `serve` (built-in plugins, state in a fresh folder) reading a Salesforce sandbox into the embedded sqlite store. */
export interface SandboxConsole {
  readonly sandbox: Sandbox;
  readonly server: TestServer;
  /** Where the sqlite store (`users.db`) and the execution log with its change ledger are. */
  readonly stateDir: string;
  close(): Promise<void>;
}

/** Starts a sandbox of `users` users and a test server with the token `token` whose connector {@link SF_USERS} reads it. */
export async function startSandboxConsole(token: string, users: number): Promise<SandboxConsole> {
  const sandbox = await startSandbox({ users, seed: 3 });
  const stateDir = mkdtempSync(join(tmpdir(), 'tributary-console-'));
  const config = {
    credentials: [
      {
        id: 'sf',
        name: 'Sandbox',
        type: 'oauth2-client-credentials',
        url: sandbox.url,
        clientId: sandbox.clientId,
        clientSecret: '${SF_CLIENT_SECRET}',
      },
    ],
    sinks: [{ id: 'users', type: 'sqlite' }],
    connectors: [
      {
        nqlId: SF_USERS,
        name: 'Salesforce users',
        connector: 'salesforce-user-attributes',
        credentials: 'sf',
        sink: 'users',
        parameters: { query: 'SELECT Username, Department, Title FROM User WHERE IsActive = true' },
        mapping: {
          identification: 'Username',
          fields: [
            { source: 'Department', target: 'department' },
            { source: 'Title', target: 'title' },
          ],
        },
      },
    ],
  };
  const server = await startTestServer({
    config,
    stateDir,
    env: { SF_CLIENT_SECRET: sandbox.clientSecret },
    token,
  }).catch(async (error: unknown) => {
    await sandbox.close();
    rmSync(stateDir, { recursive: true, force: true });
    throw error;
  });
  return {
    sandbox,
    server,
    stateDir,
    async close() {
      await server.stop();
      await sandbox.close();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
