/**
 * Access tokens the token endpoint issued. Salesforce sends no `expires_in`; a token stays valid until
 * the sandbox revokes it (fault injection), then every use answers 401 INVALID_SESSION_ID.
 */
import { randomBytes } from 'node:crypto';

export interface Session {
  readonly token: string;
  /** Query pages served with this token. */
  pagesServed: number;
}

export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly orgId: string) {}

  issue(): Session {
    const token = `${this.orgId}!${randomBytes(36).toString('base64url')}`;
    const session: Session = { token, pagesServed: 0 };
    this.sessions.set(token, session);
    return session;
  }

  /** The session for an `Authorization` header value, or undefined when missing, unknown or revoked. */
  find(authorization: string | undefined): Session | undefined {
    const match = authorization ? /^(?:Bearer|OAuth)\s+(\S+)$/i.exec(authorization) : null;
    return match ? this.sessions.get(match[1] as string) : undefined;
  }

  revoke(session: Session): void {
    this.sessions.delete(session.token);
  }
}
