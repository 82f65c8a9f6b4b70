import { expect } from 'chai';
import type { ServerResponse } from 'node:http';
import { CancelledError, type RecordBatch } from 'tributary-kit';
import { startLocalServer, type LocalServer } from '../../../testing.js';
import { createSalesforceUserAttributesTemplate } from '../src/salesforce-user-attributes-template.js';
import { USERS_QUERY } from './scenarios.js';
import { TEST_RETRY, countingHttp } from './support/counting-http.js';
import { fakeContext } from './support/fake-context.js';
import { salesforceCredential } from './support/fixtures.js';

const user = (id: string) => ({
  attributes: { type: 'User', url: `/services/data/v62.0/sobjects/User/${id}` },
  Id: id,
});

/** Page 1 answers at once; page 2 is held open until the client goes away. */
async function serverHoldingPage2(): Promise<{
  server: LocalServer;
  page2Requested: Promise<void>;
  page2Closed: Promise<void>;
}> {
  let requested!: () => void;
  let closed!: () => void;
  const page2Requested = new Promise<void>((resolve) => (requested = resolve));
  const page2Closed = new Promise<void>((resolve) => (closed = resolve));
  const server = await startLocalServer((req, res: ServerResponse) => {
    if (req.url?.includes('/query?q=')) {
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          totalSize: 4,
          done: false,
          nextRecordsUrl: '/services/data/v62.0/query/0r8HOLD-2',
          records: [user('1'), user('2')],
        }),
      );
      return;
    }
    res.on('close', closed);
    requested();
  });
  return { server, page2Requested, page2Closed };
}

function setUp(baseUrl: string, signal?: AbortSignal, prefetch = 1) {
  const template = createSalesforceUserAttributesTemplate(countingHttp(), { retry: TEST_RETRY });
  const context = fakeContext(
    { query: USERS_QUERY, prefetch },
    { credential: salesforceCredential('oauth2-client-credentials', { baseUrl }), signal },
  );
  return { iterator: template.read(context)[Symbol.asyncIterator](), context };
}

describe('salesforce-user-attributes read: cancellation and early stop', () => {
  let unhandled: unknown[];
  const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
  beforeEach(() => {
    unhandled = [];
    process.on('unhandledRejection', onUnhandled);
  });
  afterEach(() => void process.off('unhandledRejection', onUnhandled));

  it('stops with a CancelledError when the run is cancelled while the next page is in flight', async () => {
    const { server, page2Requested, page2Closed } = await serverHoldingPage2();
    try {
      const controller = new AbortController();
      const { iterator } = setUp(server.url, controller.signal);
      const first = await iterator.next();
      expect((first.value as RecordBatch).records.map((r) => r['Id'])).to.deep.equal(['1', '2']);
      await page2Requested; // prefetched while the consumer held page 1
      controller.abort(new CancelledError('Cancelled by shutdown'));
      const error = await iterator.next().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).to.be.instanceOf(CancelledError);
      await page2Closed;
      expect(server.requests).to.have.length(2);
    } finally {
      await server.close();
    }
  });

  it('aborts the prefetched request when the consumer stops early, leaving no unhandled rejection', async () => {
    const { server, page2Requested, page2Closed } = await serverHoldingPage2();
    try {
      const { iterator } = setUp(server.url);
      await iterator.next();
      await page2Requested;
      const done = await iterator.return?.(undefined);
      expect(done?.done).to.equal(true);
      await page2Closed;
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).to.deep.equal([]);
    } finally {
      await server.close();
    }
  });

  it('starts no further request once the host requests a stop (prefetch 0)', async () => {
    const { server } = await serverHoldingPage2();
    try {
      const { iterator, context } = setUp(server.url, undefined, 0);
      await iterator.next();
      context.stopRequested = true;
      expect((await iterator.next()).done).to.equal(true);
      expect(server.requests).to.have.length(1);
    } finally {
      await server.close();
    }
  });

  it('sends nothing when the run is already cancelled', async () => {
    const { server } = await serverHoldingPage2();
    try {
      const controller = new AbortController();
      controller.abort();
      const { iterator } = setUp(server.url, controller.signal);
      const error = await iterator.next().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).to.be.instanceOf(CancelledError);
      expect(server.requests).to.have.length(0);
    } finally {
      await server.close();
    }
  });
});
