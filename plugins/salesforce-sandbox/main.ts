/**
 * Starts the sandbox from the command line, for trying Tributary by hand:
 *   node --import tsx plugins/salesforce-sandbox/main.ts --port 8081 --users 10000
 * Prints the URL and the credentials, and runs until Ctrl+C.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startSandbox, type SandboxOptions } from './index.js';

const USAGE = `Salesforce-compatible sandbox
Options:
  --port N             loopback port (default: a free one)
  --users N            live users (default 4500)
  --seed N             data seed (default 1)
  --batch-size N       largest page served (default 2000)
  --latency-ms N       delay before every response (default 0)
  --duplicate-upns N   the first N users share one Username (default 0)
  --inactive-percent N users with IsActive = false (default 5)
  --api-limit N        daily API request limit (default 100000)
  --api-usage-start N  API requests already used (default 0)
  --prerender          render the default query's pages once at start
  --jwt-public-key F   PEM public key or certificate for the JWT bearer grant
  --help`;

const NUMERIC = {
  port: 'port',
  users: 'users',
  seed: 'seed',
  'batch-size': 'batchSize',
  'latency-ms': 'latencyMs',
  'duplicate-upns': 'duplicateUpns',
  'inactive-percent': 'inactivePercent',
  'api-limit': 'apiLimit',
  'api-usage-start': 'apiUsageStart',
} as const;

function optionsFrom(argv: string[]): SandboxOptions | null {
  const numeric = Object.fromEntries(Object.keys(NUMERIC).map((name) => [name, { type: 'string' as const }]));
  const { values } = parseArgs({
    args: argv,
    options: {
      ...numeric,
      prerender: { type: 'boolean' },
      'jwt-public-key': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) return null;
  const keyFile = values['jwt-public-key'];
  const options: Record<string, unknown> = {
    prerender: values.prerender ?? false,
    jwtPublicKey: typeof keyFile === 'string' ? readFileSync(keyFile, 'utf8') : undefined,
  };
  for (const [flag, key] of Object.entries(NUMERIC)) {
    const raw = (values as Record<string, unknown>)[flag];
    if (typeof raw !== 'string') continue;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`--${flag} must be a whole number >= 0, got "${raw}"`);
    options[key] = n;
  }
  return options as SandboxOptions;
}

async function main(argv: string[]): Promise<number> {
  let options: SandboxOptions | null;
  try {
    options = optionsFrom(argv);
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (!options) {
    console.log(USAGE);
    return 0;
  }
  const sandbox = await startSandbox(options);
  console.log(`Salesforce sandbox listening on ${sandbox.url} (${options.users ?? 4500} users)
  token URL      ${sandbox.url}/services/oauth2/token
  clientId       ${sandbox.clientId}
  clientSecret   ${sandbox.clientSecret}
  username       ${sandbox.username}
  password       ${sandbox.password}
Try:
  curl -s -d grant_type=client_credentials -d client_id=${sandbox.clientId} -d client_secret=${sandbox.clientSecret} ${sandbox.url}/services/oauth2/token
Ctrl+C stops it.`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await sandbox.close();
  const { requests, queryRequests } = sandbox.stats;
  console.log(
    `Stopped after ${requests} requests (${queryRequests} query pages); peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB.`,
  );
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
