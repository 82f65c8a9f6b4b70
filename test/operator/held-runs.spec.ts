/** Runs over the `hold:` thresholds wait before their commit for an operator's decision. */
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Actor, HeldRun, RunResult } from 'tributary-kit';
import { ChangingSource } from '../support/changing-source.js';
import { stored } from '../support/sync-host.js';
import { operatorHost, seed, webhookReceiver, type OperatorHost, type OperatorSetup } from './operator-host.js';

const ALICE: Actor = { name: 'alice', address: '10.0.0.7' };

describe('operator: held runs', function () {
  this.timeout(60_000);
  let dir: string;
  let opened: OperatorHost | undefined;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'tributary-held-'))));
  afterEach(async () => {
    await opened?.host.close();
    opened = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  async function open(source: ChangingSource, setup: OperatorSetup): Promise<OperatorHost> {
    await opened?.host.close();
    opened = await operatorHost(dir, source, setup);
    return opened;
  }

  /** Ten users committed, then `change` applied to the source. */
  async function firstRun(source: ChangingSource, setup: OperatorSetup, change: () => void): Promise<OperatorHost> {
    seed(source, 10);
    const { host } = await open(source, setup);
    const first = await host.run('people');
    expect(first.status, first.description).to.equal('success');
    change();
    return opened!;
  }

  /** Starts a run and waits until it is held; resolves with the held run and the run's end. */
  async function heldRun({ host, observed }: OperatorHost): Promise<{ held: HeldRun; ended: Promise<RunResult> }> {
    const holding = observed.after('hold');
    const ended = host.run('people');
    const [held] = await Promise.race([holding, ended.then((r) => expect.fail(`not held: ${r.description}`))]);
    return { held, ended };
  }

  const leave =
    (source: ChangingSource, ...users: number[]) =>
    () => {
      for (const i of users) source.set(`u${i}@acme.example`, { active: false });
    };

  it('holds a run over maxLeavers: listed with its reasons and counts, the sink unchanged, the held notice sent', async () => {
    const receiver = await webhookReceiver();
    try {
      const source = new ChangingSource();
      const setup = {
        top: {
          hold: { maxLeavers: 0 },
          notify: [{ type: 'webhook', url: receiver.url }],
          server: { publicUrl: 'https://tributary.example.com/' },
        },
      };
      const control = await firstRun(source, setup, leave(source, 3, 4));
      const notice = receiver.next('held');
      const { held, ended } = await heldRun(control);
      expect(held).to.deep.include({
        nqlId: 'people',
        reasons: ['2 leavers (hold.maxLeavers 0)'],
        counts: { receivedRows: 8, processedRows: 8, leavers: 2 },
      });
      expect(held.deadline.getTime() - held.heldAt.getTime()).to.equal(24 * 3_600_000);
      const listed = await control.operations.heldRuns();
      expect(listed.map((r) => [r.runId, r.nqlId, r.reasons, r.counts])).to.deep.equal([
        [held.runId, 'people', ['2 leavers (hold.maxLeavers 0)'], { receivedRows: 8, processedRows: 8, leavers: 2 }],
      ]);
      expect(Object.keys(stored(dir))).to.have.length(10);
      expect(await notice).to.deep.include({
        kind: 'held',
        nqlId: 'people',
        runId: held.runId,
        title: 'People (people) is held before its commit',
        run: { status: 'held', receivedRows: 8, processedRows: 8, importedRows: 0 },
      });
      expect((await notice)['text']).to.match(/^2 leavers \(hold.maxLeavers 0\)\. Approve or reject it before /);
      expect((await notice)['link']).to.equal(`https://tributary.example.com/console/runs/${held.runId}`);
      await control.operations.decide(held.runId, 'rejected', ALICE);
      await ended;
    } finally {
      await receiver.close();
    }
  });

  it('commits an approved run: the sink, the ledger, and the approver in its description', async () => {
    const source = new ChangingSource();
    const control = await firstRun(source, { top: { hold: { maxLeavers: 0 } } }, leave(source, 3, 4));
    const { held, ended } = await heldRun(control);
    const decided = await control.operations.decide(held.runId, 'approved', ALICE);
    expect(decided.done, decided.message).to.equal(true);
    const result = await ended;
    expect(result.status, result.description).to.equal('success');
    // The hold and its approver come first.
    expect(result.description).to.match(
      /^Held: 2 leavers \(hold.maxLeavers 0\); approved by alice \(10\.0\.0\.7\) at \d{4}-\d\d-\d\dT[\d:.]+Z; Coverage/,
    );
    expect(result.leavers).to.equal(2);
    expect(Object.keys(stored(dir)).sort()).not.to.include.members(['u3@acme.example', 'u4@acme.example']);
    expect(Object.keys(stored(dir))).to.have.length(8);
    const ledger = await control.host.changeLedger()!.entries({ runId: result.runId });
    expect(ledger.entries.map((e) => [e.identifier, e.action]).sort()).to.deep.equal([
      ['u3@acme.example', 'left'],
      ['u4@acme.example', 'left'],
    ]);
    expect(await control.operations.heldRuns()).to.deep.equal([]);
    const again = await control.operations.decide(held.runId, 'rejected', { name: 'bob' });
    expect(again).to.deep.include({ done: false });
    const audit = await control.operations.audit({ offset: 0, limit: 10 });
    expect(audit.entries.map((e) => [e.actor, e.address, e.action, e.target, e.outcome])).to.deep.equal([
      ['bob', undefined, 'reject', held.runId, `refused: No held run ${held.runId}`],
      ['alice', '10.0.0.7', 'approve', held.runId, 'done'],
    ]);
  });

  it('fails a rejected run and commits nothing: the next run finds the same leavers', async () => {
    const source = new ChangingSource();
    const control = await firstRun(source, { top: { hold: { maxLeavers: 0 } } }, leave(source, 3, 4));
    const { held, ended } = await heldRun(control);
    await control.operations.decide(held.runId, 'rejected', { name: 'bob' });
    const result = await ended;
    expect(result.status).to.equal('failure');
    expect(result.description).to.include(
      'Held: 2 leavers (hold.maxLeavers 0); rejected by bob: nothing was committed',
    );
    expect(result.importedRows).to.equal(0);
    expect(Object.keys(stored(dir))).to.have.length(10);
    expect(await control.host.changeLedger()!.entries({ runId: result.runId })).to.include({ total: 0 });
    const next = await heldRun(control);
    expect(next.held.counts.leavers).to.equal(2);
    await control.operations.decide(next.held.runId, 'approved', { name: 'bob' });
    expect((await next.ended).status).to.equal('success');
  });

  it('rejects a run undecided at its deadline, by timeout', async () => {
    const source = new ChangingSource();
    const setup = { top: { hold: { maxLeavers: 0, timeoutHours: 0.01 } } };
    const control = await firstRun(source, setup, leave(source, 1));
    const { held, ended } = await heldRun(control);
    expect(held.deadline.getTime() - held.heldAt.getTime()).to.equal(36_000);
    const realNow = Date.now;
    // The host's clock jumps past the deadline: the next poll finds the run undecided.
    Date.now = () => realNow() + 3_600_000;
    let result: RunResult;
    try {
      result = await ended;
    } finally {
      Date.now = realNow;
    }
    expect(result.status).to.equal('failure');
    expect(result.description).to.include(
      'Held: 1 leaver (hold.maxLeavers 0); no decision before the deadline: nothing was committed',
    );
    expect(Object.keys(stored(dir))).to.have.length(10);
    expect(await control.observed.store.heldRun(held.runId)).to.equal(undefined, 'released');
  });

  it('never holds a dry run, nor a run at or under the thresholds', async () => {
    const source = new ChangingSource();
    const control = await firstRun(source, { top: { hold: { maxLeavers: 1 } } }, leave(source, 2, 5));
    const dry = await control.host.run('people', { dryRun: true });
    expect(dry.status, dry.description).to.equal('success');
    expect(dry.description).not.to.include('Held');
    expect(Object.keys(stored(dir))).to.have.length(10);
    const { host } = await open(source, { top: { hold: { maxLeavers: 2 } } });
    const under = await host.run('people');
    expect(under.status, under.description).to.equal('success');
    expect(under.description).not.to.include('Held');
    expect(Object.keys(stored(dir))).to.have.length(8);
    expect(await opened!.observed.store.heldRuns()).to.deep.equal([]);
  });

  it("takes a connector's own thresholds over the top level's", async () => {
    const source = new ChangingSource();
    const strict = { top: { hold: { maxLeavers: 5 } }, hold: { maxLeavers: 0 } };
    const control = await firstRun(source, strict, leave(source, 0));
    const { held, ended } = await heldRun(control);
    expect(held.reasons).to.deep.equal(['1 leaver (hold.maxLeavers 0)']);
    await control.operations.decide(held.runId, 'rejected', ALICE);
    await ended;
    const { host } = await open(source, { top: { hold: { maxLeavers: 0 } }, hold: { maxLeavers: 3 } });
    const lenient = await host.run('people');
    expect(lenient.status, lenient.description).to.equal('success');
    expect(Object.keys(stored(dir))).to.have.length(9);
  });

  it('holds on values cleared and users changed, as the sqlite sink rehearses the commit, changing nothing', async () => {
    const source = new ChangingSource();
    const change = () => {
      for (const i of [0, 1, 2]) source.set(`u${i}@acme.example`, { department: `New${i}` });
      source.set('u3@acme.example', { department: '' });
    };
    const top = { hold: { maxClearedValues: 0, maxChangedPercent: 30 } };
    const control = await firstRun(source, { top, sync: { mode: 'full' } }, change);
    const { held, ended } = await heldRun(control);
    expect(held.reasons).to.deep.equal([
      '1 value cleared (hold.maxClearedValues 0)',
      '4 users changed, 40.0 % of 10 users (hold.maxChangedPercent 30)',
    ]);
    expect(held.counts).to.deep.equal({
      receivedRows: 10,
      processedRows: 10,
      leavers: 0,
      clearedValues: 1,
      changedUsers: 4,
    });
    expect(stored(dir)).to.include({ 'u0@acme.example': 'D0', 'u3@acme.example': 'D3' });
    await control.operations.decide(held.runId, 'approved', ALICE);
    const result = await ended;
    expect(result.status, result.description).to.equal('success');
    expect(stored(dir)).to.include({ 'u0@acme.example': 'New0', 'u3@acme.example': '' });
    const ledger = await control.host.changeLedger()!.entries({ runId: result.runId });
    expect(ledger.entries.map((e) => e.action).sort()).to.deep.equal(['changed', 'changed', 'changed', 'cleared']);
  });

  it("does not hold at a connector's own maxChangedPercent exactly, over the top level's", async () => {
    const source = new ChangingSource();
    const change = () => {
      for (const i of [0, 1, 2]) source.set(`u${i}@acme.example`, { department: `New${i}` });
    };
    const top = { hold: { maxChangedPercent: 10, maxClearedValues: 0 } };
    const setup = { top, hold: { maxChangedPercent: 30 }, sync: { mode: 'full' } };
    const control = await firstRun(source, setup, change);
    const at = await control.host.run('people');
    expect(at.status, at.description).to.equal('success');
    expect(at.description).not.to.include('Held');
    expect(stored(dir)['u0@acme.example']).to.equal('New0');
    // Its own hold sets another key: the top level's maxChangedPercent applies again.
    source.set('u3@acme.example', { department: 'New3' });
    source.set('u4@acme.example', { department: '' });
    const reopened = await open(source, { ...setup, hold: { maxClearedValues: 1 } });
    const { held, ended } = await heldRun(reopened);
    expect(held.reasons).to.deep.equal(['2 users changed, 20.0 % of 10 users (hold.maxChangedPercent 10)']);
    await reopened.operations.decide(held.runId, 'rejected', ALICE);
    await ended;
  });

  it('warns that only maxLeavers applies when the sink cannot rehearse its commit', async () => {
    const source = new ChangingSource();
    const sink = { type: 'jsonl', path: join(dir, 'users.jsonl') };
    const top = { hold: { maxClearedValues: 0, maxChangedPercent: 0, maxLeavers: 0 } };
    const control = await firstRun(source, { top, sink }, () => source.set('u1@acme.example', { department: '' }));
    const result = await control.host.run('people');
    expect(result.status, result.description).to.equal('success');
    expect(result.description).to.include(
      'The sink users cannot tell what a commit would change: only hold.maxLeavers applies to it',
    );
    leave(source, 2)();
    const { held, ended } = await heldRun(control);
    expect(held.reasons).to.deep.equal(['1 leaver (hold.maxLeavers 0)']);
    expect(held.counts).to.deep.equal({ receivedRows: 9, processedRows: 9, leavers: 1 });
    const before = readFileSync(sink.path, 'utf8');
    await control.operations.decide(held.runId, 'rejected', ALICE);
    expect((await ended).status).to.equal('failure');
    expect(readFileSync(sink.path, 'utf8')).to.equal(before);
  });
});
