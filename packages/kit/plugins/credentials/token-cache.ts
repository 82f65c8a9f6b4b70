import type { AuthSession } from '../../core/index.js';

/** Longest safety margin before a known expiry at which a cached session is renewed. */
const EXPIRY_MARGIN_MS = 60_000;

interface Entry {
  readonly session?: AuthSession;
  readonly obtainedAt?: number;
  readonly pending?: Promise<AuthSession>;
}

/**
 * Sessions of one credential, keyed by request shape (token URL, client authentication, scope, …).
 * A session is reused until shortly before its `expiresAt`, or forever when the issuer gives no expiry
 * (the consumer then asks again with `force` after a 401). Concurrent callers share one in-flight
 * request; a forced call joins a request already in flight, since that one yields a fresh session too.
 */
export class TokenCache {
  readonly #entries = new Map<string, Entry>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  get(key: string, force: boolean, obtain: () => Promise<AuthSession>): Promise<AuthSession> {
    const entry = this.#entries.get(key);
    if (entry?.pending) return entry.pending;
    if (!force && entry?.session && this.#fresh(entry.session, entry.obtainedAt ?? 0)) {
      return Promise.resolve(entry.session);
    }
    const pending = obtain().then(
      (session) => {
        this.#entries.set(key, { session, obtainedAt: this.#now() });
        return session;
      },
      (error: unknown) => {
        this.#entries.delete(key);
        throw error;
      },
    );
    this.#entries.set(key, { ...entry, pending });
    return pending;
  }

  #fresh(session: AuthSession, obtainedAt: number): boolean {
    if (session.expiresAt === undefined) return true;
    const margin = Math.min(EXPIRY_MARGIN_MS, (session.expiresAt - obtainedAt) / 2);
    return this.#now() < session.expiresAt - margin;
  }
}
