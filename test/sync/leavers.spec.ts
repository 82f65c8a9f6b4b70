/** Users who leave the source: kept, cleared or deleted after the grace, guarded like a shrink, counted in the log. */
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunResult } from 'tributary-kit';
import type { Host } from 'tributary-kit/internal/kernel/create-host.js';
import { ChangingSource } from '../support/changing-source.js';
import { stored, syncHost } from '../support/sync-host.js';

function seed(source: ChangingSource, n: number): void {
  for (let i = 0; i < n; i++) source.set(`u${i}@acme.example`, { department: `D${i % 5}` });
}

function deactivate(source: ChangingSource, from: number, to: number): void {
  for (let i = from; i < to; i++) source.set(`u${i}@acme.example`, { active: false });
}

describe('leavers', function () {
  this.timeout(60_000);
  let dir: string;
  let host: Host | undefined;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'tributary-leavers-'))));
  afterEach(async () => {
    await host?.close();
    host = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  async function run(source: ChangingSource, leavers: object, options = {}): Promise<RunResult> {
    await host?.close();
    host = await syncHost(dir, source, { sync: { mode: 'full', leavers }, limits: { minShrinkRows: 5 } });
    return host.run('people', options);
  }

  it('keeps them by default, and says so in the coverage proof', async () => {
    const source = new ChangingSource();
    seed(source, 50);
    await run(source, {});
    deactivate(source, 0, 4);
    const result = await run(source, {});
    expect(result.status, result.description).to.equal('success');
    expect(result.description).to.match(
      /the source holds 46 rows, 46 received: 46 users and 0 rows without a user of their own .*; the store holds 50 users for this connector, 4 of them absent from the source and kept \(leavers: keep\)/,
    );
    expect(Object.keys(stored(dir))).to.have.length(50);
  });

  it('deletes them once absent from afterFullReads full reads, and counts them', async () => {
    const source = new ChangingSource();
    seed(source, 50);
    await run(source, { action: 'delete', afterFullReads: 2 });
    deactivate(source, 0, 3);
    const grace = await run(source, { action: 'delete', afterFullReads: 2 });
    expect(grace.description).to.match(/3 of them absent from the source and kept \(leavers: delete\)/);
    expect(Object.keys(stored(dir))).to.have.length(50);
    const gone = await run(source, { action: 'delete', afterFullReads: 2 });
    expect(gone.status, gone.description).to.equal('success');
    expect(gone.description).to.match(/the store holds 47 users for this connector; 3 leavers deleted/);
    const store = stored(dir);
    expect(Object.keys(store)).to.have.length(47);
    expect(store).not.to.have.property('u0@acme.example');
    // Back in the source: written again, present again.
    source.set('u0@acme.example', { active: true, department: 'Back' });
    const back = await run(source, { action: 'delete', afterFullReads: 2 });
    expect(back.description).to.match(/48 users and 0 rows/);
    expect(stored(dir)['u0@acme.example']).to.equal('Back');
  });

  it('clears their values under clear', async () => {
    const source = new ChangingSource();
    seed(source, 50);
    await run(source, { action: 'clear' });
    deactivate(source, 10, 12);
    const result = await run(source, { action: 'clear' });
    expect(result.description).to.match(/2 leavers cleared/);
    const store = stored(dir);
    expect(store['u10@acme.example']).to.equal('');
    expect(store['u11@acme.example']).to.equal('');
    expect(store['u12@acme.example']).to.equal('D2');
  });

  it('decides no leaver on a full read the row limit cut short, and keeps the users it did not read', async () => {
    const source = new ChangingSource();
    seed(source, 50);
    await run(source, { action: 'delete' });
    await host?.close();
    host = await syncHost(dir, source, {
      sync: { mode: 'full', leavers: { action: 'delete' } },
      limits: { minShrinkRows: 5, maxRowsPerSync: 30 },
    });
    const cut = await host.run('people', { allowShrink: true });
    expect(cut.status, cut.description).to.equal('partial');
    expect(cut.leavers).to.equal(undefined);
    expect(cut.description).to.match(
      /Coverage \(full read cut short by the row limit\): 20 users the connector holds were not read/,
    );
    expect(Object.keys(stored(dir))).to.have.length(50);
    const whole = await run(source, { action: 'delete' });
    expect(whole.description, 'no read was missed by anyone').to.match(/the store holds 50 users for this connector$/);
  });

  it('refuses to clear or delete too many at once, like the shrink guard, unless allowed', async () => {
    const source = new ChangingSource();
    seed(source, 50);
    await run(source, { action: 'delete' });
    deactivate(source, 0, 20);
    // The shrink guard lets the smaller read through; the leavers are due at the next full read.
    const shrunk = await run(source, { action: 'delete', afterFullReads: 2 }, { allowShrink: true });
    expect(shrunk.status, shrunk.description).to.equal('success');
    const refused = await run(source, { action: 'delete', afterFullReads: 2 });
    expect(refused.status).to.equal('failure');
    expect(refused.description).to.match(
      /^Leaver guard: 20 users of the 50 the connector held left the source and would be deleted/,
    );
    expect(Object.keys(stored(dir))).to.have.length(50);
    const allowed = await run(source, { action: 'delete', afterFullReads: 2 }, { allowShrink: true });
    expect(allowed.status, allowed.description).to.equal('success');
    expect(Object.keys(stored(dir))).to.have.length(30);
  });
});
