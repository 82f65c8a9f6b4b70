import { expect } from 'chai';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { RECORDED_SCENARIOS } from './scenarios.js';

describe('salesforce-user-attributes fixtures', () => {
  it('are all recorded: every fixture file has a scenario of `npm run record`, and every scenario a fixture', () => {
    const folder = fileURLToPath(new URL('./fixtures/', import.meta.url));
    const files = readdirSync(folder)
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.slice(0, -'.json'.length))
      .sort();
    const scenarios = RECORDED_SCENARIOS.map((s) => s.name).sort();
    expect(files).to.deep.equal(scenarios);
    expect(new Set(scenarios).size).to.equal(scenarios.length);
  });
});
