import Ajv from 'ajv';
import { expect } from 'chai';
import { join } from 'node:path';
import * as v from 'valibot';
import { ConfigProblemsError, Redactor } from 'tributary-kit';
import { createHost } from '../../host/builtins/create-host.js';
import { configSchema } from 'tributary-kit/internal/kernel/config/config-schema.js';
import { toProblems } from 'tributary-kit/internal/kernel/config/issue-path.js';
import { runCli, tempProject } from '../support/run-cli.js';

/** The problems the config loader reports for a `notify:` value. */
function problemsOf(notify: unknown) {
  const result = v.safeParse(configSchema, { notify });
  return result.success ? [] : toProblems(result.issues, '', configSchema);
}

describe('notify: the config schema', () => {
  it('refuses an SMTP password written in the file, like every secret', async () => {
    const email = (password: string) => ({
      type: 'email',
      smtp: { host: 'smtp.example.com', port: 587, user: 'tributary', password },
      from: 'tributary@example.com',
      to: ['ops@example.com'],
    });
    const problems = async (password: string, env: Record<string, string> = {}) => {
      try {
        await (await createHost({ config: { notify: [email(password)] }, env, stateDir: ':memory:' })).close();
        return [];
      } catch (error) {
        if (!(error instanceof ConfigProblemsError)) throw error;
        return error.problems.map((p) => `${p.path}: ${p.message}`);
      }
    };
    expect(await problems('written-in-the-file')).to.deep.equal([
      'notify[0].smtp.password: is a secret and is never written in the file: use ${ENV_NAME} or ${file:path}',
    ]);
    expect(await problems('${SMTP_PASSWORD}', { SMTP_PASSWORD: 'from-the-environment' })).to.deep.equal([]);
  });

  it('takes webhook (json, slack) and email targets as the notifier reads them', () => {
    const notify = [
      { type: 'webhook', url: 'https://hooks.example.com/tributary', headers: { Authorization: 'Bearer x' } },
      { type: 'webhook', url: 'https://hooks.slack.com/services/T0/B0/abc', format: 'slack', events: ['failure'] },
      {
        type: 'email',
        smtp: { host: 'smtp.example.com', port: 587, user: 'tributary', password: 'pw-12345' },
        from: 'Tributary <tributary@example.com>',
        to: ['ops@example.com'],
        events: ['quarantine', 'held'],
      },
    ];
    const result = v.safeParse(configSchema, { notify });
    if (!result.success) expect.fail(JSON.stringify(toProblems(result.issues)));
    expect(result.output.notify).to.deep.equal(notify);
  });

  it('names the entry and key of each bad part, in plain words', () => {
    expect(problemsOf({ type: 'webhook' })).to.deep.equal([
      {
        path: 'notify',
        message: 'must be a list of targets, each { type: webhook, url } or { type: email, smtp, from, to }',
      },
    ]);
    expect(problemsOf([{ type: 'slack', url: 'https://x' }, { url: 'https://x' }])).to.deep.equal([
      { path: 'notify[0].type', message: 'must be webhook or email, not "slack"' },
      { path: 'notify[1].type', message: 'is required: webhook or email' },
    ]);
    expect(
      problemsOf([
        { type: 'webhook', url: 'ftp://files.example.com/x', format: 'teams', headrs: {} },
        { type: 'webhook', url: 'hooks.example.com', headers: { 'Bad Name': 'x', 'X-Ok': 'a\r\nInjected: 1' } },
      ]),
    ).to.deep.equal([
      { path: 'notify[0].url', message: 'must be an http:// or https:// URL' },
      { path: 'notify[0].format', message: 'must be json or slack' },
      { path: 'notify[0].headrs', message: 'unknown key "headrs": did you mean "headers"?' },
      { path: 'notify[1].url', message: 'must be an http:// or https:// URL' },
      { path: 'notify[1].headers.Bad Name', message: 'is not a valid HTTP header name' },
      { path: 'notify[1].headers.X-Ok', message: 'must be one line (a header value has no line breaks)' },
    ]);
  });

  it('events must be a non-empty list of failure, held, quarantine or recovery', () => {
    const url = 'https://hooks.example.com/x';
    expect(problemsOf([{ type: 'webhook', url, events: ['failure', 'hold', 'everything', 3] }])).to.deep.equal([
      {
        path: 'notify[0].events[1]',
        message: '"hold" is not an event: use failure, held, quarantine or recovery (did you mean "held"?)',
      },
      {
        path: 'notify[0].events[2]',
        message: '"everything" is not an event: use failure, held, quarantine or recovery',
      },
      { path: 'notify[0].events[3]', message: 'must be an event name: use failure, held, quarantine or recovery' },
    ]);
    expect(problemsOf([{ type: 'webhook', url, events: [] }])).to.deep.equal([
      { path: 'notify[0].events', message: 'must name at least one event; leave it out for all of them' },
    ]);
    expect(problemsOf([{ type: 'webhook', url, events: 'failure' }])).to.deep.equal([
      {
        path: 'notify[0].events',
        message: 'must be a list of events (failure, held, quarantine or recovery); leave it out for all of them',
      },
    ]);
  });

  it('an email target needs an SMTP host and port, addresses, and user with password', () => {
    expect(
      problemsOf([
        { type: 'email', smtp: { host: '', port: 70_000, user: 'tributary' }, from: 'tributary', to: [] },
        { type: 'email', smtp: { port: 25 }, to: ['ops@example.com', 'not an address'] },
      ]),
    ).to.deep.equal([
      { path: 'notify[0].smtp.host', message: 'must not be empty' },
      { path: 'notify[0].smtp.port', message: 'must be at most 65535' },
      { path: 'notify[0].smtp', message: 'give user and password together, or neither' },
      { path: 'notify[0].from', message: 'must be an email address, e.g. "ops@example.com"' },
      { path: 'notify[0].to', message: 'must name at least one address' },
      { path: 'notify[1].smtp.host', message: 'is required (expected "host")' },
      { path: 'notify[1].from', message: 'is required (expected "from")' },
      { path: 'notify[1].to[1]', message: 'must be an email address, e.g. "ops@example.com"' },
    ]);
  });
});

