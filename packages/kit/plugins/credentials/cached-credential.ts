import {
  CancelledError,
  type AuthRequest,
  type AuthSession,
  type Credential,
  type CredentialConfig,
} from '../../core/index.js';
import { TokenCache } from './token-cache.js';

export interface SessionSource {
  /** The request shape a session depends on (token URL, client authentication, scope, …). */
  keyOf(request: AuthRequest): string;
  /** Obtains a new session. Shared by concurrent callers, so it gets no caller's signal. */
  obtain(request: AuthRequest): Promise<AuthSession>;
}

/** A credential whose sessions are cached per request shape; `test()` authenticates bypassing the cache. */
export function createCachedCredential(
  config: CredentialConfig,
  source: SessionSource,
  now?: () => number,
): Credential {
  const cache = new TokenCache(now);
  const authenticate = (request: AuthRequest = {}): Promise<AuthSession> => {
    const session = cache.get(source.keyOf(request), request.force === true, () => source.obtain(request));
    return untilAborted(session, request.signal);
  };
  return {
    id: config.id,
    name: config.name ?? config.id,
    type: config.type,
    authenticate,
    async test(request: AuthRequest = {}): Promise<void> {
      await authenticate({ ...request, force: true });
    },
  };
}

/** Lets one caller stop waiting for a shared request without failing the others. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(new CancelledError('Authentication cancelled'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new CancelledError('Authentication cancelled'));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
