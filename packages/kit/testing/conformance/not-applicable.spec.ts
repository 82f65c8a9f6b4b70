import { expect } from 'chai';
import * as v from 'valibot';
import {
  AuthenticationError,
  CancelledError,
  FatalError,
  isTributaryError,
  TransientError,
  type ConnectorContext,
  type ConnectorTemplate,
  type HttpResponse,
  type Plugin,
  type SourceRecord,
} from '../../core/index.js';
import {
  describeConnectorConformance,
  startScriptedServer,
  testHttpClient,
  testPlugin,
  type ConformanceOptions,
  type ConformanceScenario,
} from '../index.js';
import { CONFORMANCE_SCENARIOS, NOT_APPLICABLE_SCENARIOS } from './conformance-options.js';

interface DeclaredTest {
  readonly title: string;
  readonly pending: boolean;
  readonly fn: () => Promise<void>;
}

interface DeclaredSuite {
  title?: string;
  readonly tests: DeclaredTest[];
  readonly before: Array<() => Promise<void>>;
}

type Globals = Record<'describe' | 'it' | 'before', unknown>;

/**
 * What `describeConnectorConformance` declares, caught by stand-ins for mocha's `describe`, `it` and
 * `before` (the real ones are put back before this returns): the suite's tests, run by hand below.
 */
function declaredSuite(plugin: Plugin, options: ConformanceOptions): DeclaredSuite {
  const globals = globalThis as unknown as Globals;
  const saved: Globals = { describe: globals.describe, it: globals.it, before: globals.before };
  const suite: DeclaredSuite = { tests: [], before: [] };
  const test =
    (pending: boolean) =>
    (title: string, fn: () => Promise<void>): void =>
      void suite.tests.push({ title, pending, fn });
  try {
    globals.describe = (title: string, fn: (this: { timeout(ms: number): void }) => void) => {
      suite.title = title;
      fn.call({ timeout: () => undefined });
    };
    globals.it = Object.assign(test(false), { skip: test(true) });
    globals.before = (fn: () => Promise<void>) => void suite.before.push(fn);
    describeConnectorConformance(plugin, options);
  } finally {
    Object.assign(globals, saved);
  }
  return suite;
}

/** Runs the suite's hooks, then each test that is not pending; the titles of those that failed, with why. */
async function failuresOf(suite: DeclaredSuite): Promise<string[]> {
  for (const hook of suite.before) await hook();
  const failures: string[] = [];
  for (const test of suite.tests.filter((t) => !t.pending)) {
    await test.fn().catch((error: unknown) => failures.push(`${test.title}: ${String(error)}`));
  }
  return failures;
}

const titles = (suite: DeclaredSuite, pending: boolean): string[] =>
  suite.tests.filter((t) => t.pending === pending).map((t) => t.title);

const ROWS = 30;
const PAGE_SIZE = 10;
const TOKEN = 'static-api-token';
const http = testHttpClient();

/** GET with the static token; a 401 is final (the token does not change), a 429/5xx is retried by the client. */
async function get(context: ConnectorContext<{ url: string }>, url: string): Promise<HttpResponse> {
  if (context.signal.aborted) throw new CancelledError();
  const session = await context.credential!.authenticate({ signal: context.signal });
  const response = await http.request({
    url,
    headers: session.headers,
    signal: context.signal,
    onAttempt: () => context.countApiCall(),
  });
  if (response.status === 200) return response;
  if (response.status === 401) throw new AuthenticationError('LIST_TOKEN_REFUSED', 'The list refused the API token');
  if (response.status === 429 || response.status >= 500)
    throw new TransientError('LIST_UNAVAILABLE', `The list answered ${response.status}`);
  throw new FatalError('LIST_FAILED', `The list answered ${response.status}`);
}

/** A connector of an API that takes a static token (`bearer-token`): no session, nothing to renew. */
const staticTokenConnector: ConnectorTemplate<{ url: string }> = {
  id: 'static-list',
  displayName: 'Static-token list',
  parameters: v.strictObject({ url: v.string() }),
  credentialTypes: ['bearer-token'],
  async check(context) {
    const body = JSON.parse((await get(context, `${context.parameters.url}/users?page=1`)).body) as {
      users: SourceRecord[];
    };
    return { ok: true, messages: ['List ready'], sample: body.users };
  },
  async *read(context) {
    let received = 0;
    let next: number | undefined = 1;
    while (next !== undefined && received < context.maxRows && !context.stopRequested) {
      const page: { users: SourceRecord[]; next?: number } = JSON.parse(
        (await get(context, `${context.parameters.url}/users?page=${next}`)).body,
      );
      received += page.users.length;
      next = page.next;
      if (next !== undefined && received >= context.maxRows) context.moreAvailable();
      yield { records: page.users };
    }
  },
};

