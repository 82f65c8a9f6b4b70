import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

interface MochaJson {
  readonly passes: Array<{ fullTitle: string }>;
  readonly failures: Array<{ fullTitle: string; err: { message?: string } }>;
  readonly pending: Array<{ fullTitle: string }>;
}

const REPO = fileURLToPath(new URL('../../', import.meta.url));

/** Runs the conformance suite over flawed connectors in a child mocha; titles and messages of the failed tests by plugin. */
async function failuresByPlugin(): Promise<{ failures: Record<string, string[]>; messages: Record<string, string[]> }> {
  const args = [
    'node_modules/mocha/bin/mocha.js',
    '--no-config',
    '--node-option',
    'import=tsx',
    '--reporter',
    'json',
    'test/testing-kit/fixtures/flawed-connectors.conformance.ts',
  ];
  const output = await promisify(execFile)(process.execPath, args, { cwd: REPO }).then(
    (r) => r.stdout,
    (e: { stdout: string }) => e.stdout,
  );
  const report = JSON.parse(output) as MochaJson;
  const failures: Record<string, string[]> = {};
  const messages: Record<string, string[]> = {};
  for (const test of [...report.passes, ...report.failures, ...report.pending]) {
    const [plugin] = /list-[a-z-]+/.exec(test.fullTitle)!;
    failures[plugin] ??= [];
    messages[plugin] ??= [];
  }
  for (const failure of report.failures) {
    const [plugin] = /list-[a-z-]+/.exec(failure.fullTitle)!;
    failures[plugin]!.push(failure.fullTitle.replace(/^connector conformance: list-[a-z-]+ /, ''));
    messages[plugin]!.push(failure.err.message ?? '');
  }
  return { failures, messages };
}

describe('tributary-host/testing: the conformance suite catches flawed connectors', function () {
  this.timeout(60_000);
  let failures: Record<string, string[]>;
  let messages: Record<string, string[]>;
  before(async () => {
    ({ failures, messages } = await failuresByPlugin());
  });

  it('passes a correct connector', () => {
    expect(failures['list-correct']).to.deep.equal([]);
  });

  it('fails a connector that fetches beyond the row limit', () => {
    expect(failures['list-ignores-limit']).to.deep.equal([
      'the row limit (20) stops reading cleanly, without another fetch',
    ]);
  });

  it('fails a connector whose errors are not TributaryErrors', () => {
    expect(failures['list-untyped-errors']).to.include(
      'a failing source makes read throw a TributaryError and the run fail',
    );
  });

  it('fails a connector that ignores cancellation', () => {
    expect(failures['list-ignores-signal']).to.include('an aborted signal stops read with a CancelledError');
  });

  it('fails a connector that stops after page 1, naming the cause rather than the fixtures', () => {
    expect(failures['list-stops-after-first-page']).to.include(
      'reads every page exactly once: the 30 rows of the fixtures, in at least two pages',
    );
    expect(messages['list-stops-after-first-page']![0]).to.match(
      /^read stopped after 10 of the 30 rows the fixtures hold \(expectedRows\), in 1 page\(s\): the connector does not follow the next page/,
    );
    expect(messages['list-stops-after-first-page']![1]).to.contain(
      'though the fixtures hold 30: the connector stopped paging early',
    );
  });

  it('fails a connector that reads a page twice: too many rows, a duplicate row', () => {
    expect(failures['list-repeats-page']).to.include.members([
      'reads every page exactly once: the 30 rows of the fixtures, in at least two pages',
      'delivers no row twice (rows told apart by email)',
    ]);
  });

  it('fails a connector that stops at the row limit without saying more rows exist', () => {
    expect(failures['list-silent-at-limit']).to.deep.equal([
      'a run cut by the row limit ends partial: more rows exist than it processed',
    ]);
  });

  it('fails a connector that does not count a retried attempt as an API call', () => {
    expect(failures['list-counts-pages-not-attempts']).to.deep.equal([
      'retries a 429 or 5xx answer, reads every row once and counts the retried attempt',
    ]);
  });

  it('fails a connector that does not authenticate again after a 401', () => {
    expect(failures['list-no-reauth']).to.deep.equal([
      'authenticates again when the API refuses the session (401) and reads every row once',
    ]);
  });
});
