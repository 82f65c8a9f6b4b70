/**
 * `npm run record`: re-records the HTTP fixtures of the Salesforce connector against the bundled
 * sandbox. Each scenario of scenarios.ts runs the real connector (and the real client-credentials
 * credential) under the kit's `useRecordedHttp` in record mode, which scrubs the sandbox origin (to the
 * fixtures' instance), access tokens and secrets; token requests are then dropped (the specs authenticate
 * with a fake credential) and test/fixtures/<scenario>.json is written one answer a line.
 * Usage: npm run record [-- [--out <folder>] scenario-name …]   (--out: write elsewhere, to compare)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Definition } from 'nock';
import { useRecordedHttp } from '../../../testing.js';
import { startSandbox } from '../../salesforce-sandbox/index.js';
import { createSalesforceUserAttributesTemplate } from '../src/salesforce-user-attributes-template.js';
import { RECORDED_SCENARIOS, type RecordedScenario } from './scenarios.js';
import { TEST_RETRY } from './support/counting-http.js';
import { fakeContext } from './support/fake-context.js';
import { FIXTURE_BASE_URL, fixturePath } from './support/fixtures.js';
import { readAll } from './support/read-all.js';
import { sandboxCredential } from './support/sandbox-credential.js';

const KEPT_HEADERS = ['content-type', 'sforce-limit-info'];

async function record(scenario: RecordedScenario, folder: URL | undefined): Promise<string> {
  const sandbox = await startSandbox({ seed: 1, ...scenario.sandbox });
  // Filled while recording (the access tokens the credential registers); the kit scrubs them at done().
  const secrets: string[] = [sandbox.clientSecret];
  const { http, credential } = await sandboxCredential(sandbox, 'sf-sandbox', (value) => void secrets.push(value));
  const template = createSalesforceUserAttributesTemplate(http, { retry: TEST_RETRY });
  const context = fakeContext(scenario.parameters, { credential, maxRows: scenario.maxRows });
  const file = fixturePath(scenario.name, folder);
  const recording = useRecordedHttp(file, {
    mode: 'record',
    origins: { [sandbox.url]: FIXTURE_BASE_URL },
    secrets,
    keepHeaders: KEPT_HEADERS,
  });
  try {
    if (scenario.run === 'check') {
      const result = await template.check(context);
      return `check ok=${result.ok}: ${result.messages.join(' | ')}`;
    }
    const { rows, batches, error } = await readAll((c) => template.read(c), context);
    return `${rows.length} rows in ${batches.length} batches${error ? `, then ${(error as Error).message}` : ''}`;
  } finally {
    recording.done();
    await sandbox.close();
    writeFixture(file, withoutTokenRequests(JSON.parse(readFileSync(file, 'utf8')) as Definition[]));
  }
}

function withoutTokenRequests(definitions: readonly Definition[]): Definition[] {
  return definitions.filter((d) => !String(d.path).startsWith('/services/oauth2/'));
}

/**
 * One recorded answer a line, keys in nock's recording order and headers as a flat list, so that
 * re-recording an unchanged conversation rewrites the committed fixture byte for byte.
 */
function writeFixture(file: URL, definitions: readonly Definition[]): void {
  const lines = definitions.map(({ scope, method, path, body, status, response, rawHeaders, ...rest }) =>
    JSON.stringify({ scope, method, path, body, status, response, rawHeaders: flatHeaders(rawHeaders), ...rest }),
  );
  writeFileSync(file, `[\n${lines.join(',\n')}\n]\n`);
}

function flatHeaders(raw: Definition['rawHeaders']): string[] {
  const pairs = Array.isArray(raw) ? (raw as string[]) : Object.entries(raw ?? {}).flat();
  return pairs.map((value, i) => (i % 2 === 0 ? String(value).toLowerCase() : String(value)));
}

const { values, positionals } = parseArgs({ options: { out: { type: 'string' } }, allowPositionals: true });
const folder = values.out === undefined ? undefined : pathToFileURL(`${values.out.replace(/\/+$/, '')}/`);
const only = new Set(positionals);
for (const scenario of RECORDED_SCENARIOS) {
  if (only.size > 0 && !only.has(scenario.name)) continue;
  console.log(`${scenario.name}: ${await record(scenario, folder)}`);
}