/** The list API: 30 users in pages of 10, `Bearer static-api-token` or a 401. */
async function listApi(scenario: ConformanceScenario) {
  const server = await startScriptedServer((request) => {
    if (scenario === 'failure') return { status: 500, body: { error: 'down' } };
    if (request.headers.authorization !== `Bearer ${TOKEN}`) return { status: 401, body: { error: 'bad token' } };
    const page = Number(new URL(request.url, 'http://list').searchParams.get('page'));
    const users = Array.from({ length: PAGE_SIZE }, (_, i) => ({
      email: `u${(page - 1) * PAGE_SIZE + i}@example.com`,
    }));
    return { body: { users, ...(page * PAGE_SIZE < ROWS ? { next: page + 1 } : {}) } };
  });
  if (scenario === 'retry')
    server.inject({ status: 429, headers: { 'retry-after': '0' }, match: (r) => r.url.endsWith('page=2') });
  return server;
}

const plugin = testPlugin({ id: 'static-list', connectorTemplates: [staticTokenConnector as ConnectorTemplate] });

/** Options for the static-token connector; `setups` collects the scenarios whose setup ran. */
function staticTokenOptions(setups: ConformanceScenario[] = []): ConformanceOptions {
  const entry = (secret: string) => (vars: Readonly<Record<string, string>>) => ({
    id: 'list',
    name: 'List',
    type: 'bearer-token',
    url: vars['url'],
    token: `\${${secret}}`,
  });
  return {
    parameters: (vars) => ({ url: vars['url'] }),
    credentials: entry('LIST_TOKEN'),
    badCredentials: entry('WRONG_TOKEN'),
    identification: 'email',
    expectedRows: ROWS,
    rowLimit: 20,
    notApplicable: { reauth: 'static API token: nothing expires' },
    async setup(scenario) {
      setups.push(scenario);
      const server = await listApi(scenario);
      return {
        vars: { url: server.url, LIST_TOKEN: TOKEN, WRONG_TOKEN: 'wrong' },
        requests: () => server.requests.length,
        teardown: () => server.close(),
      };
    },
  };
}

/** The error `declare` throws, which must be thrown before any suite is declared. */
function usageError(options: Partial<ConformanceOptions>): { code: string; category: string; message: string } {
  let suite: DeclaredSuite | undefined;
  try {
    suite = declaredSuite(plugin, { ...staticTokenOptions(), ...options });
  } catch (error) {
    expect(isTributaryError(error), String(error)).to.equal(true);
    return error as { code: string; category: string; message: string };
  }
  expect.fail(`no error: the suite "${suite.title}" was declared`);
}

