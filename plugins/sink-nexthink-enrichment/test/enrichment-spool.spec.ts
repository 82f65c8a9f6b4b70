import { expect } from 'chai';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Enrichment } from '../enrichment-body.js';
import { SPOOL_DIR, openEnrichmentSpool } from '../enrichment-spool.js';

const enrichment = (i: number): Enrichment => ({
  identification: [{ name: 'user/user/upn', value: `user${i}@acme.com` }],
  fields: [{ name: 'user/user/#department', value: `D${i % 7} "quoted"\nline` }],
});

describe('nexthink-enrichment sink: the spool under state.dir', () => {
  let stateDir: string;
  beforeEach(() => (stateDir = mkdtempSync(join(tmpdir(), 'tributary-spool-'))));
  afterEach(() => rmSync(stateDir, { recursive: true, force: true }));

  it('keeps the enrichments in a file under <state.dir>/spool/nexthink-enrichment and gives them back in order, in batches', async () => {
    const spool = openEnrichmentSpool(stateDir, 'adopt', 'run-1');
    for (let start = 0; start < 12_000; start += 1_000)
      await spool.append(Array.from({ length: 1_000 }, (_, i) => enrichment(start + i)));
    expect(readdirSync(join(stateDir, SPOOL_DIR))).to.deep.equal(['adopt.run-1.jsonl']);
    const sizes: number[] = [];
    const all: Enrichment[] = [];
    for await (const batch of spool.batches(5_000)) {
      sizes.push(batch.length);
      all.push(...batch);
    }
    expect(sizes).to.deep.equal([5_000, 5_000, 2_000]);
    expect(all).to.deep.equal(Array.from({ length: 12_000 }, (_, i) => enrichment(i)));
    await spool.discard();
    expect(existsSync(join(stateDir, SPOOL_DIR, 'adopt.run-1.jsonl'))).to.equal(false);
  });

  it('discards the file of an aborted run', async () => {
    const spool = openEnrichmentSpool(stateDir, 'adopt', 'run-2');
    await spool.append([enrichment(1)]);
    await spool.discard();
    expect(readdirSync(join(stateDir, SPOOL_DIR))).to.deep.equal([]);
  });
});
