/** What a run's end tells the `notify:` targets: failures, the quarantine once, the recovery. */
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunResult } from 'tributary-kit';
import { runLink } from 'tributary-kit/internal/kernel/outcome-notices.js';
import { ChangingSource } from '../support/changing-source.js';
import {
  operatorHost,
  seed,
  switchable,
  webhookReceiver,
  type OperatorHost,
  type WebhookReceiver,
} from './operator-host.js';

describe('operator: notices of a run’s end', function () {
  this.timeout(60_000);
  let dir: string;
  let receiver: WebhookReceiver;
  let opened: OperatorHost | undefined;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tributary-notices-'));
    receiver = await webhookReceiver();
  });
  afterEach(async () => {
    await opened?.host.close();
    opened = undefined;
    await receiver.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function open(
    top: object = {},
  ): Promise<{ host: OperatorHost['host']; source: ReturnType<typeof switchable> }> {
    const source = new ChangingSource();
    seed(source, 4);
    const state = switchable(source);
    opened = await operatorHost(dir, source, {
      template: state.template,
      top: { notify: [{ type: 'webhook', url: receiver.url }], ...top },
    });
    return { host: opened.host, source: state };
  }

  /** The kinds each run received, by run, once every notice was sent (the host closed). */
  async function kindsByRun(runs: readonly RunResult[]): Promise<string[][]> {
    await opened!.host.close();
    opened = undefined;
    return runs.map((r) =>
      receiver.received
        .filter((n) => n['runId'] === r.runId)
        .map((n) => String(n['kind']))
        .sort(),
    );
  }

  it('sends failure, then recovery at the first success after it, with the link to the run’s page', async () => {
    const { host, source } = await open({ server: { publicUrl: 'https://tributary.example.com/' } });
    const ok = await host.run('people');
    source.down = true;
    const failedNotice = receiver.next('failure');
    const failed = await host.run('people');
    expect(failed.status).to.equal('failure');
    expect(await failedNotice).to.deep.include({
      kind: 'failure',
      nqlId: 'people',
      name: 'People',
      runId: failed.runId,
      title: 'People (people) failed',
      text: failed.description,
      run: { status: 'failure', receivedRows: 0, processedRows: 0, importedRows: 0 },
      link: `https://tributary.example.com/console/runs/${failed.runId}`,
    });
    source.down = false;
    const recoveredNotice = receiver.next('recovery');
    const recovered = await host.run('people');
    expect(await recoveredNotice).to.deep.include({
      kind: 'recovery',
      runId: recovered.runId,
      title: 'People (people) recovered',
      run: { status: 'success', receivedRows: 4, processedRows: 4, importedRows: 4 },
    });
    const again = await host.run('people');
    expect(await kindsByRun([ok, failed, recovered, again])).to.deep.equal([[], ['failure'], ['recovery'], []]);
  });

  it('sends the quarantine notice once, with the failure that starts it (default afterFailures 3)', async () => {
    const { host, source } = await open();
    source.down = true;
    const runs: RunResult[] = [];
    const quarantined = receiver.next('quarantine');
    for (let i = 0; i < 4; i++) runs.push(await host.run('people'));
    const notice = await quarantined;
    expect(notice).to.deep.include({ runId: runs[2]!.runId, title: 'People (people) is quarantined' });
    expect(notice['text']).to.match(
      /^3 failures in a row: its scheduled runs wait until \S+ \(resume it to lift this\)\. Last failure: .*HTTP 503/,
    );
    const until = /until (\S+) /.exec(String(notice['text']))![1]!;
    expect(Date.parse(until) - runs[2]!.endedAt.getTime()).to.equal(60 * 60_000);
    source.down = false;
    runs.push(await host.run('people'));
    expect(await kindsByRun(runs)).to.deep.equal([
      ['failure'],
      ['failure'],
      ['failure', 'quarantine'],
      ['failure'],
      ['recovery'],
    ]);
  });

  it('follows quarantine.afterFailures, and sends a target only the events it lists', async () => {
    const second = await webhookReceiver();
    try {
      const { host, source } = await open({
        quarantine: { afterFailures: 1 },
        notify: [
          { type: 'webhook', url: receiver.url },
          { type: 'webhook', url: second.url, events: ['quarantine'] },
        ],
      });
      source.down = true;
      const failed = await host.run('people');
      expect(await kindsByRun([failed])).to.deep.equal([['failure', 'quarantine']]);
      expect(second.kinds()).to.deep.equal(['quarantine']);
    } finally {
      await second.close();
    }
  });

  it('sends nothing for dry runs, and a dry run neither counts as a failure nor recovers', async () => {
    const { host, source } = await open({ quarantine: { afterFailures: 2 } });
    source.down = true;
    const failed = await host.run('people');
    const dryFailure = await host.run('people', { dryRun: true });
    expect(dryFailure.status).to.equal('failure');
    source.down = false;
    const drySuccess = await host.run('people', { dryRun: true });
    expect(drySuccess.status).to.equal('success');
    source.down = true;
    const second = await host.run('people');
    expect(await kindsByRun([failed, dryFailure, drySuccess, second])).to.deep.equal([
      ['failure'],
      [],
      [],
      ['failure', 'quarantine'],
    ]);
  });
});

describe('operator: runLink', () => {
  it("links the run's page under server.publicUrl, with or without a trailing slash", () => {
    expect(runLink('https://tributary.example.com', 'r-1')).to.equal('https://tributary.example.com/console/runs/r-1');
    expect(runLink('https://example.com/tributary//', 'a b/c')).to.equal(
      'https://example.com/tributary/console/runs/a%20b%2Fc',
    );
  });
});
