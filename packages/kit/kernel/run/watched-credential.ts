import type { AuthRequest, Credential } from '../../core/index.js';

/** A credential handed to a connector's `check`, noting whether the check tested the current secret. */
export interface WatchedCredential {
  readonly credential: Credential;
  /** The check called `test()` or authenticated with `force: true`. */
  readonly tested: boolean;
  /** The last AuthRequest the check passed (the consumer's defaults: token URL, scope, client authentication). */
  readonly lastRequest: AuthRequest | undefined;
}

export function watchCredential(inner: Credential): WatchedCredential {
  let tested = false;
  let lastRequest: AuthRequest | undefined;
  const credential: Credential = {
    id: inner.id,
    name: inner.name,
    type: inner.type,
    authenticate(request) {
      lastRequest = request;
      if (request?.force) tested = true;
      return inner.authenticate(request);
    },
    test(request) {
      tested = true;
      return inner.test(request);
    },
  };
  return {
    credential,
    get tested() {
      return tested;
    },
    get lastRequest() {
      return lastRequest;
    },
  };
}
