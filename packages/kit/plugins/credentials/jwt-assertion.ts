import { createPrivateKey, createSign, type KeyObject } from 'node:crypto';

/** Seconds an assertion stays valid: Salesforce wants `exp` within 3 minutes; keep room for clock skew. */
const JWT_LIFETIME_SECONDS = 170;

export interface JwtClaims {
  /** Consumer key of the app. */
  readonly issuer: string;
  /** Username the token acts as. */
  readonly subject: string;
  readonly audience: string;
}

/** A PEM key from an environment variable often has literal `\n`; turn them back into line breaks. */
export function normalizePem(pem: string): string {
  const trimmed = pem.trim();
  return trimmed.includes('\n') ? trimmed : trimmed.replace(/\\n/g, '\n');
}

/** The RSA private key of a PEM text, or undefined when it is not one (never says why: it is a secret). */
export function parseRsaPrivateKey(pem: string): KeyObject | undefined {
  try {
    const key = createPrivateKey(normalizePem(pem));
    return key.asymmetricKeyType === 'rsa' ? key : undefined;
  } catch {
    return undefined;
  }
}

/** An RS256-signed JWT bearer assertion (RFC 7523) expiring {@link JWT_LIFETIME_SECONDS} after `nowMs`. */
export function signJwtAssertion(claims: JwtClaims, privateKey: KeyObject, nowMs: number): string {
  const header = encode({ alg: 'RS256', typ: 'JWT' });
  const payload = encode({
    iss: claims.issuer,
    sub: claims.subject,
    aud: claims.audience,
    exp: Math.floor(nowMs / 1000) + JWT_LIFETIME_SECONDS,
  });
  const signature = createSign('RSA-SHA256').update(`${header}.${payload}`).sign(privateKey).toString('base64url');
  return `${header}.${payload}.${signature}`;
}

function encode(value: object): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}
