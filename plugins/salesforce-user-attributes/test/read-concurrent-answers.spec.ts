import { expect } from 'chai';
import { FatalError, isTributaryError, type SourceRecord } from 'tributary-kit';
import { startLocalServer, type LocalServer } from '../../../testing.js';
import { readFixture, type FixtureRun } from './support/run-fixture.js';
import { salesforceCredential } from './support/fixtures.js';

/** More rows than a sequential read takes: the read goes in Id ranges. */
const TOTAL = 20_000;
const QUERY = 'SELECT Id, Username FROM User';

const userId = (n: number): string => `0050100000000${String(n).padStart(2, '0')}AAA`;
const user = (n: number): SourceRecord => ({
  attributes: { type: 'User', url: `/services/data/v62.0/sobjects/User/${userId(n)}` },
  Id: userId(n),
  Username: `user${n}@acme.example`,
});
/** A user as a proxy that dropped its Id would answer it. */
const withoutId = (n: number): SourceRecord => ({ attributes: { type: 'User' }, Username: `user${n}@acme.example` });
const page = (totalSize: number, records: readonly SourceRecord[], next?: string) => ({
  totalSize,
  done: next === undefined,
  nextRecordsUrl: next,
  records,
});

/** What the server answers to a query: the configured one, a bound's (`LIMIT 1`) or an Id range's. */
interface Answers {
  readonly query: (call: number) => object;
  readonly bound: (order: 'ASC' | 'DESC') => object;
  readonly range?: (query: string) => object;
}

/** A Salesforce query API on 127.0.0.1 answering each query by its kind. */
function salesforce(answers: Answers): Promise<LocalServer> {
  let queryCalls = 0;
  return startLocalServer((req, res) => {
    const q = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.get('q') ?? '';
    const bound = / ORDER BY Id (ASC|DESC) LIMIT 1$/.exec(q);
    const body = bound
      ? answers.bound(bound[1] as 'ASC' | 'DESC')
      : q.endsWith('ORDER BY Id ASC')
        ? answers.range?.(q)
        : answers.query(queryCalls++);
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(body ?? [{ errorCode: 'NOT_FOUND', message: 'not in this test' }]));
  });
}

const readFrom = (server: LocalServer, query = QUERY): Promise<FixtureRun> =>
  readFixture(undefined, {
    parameters: { api: 'rest', concurrency: 2, query },
    credential: salesforceCredential('oauth2-client-credentials', { baseUrl: server.url }),
  });
const codeOf = (error: unknown): unknown => (isTributaryError(error) ? error.code : error);

describe('salesforce-user-attributes read: Id-range answers that do not add up', () => {
  let server: LocalServer | undefined;
  afterEach(() => server?.close());

  for (const order of ['ASC', 'DESC'] as const) {
    it(`fails with SF_UNEXPECTED_RESPONSE when the query for the ${order === 'ASC' ? 'lowest' : 'highest'} Id answers a record without an Id`, async () => {
      server = await salesforce({
        query: () => page(TOTAL, [user(1)], '/services/data/v62.0/query/0r8-2'),
        bound: (asked) => page(1, [asked === order ? withoutId(1) : user(asked === 'ASC' ? 1 : 99)]),
      });
      const run = await readFrom(server);
      expect(run.error).to.be.instanceOf(FatalError);
      expect(codeOf(run.error)).to.equal('SF_UNEXPECTED_RESPONSE');
      expect((run.error as Error).message).to.equal(
        `Salesforce answered the query for the ${order === 'ASC' ? 'lowest' : 'highest'} Id with a record without an Id`,
      );
      expect(run.rows).to.deep.equal([]);
    });
  }

  it('reads one page after the other when the bounds find no row, and announces what that read counts', async () => {
    server = await salesforce({
      query: (call) =>
        call === 0 ? page(TOTAL, [user(1)], '/services/data/v62.0/query/0r8-2') : page(2, [user(1), user(2)]),
      bound: () => page(0, []),
    });
    const run = await readFrom(server);
    expect(run.error).to.equal(undefined);
    expect(run.rows.map((r) => r['Id'])).to.deep.equal([userId(1), userId(2)]);
    expect(run.context.expected).to.deep.equal([TOTAL, 2]);
    expect(run.context.expectedFrom).to.deep.equal([
      "Salesforce (the query's totalSize)",
      "Salesforce (the query's totalSize)",
    ]);
  });

  it('fails with SF_UNEXPECTED_RESPONSE when a range of a query that selects Id answers a record without one', async () => {
    server = await salesforce({
      query: () => page(TOTAL, [user(1)], '/services/data/v62.0/query/0r8-2'),
      bound: (order) => page(1, [user(order === 'ASC' ? 1 : 99)]),
      range: () => page(1, [withoutId(5)]),
    });
    const run = await readFrom(server);
    expect(codeOf(run.error)).to.equal('SF_UNEXPECTED_RESPONSE');
    expect((run.error as Error).message).to.equal(
      'Salesforce answered an Id-range query that selects Id with a record without an Id',
    );
    expect(run.rows).to.deep.equal([]);
  });

  it('reads the ranges of a query that does not select Id, and announces their summed totalSize', async () => {
    server = await salesforce({
      query: () => page(TOTAL, [withoutId(1)], '/services/data/v62.0/query/0r8-2'),
      bound: (order) => page(1, [user(order === 'ASC' ? 1 : 99)]),
      range: () => page(1, [withoutId(5)]),
    });
    const run = await readFrom(server, 'SELECT Username FROM User');
    expect(run.error).to.equal(undefined);
    expect(run.rows).to.have.length(106); // ranges of 190 rows (95 % of the smallest page Salesforce answers)
    expect(run.context.expected).to.deep.equal([TOTAL, 106]);
    expect(run.context.expectedFrom).to.deep.equal([
      "Salesforce (the query's totalSize)",
      'Salesforce (the totalSize of 106 Id ranges)',
    ]);
  });
});
