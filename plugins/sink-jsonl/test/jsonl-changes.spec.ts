import { expect } from 'chai';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { EMPTY_COMMIT_PLAN, type SinkRun, type SyncRead } from 'tributary-kit';
import { jsonlLineIdentifier } from '../jsonl-lines.js';
import { createJsonlSinkType, jsonlSinkType } from '../jsonl-sink-type.js';
import { CHANGES_READ, CURSOR_FULL_READ, linesOf, runContext, sinkContext, upn } from './jsonl-fakes.js';

const ann = upn('ann@acme.com');
const bob = upn('bob@acme.com');
const cid = upn('cid@acme.com');
const dan = upn('dan@acme.com', 'IT');

/** The jsonl sink merging a change read or a commit plan with the previous file. */
describe('jsonl sink: change reads and commit plans', () => {
  let dir: string;
  let target: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tributary-jsonl-changes-'));
    target = join(dir, 'out', 'users.jsonl');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const previous = (text: string): void => {
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
  };
  const open = (sync: SyncRead): Promise<SinkRun> =>
    jsonlSinkType.create({ id: 'file', type: 'jsonl', path: target }, sinkContext).open(runContext(sync));
  const written = (): string => readFileSync(target, 'utf8');

  it('declares that it applies change reads and commit plans', () => {
    expect(jsonlSinkType.appliesChanges).to.equal(true);
  });

  it('a change read replaces the lines of the users it wrote and drops the removed ones, keeping the rest', async () => {
    previous(linesOf(ann, bob, cid, upn('BOB@acme.com', 'Old')));
    const run = await open(CHANGES_READ);
    await run.write([upn('Bob@ACME.com', 'IT'), dan]);
    expect(written(), 'nothing visible before the commit').to.equal(linesOf(ann, bob, cid, upn('BOB@acme.com', 'Old')));
    const result = await run.commit({ remove: [{ kind: 'upn', value: 'CID@acme.com' }], retain: [] });
    expect(result).to.deep.equal({ importedRows: 2 });
    expect(written()).to.equal(linesOf(upn('Bob@ACME.com', 'IT'), dan, ann));
    expect(readdirSync(dirname(target))).to.deep.equal(['users.jsonl']);
  });

  it('a change read without a plan keeps every previous line of the users it did not write', async () => {
    previous(linesOf(ann, bob));
    const run = await open(CHANGES_READ);
    await run.write([upn('ann@acme.com', 'HR')]);
    await run.commit();
    expect(written()).to.equal(linesOf(upn('ann@acme.com', 'HR'), bob));
  });

  it('a change read into a missing file writes its own lines', async () => {
    const run = await open(CHANGES_READ);
    await run.write([ann, dan]);
    await run.commit(EMPTY_COMMIT_PLAN);
    expect(written()).to.equal(linesOf(ann, dan));
  });

  it('tells a user of one kind from the same value of the other', async () => {
    const annByEmail = { identifier: { kind: 'email' as const, value: 'ann@acme.com' }, fields: { level: 2 } };
    previous(linesOf(ann, annByEmail));
    const run = await open(CHANGES_READ);
    await run.write([upn('ann@acme.com', 'HR')]);
    await run.commit();
    expect(written()).to.equal(linesOf(upn('ann@acme.com', 'HR'), annByEmail));
  });

  it('a full read with a plan keeps the previous lines of the users it retains, unless it removes them', async () => {
    previous(linesOf(ann, bob, cid, upn('Ann@acme.com', 'Second line')));
    const run = await open(CURSOR_FULL_READ);
    await run.write([dan]);
    await run.commit({
      remove: [cid.identifier],
      retain: [{ kind: 'upn', value: 'ANN@acme.com' }, cid.identifier, upn('gone@acme.com').identifier],
    });
    expect(written()).to.equal(linesOf(dan, ann, upn('Ann@acme.com', 'Second line')));
  });

  it('a full read without a plan, or with one that retains nothing, writes its own lines and never reads the old file', async () => {
    for (const plan of [undefined, EMPTY_COMMIT_PLAN, { remove: [ann.identifier], retain: [] }]) {
      previous('not a line of this sink\n');
      const run = await open(CURSOR_FULL_READ);
      await run.write([bob]);
      await run.commit(plan);
      expect(written()).to.equal(linesOf(bob));
    }
  });

  it('skips empty lines and reads CRLF line ends, writing the kept lines as they were with LF', async () => {
    previous(`${linesOf(ann).trimEnd()}\r\n\r\n${linesOf(bob).trimEnd()}\r\n`);
    const run = await open(CHANGES_READ);
    await run.write([dan]);
    await run.commit();
    expect(written()).to.equal(linesOf(dan, ann, bob));
  });

  for (const [what, bad] of [
    ['not JSON', '{"identifier":'],
    ['an unknown identifier kind', '{"identifier":{"kind":"sid","value":"S-1"},"fields":{}}'],
    ['no fields', '{"identifier":{"kind":"upn","value":"x@acme.com"}}'],
  ] as const) {
    it(`fails the commit on a previous line that is ${what}, naming the file and line, and leaves the file as it was`, async () => {
      const before = `${linesOf(ann, bob)}\n${bad}\n${linesOf(cid)}`;
      previous(before);
      const run = await open(CHANGES_READ);
      await run.write([dan]);
      const error = (await run.commit().catch((e: unknown) => e)) as Error;
      expect(error).to.include({ code: 'JSONL_PREVIOUS_LINE_INVALID', category: 'fatal' });
      expect(error.message).to.contain(`Could not merge the previous ${target}: line 4 is not a record of this sink`);
      expect(error.message).to.contain('The file was left as it was');
      expect(written()).to.equal(before);
      expect(readdirSync(dirname(target))).to.deep.equal(['users.jsonl']);
      expect(() => run.write([dan])).to.throw(/line 4/);
    });
  }

  it('fails with a coded error when the previous file cannot be read', async () => {
    mkdirSync(target, { recursive: true }); // a folder where the file should be
    const run = await open(CHANGES_READ);
    await run.write([dan]);
    const error = (await run.commit().catch((e: unknown) => e)) as Error;
    expect(error).to.include({ code: 'JSONL_READ_FAILED', category: 'fatal' });
    expect(error.message).to.match(new RegExp(`^Could not read the previous ${target}: EISDIR`));
  });

  it('streams a large previous file through the temp file, keeping its order', async () => {
    const count = 60_000;
    const users = Array.from({ length: count }, (_, i) => upn(`user${i}@acme.com`, `D${i % 7}`));
    previous(linesOf(...users));
    const run = await open(CHANGES_READ);
    await run.write([upn('user7@acme.com', 'IT')]);
    await run.commit({ remove: [users[count - 1]!.identifier], retain: [] });
    const lines = written().trimEnd().split('\n');
    expect(lines).to.have.length(count - 1);
    expect(lines[0]).to.equal(linesOf(upn('user7@acme.com', 'IT')).trimEnd());
    const kept = users.filter((_, i) => i !== 7 && i !== count - 1);
    expect(lines.slice(1)).to.deep.equal(
      linesOf(...kept)
        .trimEnd()
        .split('\n'),
    );
  });

  it('an aborted change read leaves the previous file and no temp file', async () => {
    previous(linesOf(ann));
    const run = await open(CHANGES_READ);
    await run.write([dan]);
    await run.abort('source failed');
    expect(written()).to.equal(linesOf(ann));
    expect(readdirSync(dirname(target))).to.deep.equal(['users.jsonl']);
  });

  it('standard output receives the run lines only, whatever the read and the plan', async () => {
    let out = '';
    const stdout = new Writable({ write: (chunk, _enc, done) => ((out += String(chunk)), done()) });
    const run = await createJsonlSinkType({ stdout: () => stdout })
      .create({ id: 's', type: 'jsonl' }, sinkContext)
      .open(runContext(CHANGES_READ));
    await run.write([dan]);
    expect(await run.commit({ remove: [ann.identifier], retain: [bob.identifier] })).to.deep.equal({
      importedRows: 1,
    });
    expect(out).to.equal(linesOf(dan));
  });
});

describe('jsonl line identifier', () => {
  it('reads the user back from a line the sink wrote, and refuses anything else', () => {
    const line = linesOf({ identifier: { kind: 'email', value: 'Ann "A" <ann@acme.com>' }, fields: { n: 1 } });
    expect(jsonlLineIdentifier(line.trimEnd())).to.deep.equal({ kind: 'email', value: 'Ann "A" <ann@acme.com>' });
    for (const bad of [
      '',
      'null',
      '[]',
      '{"identifier":{"kind":"upn","value":3},"fields":{}}',
      '{"identifier":{"kind":"upn","value":"a"},"fields":[]}',
      '{"identifier":null,"fields":{}}',
    ])
      expect(jsonlLineIdentifier(bad), bad).to.equal(undefined);
  });
});