describe('tributary-kit/testing: conformance scenarios declared not applicable', function () {
  this.timeout(60_000);

  it('a static-token connector passes with reauth not applicable: one passing test gives the reason, its setup never runs', async () => {
    const setups: ConformanceScenario[] = [];
    const suite = declaredSuite(plugin, staticTokenOptions(setups));
    expect(await failuresOf(suite)).to.deep.equal([]);
    expect(titles(suite, false)).to.include('reauth: not applicable (static API token: nothing expires)');
    expect(titles(suite, false).join('\n')).not.to.contain('authenticates again');
    expect(titles(suite, true)).to.deep.equal([]);
    expect(setups).to.include.members(['retry', 'failure', 'bad-credentials', 'paging']);
    expect(setups).not.to.include('reauth');
  });

  it('a not-applicable scenario is one test in place of all of its own, where the first one was', () => {
    const all = titles(declaredSuite(plugin, { ...staticTokenOptions(), notApplicable: {} }), false);
    const suite = declaredSuite(plugin, {
      ...staticTokenOptions(),
      notApplicable: { 'bad-credentials': ' no login ' },
    });
    const firstBad = all.findIndex((t) => t.includes('bad credentials'));
    expect(all.filter((t) => t.includes('bad credentials'))).to.have.length(2);
    expect(titles(suite, false)).to.have.length(all.length - 1);
    expect(titles(suite, false)[firstBad]).to.equal('bad-credentials: not applicable (no login)');
    expect(titles(suite, false).filter((t) => t.includes('bad credentials'))).to.deep.equal([]);
  });

  it('skip stays pending, under the scenario’s own titles, apart from not applicable', () => {
    const suite = declaredSuite(plugin, { ...staticTokenOptions(), skip: ['failure', 'retry'] });
    expect(titles(suite, true)).to.deep.equal([
      'retries a 429 or 5xx answer, reads every row once and counts the retried attempt',
      'a failing source makes read throw a TributaryError and the run fail',
    ]);
    expect(titles(suite, false)).to.include('reauth: not applicable (static API token: nothing expires)');
  });

  it('without credentials, reauth and bad-credentials are not applicable, saying so', () => {
    const { credentials: _c, badCredentials: _b, notApplicable: _n, ...rest } = staticTokenOptions();
    const passing = titles(declaredSuite(plugin, rest), false);
    expect(passing).to.include.members([
      'bad-credentials: not applicable (the connector is tested without credentials: there are none to get wrong)',
      'reauth: not applicable (the connector is tested without credentials: there is no session to renew)',
    ]);
  });

  it('with credentials but no badCredentials, bad-credentials stays pending (a gap to fill)', () => {
    const suite = declaredSuite(plugin, { ...staticTokenOptions(), badCredentials: undefined });
    expect(titles(suite, true)).to.deep.equal([
      'check fails cleanly on bad credentials (ok: false or a typed error)',
      'read with bad credentials throws an auth or config TributaryError',
    ]);
  });

  it('an explicit reason replaces the one given for a suite without credentials; an undefined one declares nothing', () => {
    const { credentials: _c, badCredentials: _b, ...rest } = staticTokenOptions();
    const passing = titles(declaredSuite(plugin, rest), false);
    expect(passing).to.include('reauth: not applicable (static API token: nothing expires)');
    const undeclared = declaredSuite(plugin, { ...staticTokenOptions(), notApplicable: { reauth: undefined } });
    expect(titles(undeclared, false)).to.include(
      'authenticates again when the API refuses the session (401) and reads every row once',
    );
  });

  it('an empty or blank reason is a usage error, thrown before any test is declared', () => {
    for (const reason of ['', '   \n']) {
      const error = usageError({ notApplicable: { reauth: reason } });
      expect(error.code).to.equal('CONFORMANCE_NOT_APPLICABLE_WITHOUT_REASON');
      expect(error.category).to.equal('config');
      expect(error.message).to.contain('notApplicable.reauth needs a reason');
    }
  });

  it('a mandatory scenario cannot be declared not applicable', () => {
    const mandatory = CONFORMANCE_SCENARIOS.filter((s) => !(NOT_APPLICABLE_SCENARIOS as readonly string[]).includes(s));
    expect(mandatory).to.deep.equal(['load', 'check', 'read', 'paging', 'row-limit', 'cancel', 'failure']);
    for (const scenario of mandatory) {
      const error = usageError({ notApplicable: { [scenario]: 'reason' } as ConformanceOptions['notApplicable'] });
      expect(error.code).to.equal('CONFORMANCE_SCENARIO_MANDATORY');
      expect(error.message).to.contain(`the "${scenario}" scenario cannot be declared not applicable`);
      expect(error.message).to.contain('only bad-credentials, retry, reauth can be');
    }
  });

  it('an unknown scenario is a usage error that suggests the closest name', () => {
    const error = usageError({ notApplicable: { reuath: 'typo' } as ConformanceOptions['notApplicable'] });
    expect(error.code).to.equal('CONFORMANCE_UNKNOWN_SCENARIO');
    expect(error.message).to.contain('did you mean "reauth"?');
  });

  it('a scenario both skipped and not applicable is a usage error', () => {
    const error = usageError({ skip: ['reauth'] });
    expect(error.code).to.equal('CONFORMANCE_SKIPPED_AND_NOT_APPLICABLE');
  });

  it('every scenario has at least one test, and only listed scenarios can be declared not applicable', () => {
    for (const scenario of CONFORMANCE_SCENARIOS) {
      const suite = declaredSuite(plugin, { ...staticTokenOptions(), notApplicable: {}, skip: [scenario] });
      expect(titles(suite, true), scenario).not.to.deep.equal([]);
    }
    expect(CONFORMANCE_SCENARIOS).to.include.members([...NOT_APPLICABLE_SCENARIOS]);
  });
});
