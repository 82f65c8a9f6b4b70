import type { AuthRequest, AuthSession, Credential } from 'tributary-kit';

/**
 * Sessions for one run. Every batch asks the credential, which caches the token until `expires_in` (and
 * keeps the forced one); when Nexthink answers 401, `refresh` forces ONE new token per rejected session,
 * however many requests in flight saw that rejection.
 */
export class SessionHolder {
  readonly #credential: Credential;
  readonly #request: AuthRequest;
  #rejected: AuthSession | undefined;
  #refreshed: Promise<AuthSession> | undefined;

  constructor(credential: Credential, request: AuthRequest) {
    this.#credential = credential;
    this.#request = request;
  }

  current(): Promise<AuthSession> {
    return this.#credential.authenticate(this.#request);
  }

  refresh(rejected: AuthSession): Promise<AuthSession> {
    if (this.#rejected !== rejected || this.#refreshed === undefined) {
      this.#rejected = rejected;
      this.#refreshed = this.#credential.authenticate({ ...this.#request, force: true });
    }
    return this.#refreshed;
  }
}
