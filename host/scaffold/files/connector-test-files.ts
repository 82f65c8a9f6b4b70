import type { PluginNames } from '../plugin-name.js';

/** test/fixture-api.ts: the API the tests read, on 127.0.0.1. */
export const FIXTURE_API_TS = `import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export const USERNAME = 'tester';
export const PASSWORD = 'fixture-password';

export interface FixtureOptions {
  /** Answer every request with this status. */
  readonly failWith?: number;
  /** Answer the first request only with this status (503: a retry; 401: an expired session). */
  readonly failFirst?: number;
}

/** 23 users, paged as the connector expects and announcing their total, behind HTTP Basic authentication. */
export async function startFixtureApi(options: FixtureOptions = {}) {
  const users = Array.from({ length: 23 }, (_, i) => ({ email: \`user\${i + 1}@example.com\`, department: ['IT', 'Sales', 'HR'][i % 3] }));
  const expected = \`Basic \${Buffer.from(\`\${USERNAME}:\${PASSWORD}\`).toString('base64')}\`;
  let requests = 0;
  const server = createServer((req, res) => {
    requests++;
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    res.setHeader('content-type', 'application/json');
    const injected = options.failWith ?? (requests === 1 ? options.failFirst : undefined);
    if (injected) return void res.writeHead(injected).end('{"error":"injected"}');
    if (req.headers.authorization !== expected) return void res.writeHead(401).end('{"error":"unauthorized"}');
    if (url.pathname !== '/users') return void res.writeHead(404).end('{"error":"not found"}');
    const page = Number(url.searchParams.get('page') ?? 1);
    const size = Number(url.searchParams.get('pageSize') ?? 100);
    res.end(JSON.stringify({ users: users.slice((page - 1) * size, page * size), total: users.length, hasMore: page * size < users.length }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: \`http://127.0.0.1:\${(server.address() as AddressInfo).port}\`,
    requests: () => requests,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
`;

/** test/conformance.spec.ts: the suite every connector passes. */
export const CONNECTOR_SPEC_TS = `import { describeConnectorConformance } from 'tributary/testing';
import plugin from '../index.js';
import { PASSWORD, USERNAME, startFixtureApi } from './fixture-api.js';

const credentials = (url: string | undefined, password: string) => ({ id: 'api', name: 'Fixture API', type: 'basic', url, username: USERNAME, password });

describeConnectorConformance(plugin, {
  parameters: { path: 'users', pageSize: 10 },
  // Secrets are never written in a config: they come from the environment (the setup's vars).
  credentials: (vars) => credentials(vars['url'], '\${API_PASSWORD}'),
  badCredentials: (vars) => credentials(vars['url'], '\${WRONG_PASSWORD}'),
  identification: 'email',
  fields: [{ source: 'department', target: 'department' }],
  rowLimit: 5,
  async setup(scenario) {
    const api = await startFixtureApi(scenario === 'failure' ? { failWith: 500 } : {});
    return {
      vars: { url: api.url, API_PASSWORD: PASSWORD, WRONG_PASSWORD: 'not-the-password' },
      requests: api.requests,
      teardown: api.close,
    };
  },
});
`;

/** test/connector.spec.ts: what the conformance suite cannot see (totals, retries, re-authentication). */
export function connectorSpecTs(names: PluginNames): string {
  return `import assert from 'node:assert/strict';
import { assertTyped, readAll, readDirectly, recordingSink, startTestHost, testPlugin } from 'tributary/testing';
import plugin from '../index.js';
import { PASSWORD, USERNAME, startFixtureApi, type FixtureOptions } from './fixture-api.js';

const mapping = { identification: 'email', fields: [{ source: 'department', target: 'department' }] };

/** Reads every user from a fixture API: the records (or the error), what the connector reported, the requests the API received. */
async function readUsers(fixture: FixtureOptions, password = PASSWORD) {
  const api = await startFixtureApi(fixture);
  try {
    const th = await startTestHost({
      plugins: [plugin, testPlugin({ sinkTypes: [recordingSink()] })],
      config: {
        credentials: [{ id: 'api', name: 'API', type: 'basic', url: api.url, username: USERNAME, password: '\${API_PASSWORD}' }],
        sinks: [{ id: 'out', type: 'recording' }],
        connectors: [{ nqlId: 'users', name: 'Users', connector: '${names.contributionId}', credentials: 'api', sink: 'out', parameters: { pageSize: 100 }, mapping }],
      },
      env: { API_PASSWORD: password },
    });
    try {
      const read = readDirectly(th.host, 'users');
      let error: unknown;
      const records = await readAll(read).catch((e: unknown) => void (error = e));
      return { records, error, state: read.state, requests: api.requests() };
    } finally {
      await th.close();
    }
  } finally {
    await api.close();
  }
}

describe('connector', () => {
  it('announces the total the API reports', async () => {
    const { records, state } = await readUsers({});
    assert.equal(records?.length, 23);
    assert.equal(state.expectedRows, 23);
  });

  it('counts every attempt of a retried request as an API call', async () => {
    const { records, state, requests } = await readUsers({ failFirst: 503 });
    assert.equal(records?.length, 23);
    assert.equal(requests, 2);
    assert.equal(state.apiCalls, 2);
  });

  it('authenticates again, once, when the API rejects the session', async () => {
    const { records, state } = await readUsers({ failFirst: 401 });
    assert.equal(records?.length, 23);
    assert.equal(state.apiCalls, 2);
  });

  it('fails with an auth error when the new session is refused too, without asking a third time', async () => {
    const { error, requests } = await readUsers({}, 'not-the-password');
    assertTyped(error, ['auth']);
    assert.equal(requests, 2);
  });
});
`;
}
