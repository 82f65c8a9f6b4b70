import { expect } from 'chai';
import type { HttpClient, HttpRequest, HttpResponse } from 'tributary-kit';
import { nexthinkTokenUrl } from '../nexthink-urls.js';
import { API_BASE, nexthinkCredential, openSinkRun, runContext, users } from './enrichment-fakes.js';

/** An HTTP client whose answers the test releases one by one. */
class HeldHttpClient implements HttpClient {
  readonly held: Array<{ request: HttpRequest; answer: (r: HttpResponse) => void }> = [];
  maxInFlight = 0;
  async request(request: HttpRequest): Promise<HttpResponse> {
    return new Promise((resolve) => {
      this.held.push({ request, answer: resolve });
      this.maxInFlight = Math.max(this.maxInFlight, this.held.length);
    });
  }
  release(): void {
    this.held.shift()!.answer({ status: 200, headers: {}, body: '{"status":"success"}', url: API_BASE });
  }
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('nexthink-enrichment sink: pipelining', () => {
  const open = (http: HttpClient, maxInFlight: number, signal?: AbortSignal) =>
    openSinkRun(http, nexthinkCredential(), { batchSize: 10, maxInFlight }, runContext('upn', signal));

  it('sends nothing while the run writes; commit sends the spooled rows with at most maxInFlight requests in flight', async () => {
    const http = new HeldHttpClient();
    const run = await open(http, 2);
    await run.write(users(15));
    await run.write(users(40));
    await tick();
    expect(http.held, 'nothing is sent before the commit').to.have.length(0);
    let done = false;
    const committed = run.commit().finally(() => (done = true));
    let requests = 0;
    while (!done) {
      await tick();
      expect(http.held.length).to.be.at.most(2);
      if (http.held.length) {
        requests++;
        http.release();
      }
    }
    expect((await committed).importedRows).to.equal(55);
    expect(requests).to.equal(6);
    expect(http.maxInFlight).to.equal(2);
  });

  it('abort sends nothing and discards the spooled rows', async () => {
    const http = new HeldHttpClient();
    const run = await open(http, 1);
    await run.write(users(12));
    await run.abort('a guard refused the commit');
    await tick();
    expect(http.held).to.have.length(0);
    expect(http.maxInFlight).to.equal(0);
    expect(() => run.write(users(1))).to.throw(/already committed or aborted/);
  });

  it('passes the run signal to every request', async () => {
    const http = new HeldHttpClient();
    const controller = new AbortController();
    const run = await open(http, 1, controller.signal);
    await run.write(users(10));
    const committed = run.commit();
    while (http.held.length === 0) await tick();
    controller.abort();
    expect(http.held[0]!.request.signal!.aborted).to.equal(true);
    http.release();
    await committed;
  });

  it('derives the token URL from the API base, and only from a Nexthink API host', () => {
    expect(nexthinkTokenUrl('https://acme.api.us.nexthink.cloud/')).to.equal(
      'https://acme-login.us.nexthink.cloud/oauth2/default/v1/token',
    );
    expect(nexthinkTokenUrl('https://my-corp.api.pac.nexthink.cloud')).to.equal(
      'https://my-corp-login.pac.nexthink.cloud/oauth2/default/v1/token',
    );
    expect(nexthinkTokenUrl('http://127.0.0.1:8080')).to.equal(undefined);
    expect(nexthinkTokenUrl(undefined)).to.equal(undefined);
  });
});
