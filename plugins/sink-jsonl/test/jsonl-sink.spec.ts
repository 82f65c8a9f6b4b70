import { expect } from 'chai';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import * as v from 'valibot';
import type { SinkRecord } from 'tributary-kit';
import { createJsonlSinkType, jsonlSinkType } from '../jsonl-sink-type.js';
import { runContext as plainRun, sinkContext as context } from './jsonl-fakes.js';

const runContext = plainRun();

const jdoe: SinkRecord = {
  identifier: { kind: 'upn', value: 'jdoe@acme.com' },
  fields: { department: 'Sales', manager: '' },
};
const ann: SinkRecord = {
  identifier: { kind: 'email', value: 'Ann "A" <ann@acme.com>' },
  fields: { level: 3, note: 'ü\n' },
};

describe('jsonl sink', () => {
  let dir: string;
  let target: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tributary-jsonl-'));
    target = join(dir, 'out', 'users.jsonl');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const sink = () => jsonlSinkType.create({ id: 'file', type: 'jsonl', path: target }, context);

  it('writes exactly one object per line, in processing order, and renames on commit', async () => {
    const run = await sink().open(runContext);
    await run.write([jdoe]);
    await run.write([ann, jdoe]);
    expect(existsSync(target)).to.equal(false);
    expect((await run.commit()).importedRows).to.equal(3);
    expect(readFileSync(target, 'utf8')).to.equal(
      '{"identifier":{"kind":"upn","value":"jdoe@acme.com"},"fields":{"department":"Sales","manager":""}}\n' +
        '{"identifier":{"kind":"email","value":"Ann \\"A\\" <ann@acme.com>"},"fields":{"level":3,"note":"ü\\n"}}\n' +
        '{"identifier":{"kind":"upn","value":"jdoe@acme.com"},"fields":{"department":"Sales","manager":""}}\n',
    );
    expect(readdirSync(join(dir, 'out'))).to.deep.equal(['users.jsonl']);
  });

  it('leaves the previous file untouched and no temp file behind when aborted', async () => {
    await (await sink().open(runContext)).commit();
    writeFileSync(target, 'previous\n');
    const run = await sink().open(runContext);
    await run.write([jdoe, ann]);
    expect(readdirSync(join(dir, 'out'))).to.have.length(2); // the temp file sits beside the target
    await run.abort('source failed');
    expect(readFileSync(target, 'utf8')).to.equal('previous\n');
    expect(readdirSync(join(dir, 'out'))).to.deep.equal(['users.jsonl']);
  });

  it('streams to standard output when no path is given', async () => {
    let out = '';
    const stdout = new Writable({ write: (chunk, _enc, done) => ((out += String(chunk)), done()) });
    const run = await createJsonlSinkType({ stdout: () => stdout })
      .create({ id: 's', type: 'jsonl' }, context)
      .open(runContext);
    await run.write([jdoe]);
    expect((await run.commit()).importedRows).to.equal(1);
    expect(out).to.equal(`${JSON.stringify(jdoe)}\n`);
    expect(stdout.listenerCount('error')).to.equal(0);
  });

  it('returns a promise from write only when the stream needs draining', async () => {
    const pending: Array<() => void> = [];
    const slow = new Writable({ highWaterMark: 200, write: (_chunk, _enc, done) => void pending.push(done) });
    const run = await createJsonlSinkType({ stdout: () => slow })
      .create({ id: 's', type: 'jsonl' }, context)
      .open(runContext);
    expect(run.write([jdoe])).to.equal(undefined);
    const blocked = run.write([jdoe, jdoe, jdoe]);
    expect(blocked).to.be.instanceOf(Promise);
    let drained = false;
    void blocked!.then(() => (drained = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(drained).to.equal(false);
    while (pending.length) pending.shift()!();
    await blocked;
    expect(drained).to.equal(true);
  });

  it('fails the run with a typed error when the stream fails', async () => {
    const broken = new Writable({ write: (_chunk, _enc, done) => done(new Error('EPIPE: broken pipe')) });
    const run = await createJsonlSinkType({ stdout: () => broken })
      .create({ id: 's', type: 'jsonl' }, context)
      .open(runContext);
    await Promise.resolve(run.write([jdoe])).catch(() => undefined);
    await new Promise((resolve) => setImmediate(resolve));
    expect(() => run.write([jdoe])).to.throw(/Could not write standard output: EPIPE/);
    const failure = await run.commit().catch((error: unknown) => error);
    expect(failure).to.include({ code: 'JSONL_WRITE_FAILED', category: 'fatal' });
  });

  it('validates its entry strictly', () => {
    expect(v.safeParse(jsonlSinkType.schema, { id: 'f', type: 'jsonl', path: 'x.jsonl' }).success).to.equal(true);
    expect(v.safeParse(jsonlSinkType.schema, { id: 'f', type: 'jsonl', file: 'x.jsonl' }).success).to.equal(false);
  });
});