describe('notify: the JSON Schema for editors', () => {
  it('checks notify targets by their type', async () => {
    const out = await runCli(['config', 'schema'], { host: { stateDir: ':memory:', config: {} } });
    expect(out.code, out.stderr).to.equal(0);
    const validate = new Ajv({ allErrors: true }).compile(JSON.parse(out.stdout) as object);
    const email = { type: 'email', smtp: { host: 'smtp.example.com', port: 25 }, from: '${FROM}', to: ['a@b.io'] };
    expect(validate({ notify: [{ type: 'webhook', url: '${SLACK_URL}', format: 'slack' }, email] })).to.equal(true);
    expect(validate({ notify: [{ type: 'webhook', url: 'https://x.io', events: ['hold'] }] })).to.equal(false);
    expect(validate({ notify: [{ ...email, to: [] }] })).to.equal(false);
    expect(validate({ notify: [{ type: 'teams', url: 'https://x.io' }] })).to.equal(false);
  });
});

describe('notify: secrets of the config', () => {
  it('a substituted webhook URL, header value and SMTP password are redacted; the SMTP host and user are not', async () => {
    const slackUrl = 'https://hooks.slack.com/services/T0001/B0002/XXXXsecretXXXX';
    const env = {
      SLACK_URL: slackUrl,
      HOOK_TOKEN: 'hook-token-123',
      SMTP_HOST: 'smtp.example.com',
      SMTP_USER: 'mailer',
      SMTP_PASSWORD: 'smtp-password-456',
    };
    const dir = tempProject({
      'tributary.config.yaml': [
        'sinks:',
        '  - { id: users, type: sqlite }',
        'notify:',
        '  - { type: webhook, url: "${SLACK_URL}", format: slack }',
        '  - type: webhook',
        '    url: https://hooks.example.com/tributary',
        '    headers: { Authorization: "Bearer ${HOOK_TOKEN}" }',
        '  - type: email',
        '    smtp: { host: "${SMTP_HOST}", port: 587, user: "${SMTP_USER}", password: "${SMTP_PASSWORD}" }',
        '    from: tributary@example.com',
        '    to: [ops@example.com]',
        '',
      ].join('\n'),
    });
    const redactor = new Redactor();
    const outcome = await runCli(['validate', '--config', join(dir, 'tributary.config.yaml')], {
      env,
      host: { redactor },
    });
    expect(outcome.code, outcome.stdout + outcome.stderr).to.equal(0);
    expect(redactor.redact(`${slackUrl} Bearer hook-token-123 ${env.SMTP_PASSWORD} mailer@smtp.example.com`)).to.equal(
      '*** Bearer *** *** mailer@smtp.example.com',
    );
  });
});
