/**
 * `npm run record`: re-records the HTTP fixtures of the Salesforce connector against the bundled
 * sandbox. Each scenario of scenarios.ts runs the real connector (and the real client-credentials
 * credential) with nock recording; token requests are dropped, and the sandbox URL, access tokens
 * and secrets are scrubbed before test/fixtures/<scenario>.json is written.
 * Usage: npm run record [-- scenario-name …]
 */
import { writeFileSync } from 'node:fs';
import nock, { type Definition } from 'nock';
import { silentLogger } from '../../../core/index.js';
import { createHttpClient } from '../../../host/http/create-http-client.js';
import { createClientCredentialsType } from '../../credentials/oauth2-client-credentials.js';
import { startSandbox } from '../sandbox/index.js';
import { createSalesforceUserAttributesTemplate } from '../src/salesforce-user-attributes-template.js';
import { RECORDED_SCENARIOS, type RecordedScenario } from './scenarios.js';
import { TEST_RETRY } from './support/counting-http.js';
import { fakeContext } from './support/fake-context.js';
import { FIXTURE_BASE_URL, fixturePath } from './support/fixtures.js';
import { readAll } from './support/read-all.js';

const KEPT_HEADERS = new Set(['content-type', 'sforce-limit-info']);

async function record(scenario: RecordedScenario): Promise<string> {
  const sandbox = await startSandbox({ seed: 1, ...scenario.sandbox });
  const secrets = new Set<string>([sandbox.clientSecret]);
  const http = createHttpClient({ retry: { baseDelayMs: 1, maxDelayMs: 2 } });
  const credential = createClientCredentialsType(http).create(
    { id: 'sf-sandbox', name: 'Sandbox', type: 'oauth2-client-credentials', url: sandbox.url, clientId: sandbox.clientId, clientSecret: sandbox.clientSecret },
    { logger: silentLogger, addSecret: (value) => secrets.add(value) },
  );
  const template = createSalesforceUserAttributesTemplate(http, { retry: TEST_RETRY });
  const context = fakeContext(scenario.parameters, { credential, maxRows: scenario.maxRows });
  let outcome: string;
  nock.recorder.rec({ output_objects: true, dont_print: true });
  try {
    if (scenario.run === 'check') {
      const result = await template.check(context);
      outcome = `check ok=${result.ok}: ${result.messages.join(' | ')}`;
    } else {
      const { rows, batches, error } = await readAll((c) => template.read(c), context);
      outcome = `${rows.length} rows in ${batches.length} batches${error ? `, then ${(error as Error).message}` : ''}`;
    }
  } finally {
    const definitions = nock.recorder.play() as Definition[];
    nock.recorder.clear();
    nock.restore();
    await sandbox.close();
    writeFixture(scenario.name, scrub(definitions, sandbox.url, secrets));
  }
  return outcome;
}

function scrub(definitions: Definition[], sandboxUrl: string, secrets: ReadonlySet<string>): Definition[] {
  const kept = definitions
    .filter((d) => !String(d.path).startsWith('/services/oauth2/'))
    .map((d) => ({ ...d, rawHeaders: keepHeaders(d.rawHeaders) }));
  let text = JSON.stringify(kept).replaceAll(sandboxUrl, FIXTURE_BASE_URL).replaceAll(new URL(sandboxUrl).host, new URL(FIXTURE_BASE_URL).host);
  for (const secret of secrets) text = text.replaceAll(secret, 'REDACTED');
  return JSON.parse(text) as Definition[];
}

function keepHeaders(raw: unknown): string[] {
  const pairs = Array.isArray(raw) ? (raw as string[]) : Object.entries((raw ?? {}) as Record<string, string>).flat();
  const out: string[] = [];
  for (let i = 0; i + 1 < pairs.length; i += 2) {
    if (KEPT_HEADERS.has(String(pairs[i]).toLowerCase())) out.push(String(pairs[i]).toLowerCase(), String(pairs[i + 1]));
  }
  return out;
}

function writeFixture(name: string, definitions: Definition[]): void {
  const lines = definitions.map((d) => JSON.stringify(d));
  writeFileSync(fixturePath(name), `[\n${lines.join(',\n')}\n]\n`);
}

const only = new Set(process.argv.slice(2));
for (const scenario of RECORDED_SCENARIOS) {
  if (only.size > 0 && !only.has(scenario.name)) continue;
  console.log(`${scenario.name}: ${await record(scenario)}`);
}
