import Database from 'better-sqlite3';
import { expect } from 'chai';
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

/** The sandbox's users as the sqlite store holds them after a run. */
export interface StoredUsers {
  /** The rows of the sandbox's User table the store holds (its active users), in order. */
  readonly rows: readonly number[];
  /** The UPN of the user at row `row`. */
  upn(row: number): string;
  /** The value the store holds for that user's field. */
  value(row: number, field: string): string;
}

/** The row of a sandbox user: its Username ends in `.<row + 1>@acme.example`. */
const rowOf = (upn: string): number => Number(/\.(\d+)@acme\.example$/.exec(upn)?.[1]) - 1;

/** The users the sqlite store of a {@link SandboxConsole} holds, read from its file (as another process would). */
export function storedUsers(stateDir: string): StoredUsers {
  const db = new Database(join(stateDir, 'users.db'), { readonly: true });
  let rows: Array<{ identifier: string; field: string; value: string }>;
  try {
    rows = db
      .prepare(`SELECT u.identifier, a.field, a.value FROM user_attributes AS a JOIN users AS u ON u.id = a.user_id`)
      .all() as typeof rows;
  } finally {
    db.close();
  }
  const upns = new Map(rows.map((r) => [rowOf(r.identifier), r.identifier]));
  const upn = (row: number): string => {
    expect(upns.has(row), `the store holds the user at row ${row}`).to.equal(true);
    return upns.get(row)!;
  };
  return {
    rows: [...upns.keys()].sort((a, b) => a - b),
    upn,
    value(row, field) {
      const found = rows.find((r) => r.identifier === upn(row) && r.field === field);
      expect(found, `the store holds ${field} of the user at row ${row}`).not.to.equal(undefined);
      return String(found!.value);
    },
  };
}
