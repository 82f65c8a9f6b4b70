import { expect } from 'chai';
import { join } from 'node:path';
import { runCli, tempProject } from '../support/run-cli.js';

const credentials = `
credentials:
  - id: sf-prod
    name: Salesforce production
    type: oauth2-client-credentials
    url: https://acme.my.salesforce.com
    clientId: \${SF_CLIENT_ID}
    clientSecret: \${SF_CLIENT_SECRET}
`;
const env = { SF_CLIENT_ID: 'client-id-123', SF_CLIENT_SECRET: 'super-secret-value' };

function connector(
  extra = '',
  mapping = `
      identification: Username
      fields:
        - { source: Department, target: department }`,
): string {
  return `
  - nqlId: salesforce_users
    name: Salesforce users
    connector: salesforce-user-attributes
    credentials: sf-prod
    parameters: { query: "SELECT Username, Department FROM User" }${extra}
    mapping:${mapping}
`;
}

async function validate(yaml: string, extraEnv: Record<string, string> = env, argv: string[] = []) {
  const cwd = tempProject({ 'tributary.config.yaml': yaml });
  return runCli(['validate', ...argv], { cwd, env: extraEnv });
}

describe('config errors (validate, exit 2)', () => {
  it('accepts a valid config', async () => {
    const out = await validate(`${credentials}connectors:${connector()}`);
    expect(out.stderr).to.equal('');
    expect(out.code).to.equal(0);
    expect(out.stdout).to.match(
      /^Configuration OK \(.*tributary\.config\.yaml\): 1 connector \(salesforce_users\), 1 credential, 1 sink/,
    );
  });

  it('reports an unknown key with its path', async () => {
    const out = await validate(
      `${credentials}connectors:${connector(
        '',
        `
      identification: Username
      feilds: []`,
      )}`,
    );
    expect(out.code).to.equal(2);
    expect(out.stderr).to.include('connectors[0].mapping.feilds: unknown key "feilds"');
  });

  it('suggests the closest key for a misspelt one, at every level', async () => {
    const out = await validate(
      `limts: { maxRowsPerSync: 10 }\n${credentials}connectors:${connector(
        '\n    sinkk: users',
        `
      identification: Username
      feilds: []`,
      )}`,
    );
    expect(out.code).to.equal(2);
    expect(out.stderr).to.include('limts: unknown key "limts": did you mean "limits"?');
    expect(out.stderr).to.include('connectors[0].sinkk: unknown key "sinkk": did you mean "sink"?');
    expect(out.stderr).to.include('connectors[0].mapping.feilds: unknown key "feilds": did you mean "fields"?');
    const identifier = await validate(
      `${credentials}connectors:${connector(
        '',
        `
      identification: Username
      identifer: upn
      fields: [{ source: Department, target: department }]`,
      )}`,
    );
    expect(identifier.stderr).to.include(
      'connectors[0].mapping.identifer: unknown key "identifer": did you mean "identifier"?',
    );
  });

  it("suggests the key of a plugin's schema too (a credential entry)", async () => {
    const out = await validate(`${credentials.replace('clientId:', 'clientID:')}connectors:${connector()}`);
    expect(out.code).to.equal(2);
    expect(out.stderr).to.include('credentials[0].clientID: unknown key "clientID": did you mean "clientId"?');
  });

  it('says to give one of recurrence or cron when a schedule has both, once', async () => {
    const out = await validate(
      `${credentials}connectors:${connector('\n    schedule: { recurrence: daily, at: "02:00", cron: "0 2 * * *" }')}`,
    );
    expect(out.code).to.equal(2);
    expect(out.stderr).to.include('connectors[0].schedule: give one of recurrence or cron, not both');
    expect(out.stderr).not.to.include('unknown key');
    const typo = await validate(
      `${credentials}connectors:${connector('\n    schedule: { cron: "0 2 * * *", timezon: UTC }')}`,
    );
    expect(typo.stderr).to.include('connectors[0].schedule.timezon: unknown key "timezon": did you mean "timezone"?');
    expect(typo.stderr.match(/connectors\[0\]\.schedule/g)).to.have.length(1);
  });

  it('suggests the underscore form of a hyphenated target', async () => {
    const out = await validate(
      `${credentials}connectors:${connector(
        '',
        `
      identification: Username
      fields:
        - { source: EmployeeNumber, target: employee-number }`,
      )}`,
    );
    expect(out.code).to.equal(2);
    expect(out.stderr).to.include(
      'connectors[0].mapping.fields[0].target: must start with a letter or "_" and contain only letters, digits and "_" (at most 64): did you mean "employee_number"?',
    );
  });

  it('reports a wrong type', async () => {
    const out = await validate(`limits: { maxRowsPerSync: "many" }\n${credentials}connectors:${connector()}`);
    expect(out.code).to.equal(2);
    expect(out.stderr).to.include('limits.maxRowsPerSync: limits.maxRowsPerSync must be a number');
  });

  it('reports a missing environment variable by name', async () => {
    const out = await validate(`${credentials}connectors:${connector()}`, { SF_CLIENT_ID: 'x' });
    expect(out.code).to.equal(2);
    expect(out.stderr).to.include('credentials[0].clientSecret: the environment variable SF_CLIENT_SECRET is not set');
  });

  it('reports a missing environment variable together with the problems the plugins find', async () => {
    const broken = connector(
      '',
      `
      identification: Username
      fields:
        - { source: "Department &&& (", target: department }`,
    ).replace('connector: salesforce-user-attributes', 'connector: salesforce-user-atributes');
    const out = await validate(
      `${credentials}connectors:${connector()}${broken.replace('nqlId: salesforce_users', 'nqlId: other_users')}`,
      { SF_CLIENT_ID: 'x' },
    );
    expect(out.code).to.equal(2);
    const problems = out.stderr.split('\n').filter((line) => line.startsWith('  - '));
    expect(problems).to.deep.equal([
      '  - credentials[0].clientSecret: the environment variable SF_CLIENT_SECRET is not set (export SF_CLIENT_SECRET=… before running)',
      '  - connectors[1].connector: unknown connector template "salesforce-user-atributes" (known: salesforce-user-attributes, rest-json-user-attributes)',
      '  - connectors[1].mapping.fields[0].source: Invalid JSONata expression for field department: The symbol "&" cannot be used as a unary operator',
    ]);
  });

  it('lets read-only commands work without the secrets', async () => {
    const yaml = credentials.replace('https://acme.my.salesforce.com', '${SF_URL}');
    const cwd = tempProject({ 'tributary.config.yaml': `${yaml}connectors:${connector()}` });
    const out = await runCli(['plugins'], { cwd, env: {} });
    expect(out.stderr).to.equal('');
    expect(out.code).to.equal(0);
    expect(out.stdout).to.match(/^credentials \d+\.\d+\.\d+ \(built-in\)/m);
    const logs = await runCli(['logs'], { cwd, env: {} });
    expect(logs.stderr).to.equal('');
    expect(logs.code).to.equal(0);
    const run = await runCli(['run'], { cwd, env: {} });
    expect(run.code).to.equal(2);
    expect(run.stderr).to.include('the environment variable SF_URL is not set');
  });

  it('reports a secret written in the file', async () => {
    const out = await validate(
      credentials.replace('${SF_CLIENT_SECRET}', 'plain-text-secret') + `connectors:${connector()}`,
    );
    expect(out.code).to.equal(2);
    expect(out.stderr).to.include('credentials[0].clientSecret: is a secret and is never written in the file');
  });

  it('reports a duplicate nqlId', async () => {
    const out = await validate(`${credentials}connectors:${connector()}${connector()}`);
    expect(out.code).to.equal(2);
    expect(out.stderr).to.include('connectors: the nqlId "salesforce_users" is used by more than one connector');
  });

  it('reports an unknown template, credentials and sink, all at once', async () => {
    const yaml = `${credentials}connectors:
  - nqlId: a_users
    name: A
    connector: workday-users
    credentials: sf-prod
    mapping: { identification: Username, fields: [{ source: A, target: a }] }
  - nqlId: b_users
    name: B
    connector: salesforce-user-attributes
    credentials: sf-test
    sink: warehouse
    parameters: { query: "SELECT Username FROM User" }
    mapping: { identification: Username, fields: [{ source: A, target: a }] }
`;
    const out = await validate(yaml);
    expect(out.code).to.equal(2);
    expect(out.stderr).to.include(
      'connectors[0].connector: unknown connector template "workday-users" (known: salesforce-user-attributes',
    );
    expect(out.stderr).to.include(
      'connectors[1].credentials: names credentials "sf-test", which are not defined (defined: sf-prod)',
    );
    expect(out.stderr).to.include('connectors[1].sink: names sink "warehouse", which is not defined (defined: users)');
    expect(out.stderr).to.match(/\(3 problems\)/);
  });

  it('reports an invalid nqlId', async () => {
    const out = await validate(
      `${credentials}connectors:${connector().replace('salesforce_users', 'Salesforce-Users')}`,
    );
    expect(out.code).to.equal(2);
    expect(out.stderr).to.include('connectors[0].nqlId: must start with a lower-case letter');
  });

  it('reports an invalid JSONata expression naming the field', async () => {
    const out = await validate(
      `${credentials}connectors:${connector(
        '',
        `
      identification: Username
      fields:
        - { source: Department, target: department }
        - { source: "Manager.(Name", target: manager }`,
      )}`,
    );
    expect(out.code).to.equal(2);
    expect(out.stderr).to.include(
      'connectors[0].mapping.fields[1].source: Invalid JSONata expression for field manager:',
    );
  });

  it('reports an invalid schedule', async () => {
    const out = await validate(
      `${credentials}connectors:${connector(`
    schedule: { recurrence: daily, at: "25:00", timezone: Mars/Olympus }`)}`,
    );
    expect(out.code).to.equal(2);
    expect(out.stderr).to.match(/connectors\[0\]\.schedule[^\n]*(25:00|at)/);
    expect(out.stderr).to.match(/Mars\/Olympus/);
  });

  it('reports a YAML syntax error with line and column', async () => {
    const out = await validate('connectors:\n  - nqlId: a\n    name: [unclosed\n');
    expect(out.code).to.equal(2);
    expect(out.stderr).to.match(/YAML syntax error at line \d+, column \d+/);
    expect(out.stderr).not.to.match(/\n\s+at /);
  });

  it('reports a plugin that throws on load, and one that exports no definePlugin', async () => {
    const cwd = tempProject({
      'tributary.config.yaml': 'plugins: [ "./throws.mjs", "./nothing.mjs" ]\n',
      'throws.mjs': 'throw new Error("cannot start: missing licence");\n',
      'nothing.mjs': 'export default { id: "nothing" };\n',
    });
    const out = await runCli(['validate'], { cwd, env });
    expect(out.code).to.equal(2);
    expect(out.stderr).to.include('plugin "./throws.mjs": failed to load: cannot start: missing licence');
    expect(out.stderr).to.include('plugin "./nothing.mjs": does not default-export definePlugin');
  });

  it('tells to build a plugin folder whose entry module was never built', async () => {
    const cwd = tempProject({
      'tributary.config.yaml': 'plugins: [ "./acme-users" ]\n',
      'acme-users/package.json': JSON.stringify({
        name: '@acme/users',
        type: 'module',
        exports: { '.': { default: './dist/index.js' } },
      }),
      'acme-users/tsconfig.json': '{}',
    });
    const out = await runCli(['validate'], { cwd, env });
    expect(out.code).to.equal(2);
    expect(out.stderr).to.include(
      `plugin "./acme-users": failed to load: its entry module ${join(cwd, 'acme-users/dist/index.js')} does not exist (build it first: npm run build in ${join(cwd, 'acme-users')})`,
    );
  });

  it('shows a stack trace only with --verbose', async () => {
    const yaml = `${credentials}connectors:${connector().replace('salesforce_users', 'Bad')}`;
    const quiet = await validate(yaml);
    expect(quiet.stderr).not.to.match(/\n\s+at /);
    const verbose = await validate(yaml, env, ['--verbose']);
    expect(verbose.stderr).to.match(/\n\s+at /);
  });

  it('says so when there is no config at all', async () => {
    const out = await runCli(['validate'], { cwd: tempProject({}), env });
    expect(out.code).to.equal(2);
    expect(out.stderr).to.match(/No Tributary config found .* create tributary\.config\.yaml/);
  });
});
