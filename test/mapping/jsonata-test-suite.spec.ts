import { expect } from 'chai';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SUITE_ENV, locateSuite } from './jsonata-test-suite.js';

/** The suite is read only where TRIBUTARY_JSONATA_TEST_SUITE says, never from a guessed place beside the repository. */
describe('mapping: where the JSONata test suite is read from', () => {
  it('is missing, with the reason, when the variable is not set (a fresh clone)', () => {
    expect(locateSuite({})).to.deep.equal({
      missing: `${SUITE_ENV} is not set (.ci/run sets it to the suite checked out beside the repository)`,
    });
  });

  it('is missing when the variable names a folder without the suite, and found when it holds groups/', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tributary-suite-'));
    try {
      expect(locateSuite({ [SUITE_ENV]: dir }))
        .to.have.property('missing')
        .that.contains('holds no groups/ folder');
      mkdirSync(join(dir, 'groups'));
      expect(locateSuite({ [SUITE_ENV]: dir })).to.deep.equal({ dir });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
