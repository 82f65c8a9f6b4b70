import Database from 'better-sqlite3';
import { join } from 'node:path';
import { startSandbox, type Sandbox } from '../../plugins/salesforce-sandbox/index.js';
import { sandboxCredentialEntry } from '../../plugins/salesforce-user-attributes/test/support/sandbox-credential.js';

/** The user the specs preview: row 5 of the sandbox, renamed, active, in Finance. */
export const PREVIEWED = 'preview.me@acme.example';
/** The sandbox's client secret: it must never show in what a preview prints or answers. */
export const SECRET = 'preview-client-secret-0451';
export const QUERY = 'SELECT Id, Username, Department, Title FROM User WHERE IsActive = true';

const mapping = (identification: string) => ({
  identification,
  fields: [
    { source: 'Department', target: 'department' },
    { source: 'Title', target: 'title' },
  ],
});

/** A seeded sandbox whose row 5 is {@link PREVIEWED}. */
export async function previewSandbox(): Promise<Sandbox> {
  const sandbox = await startSandbox({ users: 40, seed: 3, credentials: { clientSecret: SECRET } });
  sandbox.editUser(5, { Username: PREVIEWED, IsActive: true, Department: 'Finance', Title: 'Analyst' });
  return sandbox;
}

/**
 * A config keeping its state in `stateDir`: `sf_users` reads the sandbox into the sqlite sink
 * `users`; `sf_lowercase` identifies by an expression (no field path); `sf_expressions` maps with
 * expressions the mapping worker evaluates, one that recurses without end and one whose value is too long;
 * `rest_users` is of a template that cannot preview (its URL is never asked). The secret comes from
 * SF_CLIENT_SECRET.
 */
export function previewConfig(sandbox: Sandbox, stateDir: string, limits: object = {}) {
  return {
    state: { dir: stateDir },
    limits,
    credentials: [sandboxCredentialEntry(sandbox)],
    sinks: [{ id: 'users', type: 'sqlite' }],
    connectors: [
      {
        nqlId: 'sf_users',
        name: 'Salesforce users',
        connector: 'salesforce-user-attributes',
        credentials: 'sf',
        sink: 'users',
        parameters: { query: QUERY },
        mapping: mapping('Username'),
      },
      {
        nqlId: 'sf_lowercase',
        name: 'Salesforce users, lower-cased',
        connector: 'salesforce-user-attributes',
        credentials: 'sf',
        sink: 'users',
        parameters: { query: QUERY },
        mapping: mapping('$lowercase(Username)'),
      },
      {
        nqlId: 'sf_expressions',
        name: 'Salesforce users, through expressions',
        connector: 'salesforce-user-attributes',
        credentials: 'sf',
        sink: 'users',
        parameters: { query: QUERY },
        mapping: {
          identification: 'Username',
          fields: [
            { source: '$uppercase(Department)', target: 'department' },
            { source: '($f := function($n) { $n + $f($n - 1) }; $f(1))', target: 'title' },
            { source: "$pad(Title, 1048577, 'x')", target: 'note' },
          ],
        },
      },
      {
        nqlId: 'rest_users',
        name: 'REST users',
        connector: 'rest-json-user-attributes',
        sink: 'users',
        parameters: { url: 'http://127.0.0.1:9/users' },
        mapping: mapping('userName'),
      },
    ],
  };
}

/** Every stored attribute of the sqlite sink in `stateDir`, with its update time: what a write would change. */
export function storedRows(stateDir: string): unknown[] {
  const db = new Database(join(stateDir, 'users.db'), { readonly: true });
  try {
    return db
      .prepare(
        `SELECT u.identifier, a.field, a.value, a.connector, a.updated_at FROM user_attributes a JOIN users u ON u.id = a.user_id
         ORDER BY u.identifier_key, a.field`,
      )
      .all();
  } finally {
    db.close();
  }
}
