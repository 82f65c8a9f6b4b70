/**
 * The JWT bearer grant (`urn:ietf:params:oauth:grant-type:jwt-bearer`): an RS256 assertion signed with
 * the key whose certificate the app holds, `iss` = client id, `sub` = username, `aud` = the login host
 * or the org's own URL, `exp` within 3 minutes. Rejections use Salesforce's `invalid_grant` descriptions.
 */
import { createPublicKey, verify, type KeyObject } from 'node:crypto';

export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

export type OAuthError = readonly [error: string, description: string];

export interface JwtExpectations {
  /** PEM public key or certificate; without it every assertion is rejected. */
  readonly publicKey: string | undefined;
  readonly clientId: string;
  readonly username: string;
  /** The sandbox URL, accepted as audience besides the login hosts. */
  readonly url: string;
}

const INVALID_ASSERTION: OAuthError = ['invalid_grant', 'invalid assertion'];
const BAD_AUDIENCE: OAuthError = ['invalid_grant', 'audience is invalid'];
const NOT_APPROVED: OAuthError = ['invalid_grant', "user hasn't approved this consumer"];
const BAD_CLIENT_ID: OAuthError = ['invalid_client_id', 'client identifier invalid'];
/** Salesforce wants `exp` within 3 minutes; a few seconds of clock skew are tolerated. */
const MAX_LIFETIME_MS = 185_000;

const keys = new Map<string, KeyObject>();
function keyFor(pem: string): KeyObject {
  let key = keys.get(pem);
  if (!key) keys.set(pem, (key = createPublicKey(pem)));
  return key;
}

function decodePart(part: string | undefined): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function checkJwtAssertion(
  assertion: string | null,
  expected: JwtExpectations,
  now = Date.now(),
): OAuthError | null {
  const parts = (assertion ?? '').split('.');
  const header = decodePart(parts[0]);
  const claims = decodePart(parts[1]);
  if (parts.length !== 3 || !header || !claims || header.alg !== 'RS256' || !expected.publicKey)
    return INVALID_ASSERTION;
  const signed = verify(
    'sha256',
    Buffer.from(`${parts[0]}.${parts[1]}`),
    keyFor(expected.publicKey),
    Buffer.from(parts[2] as string, 'base64url'),
  );
  if (!signed) return INVALID_ASSERTION;
  if (claims.iss !== expected.clientId) return BAD_CLIENT_ID;
  const audiences = ['https://login.salesforce.com', 'https://test.salesforce.com', expected.url];
  if (typeof claims.aud !== 'string' || !audiences.includes(claims.aud.replace(/\/$/, ''))) return BAD_AUDIENCE;
  const exp = Number(claims.exp) * 1000;
  if (!Number.isFinite(exp) || exp <= now || exp > now + MAX_LIFETIME_MS) return INVALID_ASSERTION;
  if ((claims.prn ?? claims.sub) !== expected.username) return NOT_APPROVED;
  return null;
}
