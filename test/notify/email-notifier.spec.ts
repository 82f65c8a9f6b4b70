import { expect } from 'chai';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { Redactor, type EmailTargetConfig } from 'tributary-kit';
import { createNotifier } from 'tributary-kit/internal/kernel/notify/create-notifier.js';
import { memoryLogger } from 'tributary-kit/internal/testing/memory-logger.js';
import { failureNotification, recordedWaits } from './notify-fixtures.js';

const USER = 'tributary';
const PASSWORD = 'smtp-Pa55word';

interface Received {
  readonly user: string | undefined;
  readonly envelopeTo: string[];
  readonly mail: ParsedMail;
}

/** An SMTP server on 127.0.0.1 that takes `USER`/`PASSWORD` logins (no TLS) and keeps every message. */
async function startSmtp(extra: Partial<SMTPServerOptions> = {}) {
  const received: Received[] = [];
  const logins: string[] = [];
  const server = new SMTPServer({
    authOptional: false,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, callback) {
      logins.push(`${auth.username}:${auth.password}`);
      if (auth.username === USER && auth.password === PASSWORD) callback(null, { user: auth.username });
      else callback(Object.assign(new Error('Authentication failed'), { responseCode: 535 }));
    },
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (mail) => {
          const envelopeTo = session.envelope.rcptTo.map((rcpt) => rcpt.address);
          received.push({ user: session.user as string | undefined, envelopeTo, mail });
          callback();
        },
        (error: Error) => callback(error),
      );
    },
    ...extra,
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.server.address() as AddressInfo;
  return { port, received, logins, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('notify: email over SMTP', () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>> | undefined;
  afterEach(async () => {
    await smtp?.close();
    smtp = undefined;
  });

  const target = (port: number, password = PASSWORD): EmailTargetConfig => ({
    type: 'email',
    smtp: { host: '127.0.0.1', port, user: USER, password },
    from: 'Tributary <tributary@example.com>',
    to: ['ops@example.com', 'identity@example.com'],
  });

  it('sends a plain-text mail: the title as subject; the text, counts and link in the body; logged in as the user', async () => {
    smtp = await startSmtp();
    const logger = memoryLogger();
    const notifier = createNotifier([target(smtp.port)], { logger, redact: (t) => t, ...recordedWaits() });
    await notifier.notify(failureNotification());
    await notifier.close!();
    expect(smtp.received).to.have.length(1);
    const { user, envelopeTo, mail } = smtp.received[0]!;
    expect(user).to.equal(USER);
    expect(envelopeTo).to.deep.equal(['ops@example.com', 'identity@example.com']);
    expect(mail.subject).to.equal('Salesforce users (sf_users) failed');
    expect(mail.from?.value).to.deep.equal([{ name: 'Tributary', address: 'tributary@example.com' }]);
    expect(mail.html).to.equal(false);
    expect(mail.text?.trim()).to.equal(
      [
        'Salesforce users (sf_users) failed',
        '',
        'Salesforce answered HTTP 503 three times',
        '',
        'Run status failed: 1,200 received, 1,180 processed, 0 imported',
        'Open it in the console: https://tributary.example.com/runs/run-42',
        'Connector: Salesforce users (sf_users), run run-42, 2025-01-31T02:00:00.000Z',
      ].join('\n'),
    );
    expect(logger.lines).to.deep.equal([]);
  });

  it('a refused login is not retried: one error logged, notify resolves', async () => {
    smtp = await startSmtp();
    const logger = memoryLogger();
    const { waits, wait } = recordedWaits();
    const notifier = createNotifier([target(smtp.port, 'wrong-password')], { logger, redact: (t) => t, wait });
    await notifier.notify(failureNotification());
    await notifier.close!();
    expect(smtp.logins).to.deep.equal([`${USER}:wrong-password`]);
    expect(waits).to.deep.equal([]);
    expect(smtp.received).to.deep.equal([]);
    expect(logger.lines).to.have.length(1);
    expect(logger.lines[0]).to.match(
      /^error: Could not send the failure notification of Salesforce users \(sf_users\) to email to ops@example\.com, identity@example\.com through 127\.0\.0\.1:\d+ \(1 attempt\): .*535/,
    );
  });

  it('a server that answers "try later" (4xx) twice is tried a third time, which delivers', async () => {
    let refusals = 0;
    smtp = await startSmtp({
      onMailFrom(_address, _session, callback) {
        if (refusals++ < 2) callback(Object.assign(new Error('Try again later'), { responseCode: 451 }));
        else callback();
      },
    });
    const logger = memoryLogger();
    const { waits, wait } = recordedWaits();
    const notifier = createNotifier([target(smtp.port)], { logger, redact: (t) => t, wait });
    await notifier.notify(failureNotification());
    await notifier.close!();
    expect(waits).to.deep.equal([1000, 2000]);
    expect(smtp.received).to.have.length(1);
    expect(logger.lines.filter((line) => line.startsWith('error:'))).to.deep.equal([]);
  });

  it('an unreachable server is retried, then logged; notify resolves', async () => {
    const closed = await startSmtp();
    await closed.close();
    const logger = memoryLogger();
    const { waits, wait } = recordedWaits();
    const notifier = createNotifier([target(closed.port)], { logger, redact: (t) => t, wait });
    await notifier.notify(failureNotification());
    await notifier.close!();
    expect(waits).to.deep.equal([1000, 2000]);
    expect(logger.lines.filter((line) => line.startsWith('error:'))).to.have.length(1);
    expect(logger.lines.at(-1)).to.include('(3 attempts)').and.include('ECONNREFUSED');
  });

  it('a secret known to the redactor is in neither the subject nor the body', async () => {
    smtp = await startSmtp();
    const secret = 'sk-live-51Hx9q';
    const redactor = new Redactor();
    redactor.add(secret);
    const notifier = createNotifier([target(smtp.port)], {
      logger: memoryLogger(),
      redact: (text) => redactor.redact(text),
      ...recordedWaits(),
    });
    await notifier.notify(failureNotification({ title: `sf_users failed (${secret})`, text: `key ${secret} refused` }));
    await notifier.close!();
    const { mail } = smtp.received[0]!;
    expect(mail.subject).to.equal('sf_users failed (***)');
    expect(mail.text).to.include('key *** refused').and.not.include(secret);
  });

  it('sends only the events the target lists', async () => {
    smtp = await startSmtp();
    const notifier = createNotifier([{ ...target(smtp.port), events: ['quarantine'] }], {
      logger: memoryLogger(),
      redact: (t) => t,
      ...recordedWaits(),
    });
    await notifier.notify(failureNotification());
    await notifier.notify(failureNotification({ kind: 'quarantine', title: 'sf_users is quarantined' }));
    await notifier.close!();
    expect(smtp.received.map((r) => r.mail.subject)).to.deep.equal(['sf_users is quarantined']);
  });
});
