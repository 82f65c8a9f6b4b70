import * as v from 'valibot';
import { AuthenticationError, type AuthRequest, type AuthSession, type Credential, type CredentialType } from '../../core/index.js';

export interface FakeCredentialOptions {
  readonly id?: string;
  readonly name?: string;
  readonly type?: string;
  /** `AuthSession.baseUrl`. Default `https://api.example.test`. */
  readonly baseUrl?: string;
  /** Sent as `Authorization: Bearer <token>`. Default `fake-token`. */
  readonly token?: string;
  /** Refuse every authentication with an AuthenticationError (code `FAKE_AUTH_REFUSED`). */
  readonly reject?: boolean;
}

/** A credential that authenticates without any I/O, and records each request it was asked. */
export interface FakeCredential extends Credential {
  readonly requests: AuthRequest[];
}

export function fakeCredential(options: FakeCredentialOptions = {}): FakeCredential {
  const requests: AuthRequest[] = [];
  const authenticate = async (request: AuthRequest = {}): Promise<AuthSession> => {
    requests.push(request);
    if (options.reject) throw new AuthenticationError('FAKE_AUTH_REFUSED', `Credential "${options.name ?? 'fake'}" was refused`);
    return { headers: { Authorization: `Bearer ${options.token ?? 'fake-token'}` }, baseUrl: options.baseUrl ?? 'https://api.example.test' };
  };
  return {
    id: options.id ?? 'fake',
    name: options.name ?? 'Fake credential',
    type: options.type ?? 'fake',
    requests,
    authenticate,
    test: async (request) => void (await authenticate({ ...request, force: true })),
  };
}

/** Entry schema of the fake type: `{ id, name, type, url?, token?, reject? }`; `token` is a secret field. */
function fakeSchema(type: string) {
  return v.strictObject({
    id: v.string(),
    name: v.string(),
    type: v.literal(type),
    url: v.optional(v.string()),
    token: v.optional(v.string()),
    reject: v.optional(v.boolean()),
  });
}

export type FakeCredentialConfig = v.InferOutput<ReturnType<typeof fakeSchema>>;

/**
 * A credential type (`fake` by default) for config entries like
 * `{ id: 'c', name: 'C', type: 'fake', url: 'https://api.example.test', token: 't', reject: false }`.
 * `created` holds every credential it made.
 */
export function fakeCredentialType(type = 'fake'): CredentialType<FakeCredentialConfig> & { readonly created: FakeCredential[] } {
  const created: FakeCredential[] = [];
  return {
    type,
    displayName: 'Fake credential (tests)',
    schema: fakeSchema(type),
    secretFields: ['token'],
    created,
    create(config, context) {
      if (config.token) context.addSecret(config.token);
      const credential = fakeCredential({ id: config.id, name: config.name, type, baseUrl: config.url, token: config.token, reject: config.reject });
      created.push(credential);
      return credential;
    },
  };
}
