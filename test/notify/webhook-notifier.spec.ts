import { expect } from 'chai';
import type { ServerResponse } from 'node:http';
import { Redactor, type NotifyTargetConfig } from 'tributary-kit';
import { createNotifier } from 'tributary-kit/internal/kernel/notify/create-notifier.js';
import { startLocalServer, type LocalServer } from 'tributary-kit/internal/testing/local-server.js';
import { memoryLogger } from 'tributary-kit/internal/testing/memory-logger.js';
import { failureNotification, recordedWaits } from './notify-fixtures.js';

const ok = (_req: unknown, res: ServerResponse) => void res.writeHead(200).end('ok');

describe('notify: webhooks', () => {
  const servers: LocalServer[] = [];
  const receiver = async (handle: Parameters<typeof startLocalServer>[0] = ok) => {
    const server = await startLocalServer(handle);
    servers.push(server);
    return server;
  };
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  const notifierFor = (targets: NotifyTargetConfig[], redact = (text: string) => text) => {
    const logger = memoryLogger();
    const { waits, wait } = recordedWaits();
    return { logger, waits, notifier: createNotifier(targets, { logger, redact, wait }) };
  };

  it('posts the notification as JSON with its dates as ISO strings, "source": "tributary" and the extra headers', async () => {
    const server = await receiver();
    const { notifier, logger } = notifierFor([
      { type: 'webhook', url: `${server.url}/hook`, headers: { 'X-Team': 'identity' } },
    ]);
    await notifier.notify(failureNotification());
    expect(server.requests).to.have.length(1);
    const [request] = server.requests;
    expect(request!.method).to.equal('POST');
    expect(request!.url).to.equal('/hook');
    expect(request!.headers['content-type']).to.match(/^application\/json/);
    expect(request!.headers['x-team']).to.equal('identity');
    expect(JSON.parse(request!.body)).to.deep.equal({
      source: 'tributary',
      kind: 'failure',
      nqlId: 'sf_users',
      name: 'Salesforce users',
      runId: 'run-42',
      time: '2025-01-31T02:00:00.000Z',
      title: 'Salesforce users (sf_users) failed',
      text: 'Salesforce answered HTTP 503 three times',
      run: { status: 'failed', receivedRows: 1200, processedRows: 1180, importedRows: 0 },
      link: 'https://tributary.example.com/runs/run-42',
    });
    expect(logger.lines).to.deep.equal([]);
  });

  it("posts Slack's { text, blocks } with the title, the text, the counts and the link", async () => {
    const server = await receiver();
    const { notifier } = notifierFor([{ type: 'webhook', url: `${server.url}/services/T1/B2/x`, format: 'slack' }]);
    await notifier.notify(failureNotification({ text: 'HTTP 503 from <salesforce> & co' }));
    const body = JSON.parse(server.requests[0]!.body) as { text: string; blocks: Array<Record<string, unknown>> };
    expect(Object.keys(body).sort()).to.deep.equal(['blocks', 'text']);
    expect(body.text).to.include('Salesforce users (sf_users) failed').and.include('&lt;salesforce&gt; &amp; co');
    expect(body.blocks).to.deep.equal([
      { type: 'header', text: { type: 'plain_text', text: 'Salesforce users (sf_users) failed', emoji: false } },
      { type: 'section', text: { type: 'mrkdwn', text: 'HTTP 503 from &lt;salesforce&gt; &amp; co' } },
      {
        type: 'section',
        fields: [
          { type: 'mrkdwn', text: '*Status*\nfailed' },
          { type: 'mrkdwn', text: '*Received*\n1,200' },
          { type: 'mrkdwn', text: '*Processed*\n1,180' },
          { type: 'mrkdwn', text: '*Imported*\n0' },
        ],
      },
      {
        type: 'section',
        text: { type: 'mrkdwn', text: '<https://tributary.example.com/runs/run-42|Open it in the console>' },
      },
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: 'Salesforce users (sf_users), run run-42, 2025-01-31T02:00:00.000Z' }],
      },
    ]);
  });

  it('a Slack message without a run or a link has neither counts nor link', async () => {
    const server = await receiver();
    const { notifier } = notifierFor([{ type: 'webhook', url: server.url, format: 'slack' }]);
    const { run: _run, link: _link, runId: _runId, ...quarantine } = failureNotification();
    await notifier.notify({ ...quarantine, kind: 'quarantine', title: 'sf_users is quarantined', text: '5 failures' });
    const body = JSON.parse(server.requests[0]!.body) as { blocks: Array<{ type: string }> };
    expect(body.blocks.map((block) => block.type)).to.deep.equal(['header', 'section', 'context']);
    expect(server.requests[0]!.body).not.to.include('Received').and.not.include('console');
  });

  it('a receiver that fails twice then answers 2xx gets 3 requests, with backoff waits between them', async () => {
    const server = await receiver((_req, res, index) => void res.writeHead(index < 2 ? 503 : 204).end());
    const { notifier, waits, logger } = notifierFor([{ type: 'webhook', url: server.url }]);
    await notifier.notify(failureNotification());
    expect(server.requests).to.have.length(3);
    expect(waits).to.deep.equal([1000, 2000]);
    expect(logger.lines.filter((line) => line.startsWith('error:'))).to.deep.equal([]);
    expect(logger.lines.filter((line) => line.startsWith('warn:'))).to.have.length(2);
  });

  it('a receiver that always fails: 3 attempts, one error logged, notify resolves', async () => {
    const server = await receiver((_req, res) => void res.writeHead(500).end('down for maintenance'));
    const { notifier, logger } = notifierFor([{ type: 'webhook', url: `${server.url}/hook` }]);
    await notifier.notify(failureNotification());
    expect(server.requests).to.have.length(3);
    const errors = logger.lines.filter((line) => line.startsWith('error:'));
    expect(errors).to.deep.equal([
      `error: Could not send the failure notification of Salesforce users (sf_users) to webhook ${new URL(server.url).host} (3 attempts): webhook ${new URL(server.url).host} answered HTTP 500: down for maintenance`,
    ]);
  });

  it('a 4xx other than 408 and 429 is not retried; 408 and 429 are', async () => {
    for (const [status, requests] of [
      [400, 1],
      [404, 1],
      [408, 3],
      [429, 3],
    ] as const) {
      const server = await receiver((_req, res) => void res.writeHead(status).end());
      const { notifier, logger } = notifierFor([{ type: 'webhook', url: server.url }]);
      await notifier.notify(failureNotification());
      expect(server.requests, `HTTP ${status}`).to.have.length(requests);
      expect(
        logger.lines.filter((line) => line.startsWith('error:')),
        `HTTP ${status}`,
      ).to.have.length(1);
    }
  });

  it('an unreachable target is retried, logged, and does not reject', async () => {
    const server = await receiver();
    const closedUrl = server.url;
    await server.close();
    const { notifier, logger, waits } = notifierFor([{ type: 'webhook', url: closedUrl }]);
    await notifier.notify(failureNotification());
    expect(waits).to.deep.equal([1000, 2000]);
    const errors = logger.lines.filter((line) => line.startsWith('error:'));
    expect(errors).to.have.length(1);
    expect(errors[0]).to.include(`Could not reach ${new URL(closedUrl).host}`);
  });

  it('a failing target neither stops nor holds up the others', async () => {
    let goodReached!: () => void;
    const reached = new Promise<void>((resolve) => (goodReached = resolve));
    const good = await receiver((req, res) => {
      ok(req, res);
      goodReached();
    });
    const bad = await receiver((_req, res) => void res.writeHead(503).end());
    const logger = memoryLogger();
    let releaseWait!: () => void;
    const waiting = new Promise<void>((resolve) => (releaseWait = resolve));
    let waitAsked!: () => void;
    const asked = new Promise<void>((resolve) => (waitAsked = resolve));
    const notifier = createNotifier(
      [
        { type: 'webhook', url: bad.url },
        { type: 'webhook', url: good.url },
      ],
      {
        logger,
        redact: (text) => text,
        attempts: 2,
        wait: () => {
          waitAsked();
          return waiting;
        },
      },
    );
    const sending = notifier.notify(failureNotification());
    // The good target is sent while the bad one still waits to retry.
    await Promise.all([asked, reached]);
    expect(good.requests).to.have.length(1);
    expect(bad.requests).to.have.length(1);
    releaseWait();
    await sending;
    expect(bad.requests).to.have.length(2);
    expect(good.requests).to.have.length(1);
  });

  it('sends each target only the events it lists (all of them when it lists none)', async () => {
    const failures = await receiver();
    const everything = await receiver();
    const { notifier } = notifierFor([
      { type: 'webhook', url: failures.url, events: ['failure', 'recovery'] },
      { type: 'webhook', url: everything.url },
    ]);
    for (const kind of ['failure', 'held', 'quarantine', 'recovery'] as const) {
      await notifier.notify(failureNotification({ kind, title: `${kind} of sf_users` }));
    }
    const kinds = (server: LocalServer) => server.requests.map((r) => (JSON.parse(r.body) as { kind: string }).kind);
    expect(kinds(failures)).to.deep.equal(['failure', 'recovery']);
    expect(kinds(everything)).to.deep.equal(['failure', 'held', 'quarantine', 'recovery']);
  });

  it('a secret known to the redactor reaches neither the receiver (JSON or Slack) nor the log', async () => {
    const secret = 'tok-9f8e7d6c5b';
    const redactor = new Redactor();
    redactor.add(secret);
    const json = await receiver();
    const slack = await receiver();
    const refusing = await receiver((_req, res) => void res.writeHead(401).end(`bad token ${secret}`));
    const { notifier, logger } = notifierFor(
      [
        { type: 'webhook', url: json.url },
        { type: 'webhook', url: slack.url, format: 'slack' },
        { type: 'webhook', url: refusing.url },
      ],
      (text) => redactor.redact(text),
    );
    await notifier.notify(
      failureNotification({
        title: `sf_users failed with ${secret}`,
        text: `Salesforce said: invalid token "${secret}" (${encodeURIComponent(secret)})`,
        link: `https://tributary.example.com/runs/run-42?t=${secret}`,
      }),
    );
    const sent = [...json.requests, ...slack.requests, ...refusing.requests].map((r) => r.body).join('\n');
    expect(sent).to.include('sf_users failed with ***').and.include('invalid token \\"***\\"');
    expect(sent).not.to.include(secret);
    expect(logger.lines).to.have.length(1);
    expect(logger.lines[0]).to.include('answered HTTP 401: bad token ***').and.not.include(secret);
  });

  it('close stops waiting to retry and logs the failure; notify after close sends nothing', async () => {
    const server = await receiver((_req, res) => void res.writeHead(503).end());
    const logger = memoryLogger();
    let waitAsked!: () => void;
    const asked = new Promise<void>((resolve) => (waitAsked = resolve));
    const wait = (_ms: number, signal: AbortSignal) =>
      new Promise<void>((_resolve, reject) => {
        waitAsked();
        signal.addEventListener('abort', () => reject(new Error('aborted')));
      });
    const notifier = createNotifier([{ type: 'webhook', url: server.url }], { logger, redact: (t) => t, wait });
    const sending = notifier.notify(failureNotification());
    await asked;
    await notifier.close!();
    await sending;
    expect(server.requests).to.have.length(1);
    expect(logger.lines.filter((line) => line.startsWith('error:'))).to.have.length(1);
    expect(logger.lines.at(-1)).to.include('closed before trying again');
    await notifier.notify(failureNotification());
    expect(server.requests).to.have.length(1);
  });
});
