import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import * as v from 'valibot';
import type { CredentialContext, CredentialConfig, CredentialType, HttpClient } from '../../../core/index.js';
import { testHttpClient as kitHttpClient } from '../../../testing/index.js';

/** The host's HTTP client with zero backoff and its default 4 retries, so retries do not slow the suite down. */
export function testHttpClient(): HttpClient {
  return kitHttpClient({ random: () => 0, timeoutMs: 5_000, retry: { limit: 4 } });
}

/** A credential context that records what the credential registered and logged. */
export function recordingContext(): CredentialContext & { readonly secrets: string[]; readonly warnings: string[] } {
  const secrets: string[] = [];
  const warnings: string[] = [];
  return {
    secrets,
    warnings,
    addSecret: (value) => void secrets.push(value),
    logger: {
      debug: () => undefined,
      info: () => undefined,
      warn: (m) => void warnings.push(m),
      error: () => undefined,
    },
  };
}

/** A clock the test moves by hand. */
export function manualClock(start = Date.UTC(2026, 10, 25, 8, 0, 0)): {
  now: () => number;
  advance: (ms: number) => void;
} {
  let current = start;
  return { now: () => current, advance: (ms) => void (current += ms) };
}

/** Validates an entry with the type's schema, as the host does, and returns the parsed config. */
export function parseEntry<C extends CredentialConfig>(type: CredentialType<C>, entry: Record<string, unknown>): C {
  return v.parse(type.schema, entry);
}

/** The issues of an entry the schema rejects, as `path: message` lines. */
export function entryProblems(type: CredentialType, entry: Record<string, unknown>): string[] {
  const result = v.safeParse(type.schema, entry);
  if (result.success) return [];
  return result.issues.map((issue) => `${v.getDotPath(issue) ?? ''}: ${issue.message}`);
}

let rsaKeys: { privatePem: string; publicKey: KeyObject } | undefined;

/** One RSA key pair for the whole run (generation takes a moment). */
export function testRsaKeys(): { privatePem: string; publicKey: KeyObject } {
  if (!rsaKeys) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    rsaKeys = { privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), publicKey };
  }
  return rsaKeys;
}
