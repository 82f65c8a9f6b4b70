import type { PluginNames } from '../plugin-name.js';

/** test/fixture-api.ts: the API the tests read, on 127.0.0.1 (the kit's scripted server). */
export const FIXTURE_API_TS = `import { startScriptedServer, type ScriptedFault } from 'tributary-kit/testing';

export const USERNAME = 'tester';
export const PASSWORD = 'fixture-password';
/** How many users the API holds. */
export const USERS = 23;

export interface FixtureOptions {
  /** Answer every request with this status (a broken source). */
  readonly failWith?: number;
  /** One-off answers (a 503, a 429 with Retry-After, an expired session's 401), used in order. */
  readonly faults?: readonly ScriptedFault[];
  /** Leave \`total\` out of the pages (an API that does not count). */
  readonly withoutTotal?: boolean;
}

/** Matches the requests for page 2: a fault aimed there comes after a first page was read. */
export const ON_PAGE_2 = (request: { url: string }) => request.url.includes('page=2');

/** The users, paged as the connector expects and announcing their total, behind HTTP Basic authentication. */
export async function startFixtureApi(options: FixtureOptions = {}) {
  const users = Array.from({ length: USERS }, (_, i) => ({ email: \`user\${i + 1}@example.com\`, department: ['IT', 'Sales', 'HR'][i % 3] }));
  const expected = \`Basic \${Buffer.from(\`\${USERNAME}:\${PASSWORD}\`).toString('base64')}\`;
  const server = await startScriptedServer((request) => {
    if (options.failWith) return { status: options.failWith, body: { error: 'injected' } };
    if (request.headers.authorization !== expected) return { status: 401, body: { error: 'unauthorized' } };
    const url = new URL(request.url, 'http://127.0.0.1');
    if (url.pathname !== '/users') return { status: 404, body: { error: 'not found' } };
    const page = Number(url.searchParams.get('page') ?? 1);
    const size = Number(url.searchParams.get('pageSize') ?? 100);
    const total = options.withoutTotal ? {} : { total: users.length };
    return { body: { users: users.slice((page - 1) * size, page * size), ...total, hasMore: page * size < users.length } };
  });
  for (const fault of options.faults ?? []) server.inject(fault);
  return { url: server.url, requests: () => server.requests.length, close: () => server.close() };
}
`;

/** test/conformance.spec.ts: the suite every connector passes. */
export const CONNECTOR_SPEC_TS = `import { describeConnectorConformance, type ConformanceScenario } from 'tributary-kit/testing';
import plugin from '../index.js';
import { ON_PAGE_2, PASSWORD, USERNAME, USERS, startFixtureApi, type FixtureOptions } from './fixture-api.js';

const credentials = (url: string | undefined, password: string) => ({ id: 'api', name: 'Fixture API', type: 'basic', url, username: USERNAME, password });

/** What the fixture API does differently in a scenario: fail, refuse one page once (429, then 401). */
const FIXTURES: Partial<Record<ConformanceScenario, FixtureOptions>> = {
  failure: { failWith: 500 },
  retry: { faults: [{ status: 429, headers: { 'retry-after': '0' }, match: ON_PAGE_2 }] },
  reauth: { faults: [{ status: 401, match: ON_PAGE_2 }] },
};

describeConnectorConformance(plugin, {
  parameters: { path: 'users', pageSize: 10 },
  // Secrets are never written in a config: they come from the environment (the setup's vars).
  credentials: (vars) => credentials(vars['url'], '\${API_PASSWORD}'),
  badCredentials: (vars) => credentials(vars['url'], '\${WRONG_PASSWORD}'),
  identification: 'email',
  fields: [{ source: 'department', target: 'department' }],
  expectedRows: USERS, // in 3 pages of 10: every page must be read once
  rowLimit: 10, // a page boundary
  async setup(scenario) {
    const api = await startFixtureApi(FIXTURES[scenario]);
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
import { describe, it } from 'node:test';
import { assertTyped, readAll, readDirectly, recordingSink, startTestHost, testPlugin } from 'tributary-kit/testing';
import plugin from '../index.js';
import { PASSWORD, USERNAME, startFixtureApi, type FixtureOptions } from './fixture-api.js';

const mapping = { identification: 'email', fields: [{ source: 'department', target: 'department' }] };

/** Reads every user from a fixture API: the records (or the error), what the connector reported, the requests the API received. */
async function readUsers(fixture: FixtureOptions, { password = PASSWORD, pageSize = 100, maxRows }: { password?: string; pageSize?: number; maxRows?: number } = {}) {
  const api = await startFixtureApi(fixture);
  try {
    const th = await startTestHost({
      plugins: [plugin, testPlugin({ sinkTypes: [recordingSink()] })],
      config: {
        credentials: [{ id: 'api', name: 'API', type: 'basic', url: api.url, username: USERNAME, password: '\${API_PASSWORD}' }],
        sinks: [{ id: 'out', type: 'recording' }],
        connectors: [{ nqlId: 'users', name: 'Users', connector: '${names.contributionId}', credentials: 'api', sink: 'out', parameters: { pageSize }, mapping }],
      },
      env: { API_PASSWORD: password },
    });
    try {
      const read = readDirectly(th, 'users', { maxRows });
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

  it('says that more rows exist when the API gives no total and the row limit stops the read', async () => {
    const { records, state, requests } = await readUsers({ withoutTotal: true }, { pageSize: 10, maxRows: 10 });
    assert.equal(records?.length, 10);
    assert.equal(state.expectedRows, undefined);
    assert.equal(state.moreAvailable, true);
    assert.equal(requests, 1);
  });

  it('counts every attempt of a retried request as an API call', async () => {
    const { records, state, requests } = await readUsers({ faults: [{ status: 503 }] });
    assert.equal(records?.length, 23);
    assert.equal(requests, 2);
    assert.equal(state.apiCalls, 2);
  });

  it('authenticates again, once, when the API rejects the session', async () => {
    const { records, state } = await readUsers({ faults: [{ status: 401 }] });
    assert.equal(records?.length, 23);
    assert.equal(state.apiCalls, 2);
  });

  it('fails with an auth error when the new session is refused too, without asking a third time', async () => {
    const { error, requests } = await readUsers({}, { password: 'not-the-password' });
    assertTyped(error, ['auth']);
    assert.equal(requests, 2);
  });
});
`;
}
