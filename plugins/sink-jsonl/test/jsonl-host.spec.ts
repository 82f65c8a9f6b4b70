import { expect } from 'chai';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestHost, syntheticConnector, testPlugin, type TestHost } from '../../../testing.js';
import sinkJsonlPlugin from '../index.js';

/** The jsonl sink inside the real host: a committed run replaces the file, a failed one leaves it. */
describe('jsonl sink in the host', () => {
  let dir: string;
  let host: TestHost;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tributary-jsonl-host-'));
    const mapping = {
      identification: 'Username',
      onMissingValue: 'keep',
      fields: [{ source: 'Department', target: 'department' }],
    };
    host = await startTestHost({
      config: {
        sinks: [{ id: 'file', type: 'jsonl', path: join(dir, 'users.jsonl') }],
        connectors: [
          { nqlId: 'good', name: 'good', connector: 'good', mapping },
          { nqlId: 'failing', name: 'failing', connector: 'failing', mapping },
        ],
      },
      withoutBuiltins: true,
      executionLog: false,
      plugins: [
        sinkJsonlPlugin,
        testPlugin({
          connectorTemplates: [
            syntheticConnector({
              id: 'good',
              rows: 2500,
              batchSize: 1000,
              record: (i) => ({ Username: `user${i}@example.com`, Department: i % 2 ? 'IT' : null }),
            }),
            syntheticConnector({ id: 'failing', rows: 3000, batchSize: 1000, failAt: 2000 }),
          ],
        }),
      ],
    });
  });
  afterEach(async () => {
    await host.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes every processed row in order, then leaves the file alone when a later run fails', async () => {
    expect(await host.run('good')).to.include({ status: 'success', importedRows: 2500 });
    const written = readFileSync(join(dir, 'users.jsonl'), 'utf8');
    const lines = written.trimEnd().split('\n');
    expect(lines).to.have.length(2500);
    expect(lines[0]).to.equal('{"identifier":{"kind":"upn","value":"user0@example.com"},"fields":{}}');
    expect(lines[2499]).to.equal(
      '{"identifier":{"kind":"upn","value":"user2499@example.com"},"fields":{"department":"IT"}}',
    );

    expect(await host.run('failing')).to.include({ status: 'failure' });
    expect(readFileSync(join(dir, 'users.jsonl'), 'utf8')).to.equal(written);
    expect(readdirSync(dir)).to.deep.equal(['users.jsonl']);
  });
});
