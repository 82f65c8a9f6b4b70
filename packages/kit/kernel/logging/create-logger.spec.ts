import { expect } from 'chai';
import { Redactor } from '../../core/index.js';
import { createLogger, type LogFormat } from './create-logger.js';

/** A message whose data tries to forge a second log line and to drive the terminal. */
const FORGED = 'Field "upn": Attempted on ada@acme.example\nerror: admin logged in\r\u001b[2Jdone\u0007\u2028x';

function linesOf(format: LogFormat, log: (logger: ReturnType<typeof createLogger>) => void): string[] {
  let out = '';
  const redactor = new Redactor();
  redactor.add('S3cret-token');
  log(
    createLogger((line) => (out += line), redactor, 'debug', { format, now: () => new Date('2026-01-02T03:04:05Z') }),
  );
  return out.split('\n').slice(0, -1);
}

describe('createLogger: one message is one line', () => {
  it('text: newlines, carriage returns and other control characters of a message show as escapes, on one line', () => {
    const lines = linesOf('text', (logger) => {
      logger.error(FORGED);
      logger.info('tab\tstays, and so does Zürich — ok');
    });
    expect(lines).to.deep.equal([
      'error: Field "upn": Attempted on ada@acme.example\\nerror: admin logged in\\r\\u001b[2Jdone\\u0007\\u2028x',
      'tab\tstays, and so does Zürich — ok',
    ]);
  });

  it('text: a secret is redacted before the escaping, whatever surrounds it', () => {
    expect(linesOf('text', (logger) => logger.warn('token\nS3cret-token\r\n'))).to.deep.equal([
      'warn: token\\n***\\r\\n',
    ]);
  });

  it('json: the message is escaped by JSON, one object a line that gives the message back', () => {
    const lines = linesOf('json', (logger) => logger.error(`${FORGED} S3cret-token`));
    expect(lines).to.have.length(1);
    expect(JSON.parse(lines[0]!)).to.deep.equal({
      level: 'error',
      time: '2026-01-02T03:04:05.000Z',
      msg: `${FORGED} ***`,
    });
  });
});
