import { expect } from 'chai';
import { join } from 'node:path';
import { Redactor } from '../../core/index.js';
import { runCli, tempProject } from '../../../../test/support/run-cli.js';
import { secretsOf } from './secrets-of.js';

const PG_URL = 'postgres://postgres:Pg-S3cret%21@127.0.0.1:1/tributary?sslpassword=ssl-secret';

describe('secretsOf: what of a substituted URL is a secret', () => {
  it("keeps a URL's password and query values, not its user name", () => {
    expect(secretsOf({ path: 'cluster.postgres', key: 'PG_URL', value: PG_URL, text: PG_URL })).to.deep.equal([
      'Pg-S3cret!',
      'ssl-secret',
    ]);
    const userOnly = 'https://deploy-bot@git.acme.example/repo';
    expect(secretsOf({ path: 'sinks[0].url', key: 'URL', value: userOnly, text: userOnly })).to.deep.equal([]);
  });

  it('keeps a user name substituted on its own into a URL out of the secrets, and its password in', () => {
    const text = 'postgres://tributary_app:db-password@db/t';
    expect(secretsOf({ path: 'sinks[0].url', key: 'PGUSER', value: 'tributary_app', text })).to.deep.equal([]);
    expect(secretsOf({ path: 'sinks[0].url', key: 'PGPASSWORD', value: 'db-password', text })).to.deep.equal([
      'db-password',
    ]);
  });

  it('validate and plugins with a cluster database whose user is "postgres": the password is redacted, the word postgres is not', async () => {
    const dir = tempProject({
      'tributary.config.yaml': 'cluster:\n  postgres: ${PG_URL}\nsinks:\n  - { id: users, type: sqlite }\n',
    });
    const redactor = new Redactor();
    const config = ['--config', join(dir, 'tributary.config.yaml')];
    const validate = await runCli(['validate', ...config], { env: { PG_URL }, host: { redactor } });
    expect(validate.stderr).to.include('each run may land on any host: use a postgres sink');
    const plugins = await runCli(['plugins', ...config], { env: { PG_URL }, host: { redactor } });
    expect(plugins.stdout + plugins.stderr)
      .to.match(/\bpostgres\b/)
      .and.not.include('***');
    expect(
      redactor.redact('password authentication failed for user "postgres" (Pg-S3cret! Pg-S3cret%21 ssl-secret)'),
    ).to.equal('password authentication failed for user "postgres" (*** *** ***)');
    expect(redactor.redact(`connecting to ${PG_URL}`)).to.equal(
      'connecting to postgres://***@127.0.0.1:1/tributary?sslpassword=***',
    );
  });
});
