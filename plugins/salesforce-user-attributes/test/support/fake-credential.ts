import type { AuthRequest, AuthSession, Credential } from '../../../../core/index.js';

/** The instance every fixture is scrubbed to. */
export const FIXTURE_BASE_URL = 'https://acme.my.salesforce.com';

/** A credential that always hands out `Bearer T` (or fails), and remembers what it was asked. */
export class FakeCredential implements Credential {
  readonly id = 'sf-test';
  readonly name = 'Salesforce test';
  readonly requests: AuthRequest[] = [];

  constructor(
    readonly type = 'oauth2-client-credentials',
    private readonly options: { baseUrl?: string; failure?: Error } = {},
  ) {}

  get forcedCalls(): number {
    return this.requests.filter((r) => r.force === true).length;
  }

  async authenticate(request: AuthRequest = {}): Promise<AuthSession> {
    this.requests.push(request);
    if (this.options.failure) throw this.options.failure;
    return { headers: { Authorization: 'Bearer T' }, baseUrl: this.options.baseUrl ?? FIXTURE_BASE_URL };
  }

  async test(request: AuthRequest = {}): Promise<void> {
    await this.authenticate({ ...request, force: true });
  }
}
