import type { PluginNames } from '../plugin-name.js';

/** src/connector.ts: a paged HTTP JSON source to adapt. */
export function connectorTs(names: PluginNames): string {
  const code = names.contributionId.toUpperCase().replaceAll('-', '_');
  return `import * as v from 'valibot';
import {
  AuthenticationError,
  FatalError,
  TransientError,
  isTributaryError,
  parseJsonBody,
  type CheckResult,
  type ConnectorContext,
  type ConnectorTemplate,
  type HttpClient,
  type HttpResponse,
  type SourceRecord,
} from 'tributary/core';

/** \`connectors[].parameters\`: validated by the host before anything runs. */
export const parameters = v.strictObject({
  /** Path of the user list, relative to the credential's url. */
  path: v.optional(v.pipe(v.string(), v.nonEmpty('path must not be empty')), 'users'),
  pageSize: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1000)), 100),
});
export type Parameters = v.InferOutput<typeof parameters>;

/** One page of the API: \`{ "users": [...], "total": 23, "hasMore": true }\`. Adapt to your API. */
interface Page {
  readonly users: SourceRecord[];
  /** How many users the whole list holds, when the API says. */
  readonly total: number | undefined;
  readonly hasMore: boolean;
}

/** Maps a failed answer to a typed error: the host decides retries and status from its category. */
function failure(response: HttpResponse): Error {
  const message = \`The API answered HTTP \${response.status}\`;
  if (response.status === 401 || response.status === 403) return new AuthenticationError('${code}_AUTH', \`\${message}: check the credentials\`);
  if (response.status === 429 || response.status >= 500) return new TransientError('${code}_UNAVAILABLE', message);
  return new FatalError(\`${code}_HTTP_\${response.status}\`, message);
}

async function fetchPage(http: HttpClient, context: ConnectorContext<Parameters>, page: number, pageSize: number): Promise<Page> {
  const { credential, signal } = context;
  if (!credential) throw new FatalError('${code}_NO_CREDENTIALS', 'This connector needs credentials');
  const get = async (force: boolean) => {
    const session = await credential.authenticate({ basicAs: 'header', force, signal });
    const url = \`\${session.baseUrl}/\${context.parameters.path}?page=\${page}&pageSize=\${pageSize}\`;
    // onAttempt counts every attempt the client sends, retries included (details.api_calls).
    return http.request({ url, headers: { accept: 'application/json', ...session.headers }, signal, onAttempt: () => context.countApiCall() });
  };
  let response = await get(false);
  // A cached session (a token) may have expired: authenticate again, bypassing the cache, once.
  if (response.status === 401) response = await get(true);
  if (response.status !== 200) throw failure(response);
  const body = parseJsonBody(response.body) as { users?: unknown; total?: unknown; hasMore?: unknown } | undefined;
  if (!body || !Array.isArray(body.users)) throw new FatalError('${code}_BAD_PAGE', 'The API answered without a "users" list');
  const total = typeof body.total === 'number' ? body.total : undefined;
  // The host shows progress against the announced total (and logs it as received when the row limit stops the read).
  if (total !== undefined) context.expectRows(total);
  return { users: body.users as SourceRecord[], total, hasMore: body.hasMore === true };
}

/** The \`${names.contributionId}\` connector template. */
export function createConnector(http: HttpClient): ConnectorTemplate<Parameters> {
  return {
    id: '${names.contributionId}',
    displayName: '${names.title}',
    parameters,
    credentialTypes: ['basic', 'oauth2-client-credentials'],
    async check(context): Promise<CheckResult> {
      try {
        const page = await fetchPage(http, context, 1, Math.min(context.parameters.pageSize, 20));
        return { ok: true, messages: [\`Read \${page.users.length} users from the first page\`], sample: page.users, expectedRows: page.total };
      } catch (error) {
        // A refusal is a verdict (ok: false); only cancellation and bugs are thrown.
        if (isTributaryError(error) && error.category !== 'cancelled') {
          return { ok: false, messages: [error.message], sample: [] };
        }
        throw error;
      }
    },
    async *read(context) {
      let received = 0;
      for (let page = 1; ; page++) {
        // Never fetch more than the host wants: the row limit, or a listener that asked to stop.
        if (received >= context.maxRows || context.stopRequested) return;
        const { users, hasMore } = await fetchPage(http, context, page, context.parameters.pageSize);
        received += users.length;
        yield { records: users };
        if (!hasMore) return;
      }
    },
  };
}
`;
}

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

export function connectorUsage(names: PluginNames): string {
  return `connectors:
  - nqlId: ${names.contributionId.replaceAll('-', '_')}_users
    name: ${names.title} users
    connector: ${names.contributionId}
    credentials: api
    parameters: { path: users, pageSize: 100 }
    mapping: { identification: email, fields: [{ source: department, target: department }] }
`;
}
