import type { GenericSchema } from 'valibot';
import type { CredentialConfig } from './config-types.js';
import type { Logger } from './logger.js';
import { createToken } from './token.js';

/**
 * What a consumer (a connector or a sink) asks of a credential: the same `oauth2-client-credentials`
 * entry authenticates against Salesforce (secret in the body, `instance_url` returned) and against
 * Nexthink (HTTP Basic client authentication, a scope), so the consumer states its defaults here.
 */
export interface AuthRequest {
  /** Token endpoint used when the credential entry names none. */
  readonly defaultTokenUrl?: string;
  /** How the client id and secret travel. Default `body`. */
  readonly clientAuthentication?: 'body' | 'basic';
  readonly scope?: string;
  /** For `basic` credentials: send an HTTP Basic header, or exchange for a token (OAuth password grant). */
  readonly basicAs?: 'header' | 'password-grant';
  /** Default JWT audience when the entry names none. */
  readonly defaultAudience?: string;
  /** Skip the cache: the previous session was rejected. */
  readonly force?: boolean;
  readonly signal?: AbortSignal;
}

/** An authenticated session. Headers go on every API request; never print them. */
export interface AuthSession {
  readonly headers: Readonly<Record<string, string>>;
  /** API base returned by the token endpoint (Salesforce `instance_url`), else the entry's `url`. */
  readonly baseUrl: string;
  /** Epoch milliseconds after which the session is known to be stale, when the issuer says so. */
  readonly expiresAt?: number;
  /** Extra fields of the token answer that are safe to show (never the token). */
  readonly info?: Readonly<Record<string, string>>;
}

/** One configured credential, ready to authenticate. Implementations cache sessions per request shape. */
export interface Credential {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  authenticate(request?: AuthRequest): Promise<AuthSession>;
  /** Authenticates once, bypassing the cache; throws a typed error on refusal. */
  test(request?: AuthRequest): Promise<void>;
}

export interface CredentialContext {
  readonly logger: Logger;
  /** Register a value obtained at run time (a token) so that it is redacted from every output. */
  addSecret(value: string): void;
}

/** A kind of credential (`oauth2-client-credentials`, `basic`, …). */
export interface CredentialType<C extends CredentialConfig = CredentialConfig> {
  readonly type: string;
  readonly displayName: string;
  /** Valibot schema of the whole entry, including `id`, `name` and `type`. */
  readonly schema: GenericSchema<unknown, C>;
  /** Keys of the entry whose values are secrets (redacted everywhere). */
  readonly secretFields: readonly string[];
  create(config: C, context: CredentialContext): Credential;
}

/** @deprecated Plugin API 1 token; API 2 plugins use `env.contribute(CredentialTypes, …)`. */
export const CredentialTypeToken = createToken<CredentialType>('core.credential-type');
