import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

interface MochaJson {
  readonly passes: Array<{ fullTitle: string }>;
  readonly failures: Array<{ fullTitle: string }>;
  readonly pending: Array<{ fullTitle: string }>;
}

const REPO = fileURLToPath(new URL('../../', import.meta.url));

/** Runs the conformance suite over flawed connectors in a child mocha; titles of the failed tests by plugin. */
async function failuresByPlugin(): Promise<Record<string, string[]>> {
  const args = ['node_modules/mocha/bin/mocha.js', '--no-config', '--node-option', 'import=tsx', '--reporter', 'json', 'test/testing-kit/fixtures/flawed-connectors.conformance.ts'];
  const output = await promisify(execFile)(process.execPath, args, { cwd: REPO }).then(
    (r) => r.stdout,
    (e: { stdout: string }) => e.stdout,
  );
  const report = JSON.parse(output) as MochaJson;
  const byPlugin: Record<string, string[]> = {};
  for (const test of [...report.passes, ...report.failures, ...report.pending]) byPlugin[/list-[a-z-]+/.exec(test.fullTitle)![0]] ??= [];
  for (const failure of report.failures) {
    const [plugin] = /list-[a-z-]+/.exec(failure.fullTitle)!;
    byPlugin[plugin]!.push(failure.fullTitle.replace(/^connector conformance: list-[a-z-]+ /, ''));
  }
  return byPlugin;
}

describe('tributary/testing: the conformance suite catches flawed connectors', function () {
  this.timeout(60_000);
  let failures: Record<string, string[]>;
  before(async () => {
    failures = await failuresByPlugin();
  });

  it('passes a correct connector', () => {
    expect(failures['list-correct']).to.deep.equal([]);
  });

  it('fails a connector that fetches beyond the row limit', () => {
    expect(failures['list-ignores-limit']).to.deep.equal(['the row limit (5) stops reading cleanly, without another fetch']);
  });

  it('fails a connector whose errors are not TributaryErrors', () => {
    expect(failures['list-untyped-errors']).to.deep.equal(['a failing source makes read throw a TributaryError and the run fail']);
  });

  it('fails a connector that ignores cancellation', () => {
    expect(failures['list-ignores-signal']).to.include('an aborted signal stops read with a CancelledError');
  });
});
