import { expect } from 'chai';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHost } from '../../index.js';

describe("the embedding API (the package's main entry)", () => {
  it("createHost({ config }) loads the host's built-in plugins: the default sink, a built-in template and sink type", async () => {
    const host = await createHost({
      config: {
        state: { dir: mkdtempSync(join(tmpdir(), 'tributary-embedding-')) },
        sinks: [{ id: 'out', type: 'jsonl', path: join(tmpdir(), 'embedding-users.jsonl') }],
        connectors: [
          {
            nqlId: 'people',
            name: 'People',
            connector: 'rest-json-user-attributes',
            parameters: { url: 'https://api.example.test/users' },
            mapping: { identification: 'upn', fields: [{ source: 'dept', target: 'department' }] },
          },
        ],
      },
    });
    try {
      expect(host.config.connectors.map((c) => c.nqlId)).to.deep.equal(['people']);
      expect(host.config.sinks.map((s) => s.type)).to.deep.equal(['jsonl']);
    } finally {
      await host.close();
    }
  });
});
