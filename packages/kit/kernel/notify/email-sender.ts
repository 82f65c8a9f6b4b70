import nodemailer from 'nodemailer';
import { AuthenticationError, FatalError, TransientError, type EmailTargetConfig } from '../../core/index.js';
import { notificationText } from './notification-text.js';
import type { NotifySender } from './notify-sender.js';

export interface EmailSenderOptions {
  readonly redact: (text: string) => string;
  /** Bound of connecting, of the server's greeting, and of each wait for the server during a send. */
  readonly timeoutMs: number;
}

/** What nodemailer adds to its errors: the SMTP reply code, when the server gave one. */
interface SmtpFailure {
  readonly message: string;
  readonly code?: string;
  readonly responseCode?: number;
}

/** A 5xx SMTP reply is permanent (retrying cannot help): 535 is a refused login. Anything else may pass later. */
function deliveryError(label: string, error: SmtpFailure): Error {
  const text = `${label}: ${error.message}`;
  const details = {
    ...(error.code ? { code: error.code } : {}),
    ...(error.responseCode ? { smtp: error.responseCode } : {}),
  };
  if (error.responseCode === 535) return new AuthenticationError('NOTIFY_SMTP_LOGIN', text, { details });
  if (error.responseCode !== undefined && error.responseCode >= 500)
    return new FatalError('NOTIFY_SMTP_REFUSED', text, { details });
  return new TransientError('NOTIFY_SMTP_FAILED', text, { details });
}

/** Sends each notification as a plain-text email over SMTP: the title as its subject. */
export function createEmailSender(target: EmailTargetConfig, options: EmailSenderOptions): NotifySender {
  const { smtp } = target;
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure ?? false,
    ...(smtp.user === undefined ? {} : { auth: { user: smtp.user, pass: smtp.password } }),
    connectionTimeout: options.timeoutMs,
    greetingTimeout: options.timeoutMs,
    socketTimeout: options.timeoutMs,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  const label = `email to ${target.to.join(', ')} through ${smtp.host}:${smtp.port}`;
  return {
    label,
    async send(notification) {
      try {
        await transport.sendMail({
          from: target.from,
          to: [...target.to],
          subject: options.redact(notification.title),
          text: options.redact(notificationText(notification)),
        });
      } catch (error) {
        throw deliveryError(label, error as SmtpFailure);
      }
    },
    close: async () => transport.close(),
  };
}
