import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunResult } from 'tributary-kit';
import { startTestHost, syntheticConnector, testPlugin } from '../../../testing.js';
import sinkJsonlPlugin from '../index.js';
import { linesOf, upn } from './jsonl-fakes.js';

/**
 * The jsonl sink under a connector with a `sync:` entry, in the real host: the users a full read no
 * longer returns keep their lines, lose them, or get empty values, as `leavers.action` says.
 */
describe('jsonl sink in the host: leavers', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'tributary-jsonl-leavers-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** One run of a source holding users 0 … rows-1 in `department`, with state kept in `dir` between runs. */
  async function runOnce(rows: number, department: string, action: string): Promise<RunResult> {
    const host = await startTestHost({
      config: {
        sinks: [{ id: 'file', type: 'jsonl', path: join(dir, 'users.jsonl') }],
        connectors: [
          {
            nqlId: 'people',
            name: 'People',
            connector: 'synthetic',
            sink: 'file',
            mapping: { identification: 'Username', fields: [{ source: 'Department', target: 'department' }] },
            sync: { mode: 'full', leavers: { action } },
          },
        ],
      },
      stateDir: dir,
      plugins: [
        sinkJsonlPlugin,
        testPlugin({
          connectorTemplates: [
            syntheticConnector({ rows, record: (i) => ({ Username: `u${i}@acme.com`, Department: department }) }),
          ],
        }),
      ],
    });
    try {
      return await host.run('people');
    } finally {
      await host.close();
    }
  }

  const file = (): string => readFileSync(join(dir, 'users.jsonl'), 'utf8');
  const users = (from: number, to: number, department: string) =>
    Array.from({ length: to - from }, (_, i) => upn(`u${from + i}@acme.com`, department));

  for (const [action, leavers] of [
    ['keep', users(8, 10, 'Old')],
    ['delete', []],
    ['clear', users(8, 10, '')],
  ] as const) {
    it(`leavers.action ${action}: the file holds the read's lines${leavers.length ? ' and the leavers’ lines' : ''}`, async () => {
      const first = await runOnce(10, 'Old', action);
      expect(first.status, first.description).to.equal('success');
      expect(file()).to.equal(linesOf(...users(0, 10, 'Old')));
      const second = await runOnce(8, 'New', action);
      expect(second.status, second.description).to.equal('success');
      const lines = file().trimEnd().split('\n');
      expect(lines.slice(0, 8)).to.deep.equal(
        linesOf(...users(0, 8, 'New'))
          .trimEnd()
          .split('\n'),
      );
      expect(lines.slice(8).sort()).to.deep.equal(
        leavers.length
          ? linesOf(...leavers)
              .trimEnd()
              .split('\n')
              .sort()
          : [],
      );
    });
  }
});
