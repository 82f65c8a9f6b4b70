/**
 * Incremental sync through the host: which read each run makes, the cursor committed with the data,
 * the coverage proof, a gap read again in full or failed, and the shrink guard that a delta does not trip.
 */
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunResult } from 'tributary-kit';
import type { Host } from 'tributary-kit/internal/kernel/create-host.js';
import { ChangingSource } from '../support/changing-source.js';
import { stored, syncHost, type Setup } from '../support/sync-host.js';

function seed(source: ChangingSource, n: number): void {
  for (let i = 0; i < n; i++) source.set(`u${i}@acme.example`, { department: `D${i % 7}` });
}

describe('incremental sync', function () {
  this.timeout(60_000);
  let dir: string;
  let host: Host | undefined;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'tributary-sync-'))));
  afterEach(async () => {
    await host?.close();
    host = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  async function run(source: ChangingSource, setup?: Setup, options = {}): Promise<RunResult> {
    await host?.close();
    host = await syncHost(dir, source, setup);
    return host.run('people', options);
  }

  it('reads everything first, then only what changed since the committed cursor', async () => {
    const source = new ChangingSource();
    seed(source, 50);
    const first = await run(source);
    expect(first.status, first.description).to.equal('success');
    expect(first.sync).to.include({ mode: 'full', reason: 'first read: no cursor yet' });
    expect(first.description).to.match(
      /Coverage \(full read: first read: no cursor yet\): the source holds 50 rows, 50 received: 50 users/,
    );
    source.set('u3@acme.example', { department: 'Sales' });
    source.set('u60@acme.example', { department: 'New' });
    const second = await run(source, { sync: { mode: 'incremental', lookBack: '0s' } });
    expect(second.status, second.description).to.equal('success');
    expect(second.sync?.mode).to.equal('changes');
    // The cursor is inclusive: the row stamped at it (the last of the first read) is read again.
    expect(second.receivedRows).to.equal(3);
    expect(second.description).to.match(
      /source holds 51 rows \(count\); the store accounts for 51: 51 users present \(1 new or back\)/,
    );
    const store = stored(dir);
    expect(store['u3@acme.example']).to.equal('Sales');
    expect(store['u60@acme.example']).to.equal('New');
    expect(Object.keys(store)).to.have.length(51);
  });

  it('reads late commits again inside the look-back window', async () => {
    const source = new ChangingSource();
    seed(source, 20);
    await run(source);
    const before = source.now;
    source.set('u1@acme.example', { department: 'Late', t: before - 2 }); // committed late, stamped earlier
    const result = await run(source, { sync: { mode: 'incremental', lookBack: '1s' } });
    expect(result.sync?.mode).to.equal('changes');
    expect(stored(dir)['u1@acme.example']).to.equal('Late');
  });

  it('does not take a small delta for a shrink, and keeps the full read as the baseline', async () => {
    const source = new ChangingSource();
    seed(source, 2_000);
    await run(source);
    for (let i = 0; i < 10; i++) source.set(`u${i}@acme.example`, { department: 'Moved' });
    const result = await run(source, { sync: { mode: 'incremental', lookBack: '0s' } });
    expect(result.status, result.description).to.equal('success');
    expect(result.processedRows).to.equal(11); // the ten, and the row at the cursor
    expect(result.description).not.to.match(/Shrink/);
  });

  it('reads everything at once when a change read cannot account for a row (onGap: full)', async () => {
    const source = new ChangingSource();
    seed(source, 30);
    await run(source);
    // A row the change read cannot see: stamped long before the cursor (outside the look-back).
    source.set('hidden@acme.example', { department: 'Hidden', t: 5 });
    const result = await run(source, { sync: { mode: 'incremental', lookBack: '0s' } });
    expect(result.status, result.description).to.equal('success');
    expect(result.sync).to.include({ mode: 'full' });
    expect(result.description).to.match(
      /Coverage gap: the source holds 31 rows \(count\) but the store accounts for 30/,
    );
    expect(stored(dir)['hidden@acme.example']).to.equal('Hidden');
  });

  it('fails and commits nothing on a gap under onGap: fail; the cursor stays', async () => {
    const source = new ChangingSource();
    seed(source, 30);
    await run(source);
    source.set('hidden@acme.example', { t: 5 });
    source.set('u2@acme.example', { department: 'Changed' });
    const failed = await run(source, { sync: { mode: 'incremental', lookBack: '0s', onGap: 'fail' } });
    expect(failed.status).to.equal('failure');
    expect(failed.description).to.match(
      /^Coverage gap: the source holds 31 rows \(count\) but the store accounts for 30 \(1 missing\); nothing was committed/,
    );
    expect(stored(dir)['u2@acme.example']).to.equal('D2');
    source.users.delete('hidden@acme.example');
    const again = await run(source, { sync: { mode: 'incremental', lookBack: '0s', onGap: 'fail' } });
    expect(again.status, again.description).to.equal('success');
    expect(again.receivedRows, 'the change (and the row at the old cursor) read again').to.equal(2);
    expect(stored(dir)['u2@acme.example']).to.equal('Changed');
  });

  it("keeps the cursor when the row limit falls on the source's last row", async () => {
    const source = new ChangingSource();
    seed(source, 20);
    const first = await run(source, { limits: { maxRowsPerSync: 20 } });
    expect(first.status, first.description).to.equal('success');
    source.set('u4@acme.example', { department: 'Moved' });
    const second = await run(source, { limits: { maxRowsPerSync: 20 } });
    expect(second.sync?.mode, 'the first read left its cursor').to.equal('changes');
  });

  it('reads everything when asked to (run --full)', async () => {
    const source = new ChangingSource();
    seed(source, 10);
    await run(source);
    const result = await run(source, undefined, { full: 'asked for (--full)' });
    expect(result.sync).to.include({ mode: 'full', reason: 'asked for (--full)' });
    expect(result.receivedRows).to.equal(10);
  });
});
