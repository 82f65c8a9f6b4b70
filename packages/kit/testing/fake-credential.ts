import * as v from 'valibot';
import {
  AuthenticationError,
  type AuthRequest,
  type AuthSession,
  type Credential,
  type CredentialType,
} from '../core/index.js';

export interface FakeCredentialOptions {
  readonly id?: string;
  readonly name?: string;
  readonly type?: string;
  /** `AuthSession.baseUrl`. Default `https://api.example.test`. */
  readonly baseUrl?: string;
  /** Sent as `Authorization: Bearer <token>`. Default `fake-token`. */
  readonly token?: string;
  /**
   * Successive tokens, for tests of re-authentication: the first session gets the first token, and each
   * later forced authentication (`force: true`; `test()` forces) moves on to the next; the last one stays.
   * Wins over `token`.
   */
  readonly tokens?: readonly string[];
  /** Refuse every authentication with an AuthenticationError (code `FAKE_AUTH_REFUSED`). */
  readonly reject?: boolean;
  /** Fail every authentication with this error instead (a `CancelledError`, a `TransientError`, …). Wins over `reject`. */
  readonly failWith?: Error;
}

/** A credential that authenticates without any I/O, and records each request it was asked. */
export interface FakeCredential extends Credential {
  readonly requests: AuthRequest[];
  /** How many of `requests` forced a fresh session (`force: true`; `test()` always does). */
  readonly forcedCalls: number;
}

export function fakeCredential(options: FakeCredentialOptions = {}): FakeCredential {
  const requests: AuthRequest[] = [];
  const tokens = options.tokens?.length ? options.tokens : [options.token ?? 'fake-token'];
  let current = 0;
  const authenticate = async (request: AuthRequest = {}): Promise<AuthSession> => {
    requests.push(request);
    if (options.failWith) throw options.failWith;
    if (options.reject)
      throw new AuthenticationError('FAKE_AUTH_REFUSED', `Credential "${options.name ?? 'fake'}" was refused`);
    if (request.force && requests.length > 1) current = Math.min(current + 1, tokens.length - 1);
    return {
      headers: { Authorization: `Bearer ${tokens[current]!}` },
      baseUrl: options.baseUrl ?? 'https://api.example.test',
    };
  };
  return {
    id: options.id ?? 'fake',
    name: options.name ?? 'Fake credential',
    type: options.type ?? 'fake',
    requests,
    get forcedCalls() {
      return requests.filter((r) => r.force === true).length;
    },
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
export function fakeCredentialType(
  type = 'fake',
): CredentialType<FakeCredentialConfig> & { readonly created: FakeCredential[] } {
  const created: FakeCredential[] = [];
  return {
    type,
    displayName: 'Fake credential (tests)',
    schema: fakeSchema(type),
    secretFields: ['token'],
    created,
    create(config, context) {
      if (config.token) context.addSecret(config.token);
      const credential = fakeCredential({
        id: config.id,
        name: config.name,
        type,
        baseUrl: config.url,
        token: config.token,
        reject: config.reject,
      });
      created.push(credential);
      return credential;
    },
  };
}
