/**
 * `POST /services/oauth2/token` with the client credentials, username-password and JWT bearer grants.
 * Errors are OAuth JSON objects (`{"error","error_description"}`, HTTP 400), as Salesforce sends them.
 */
import { createHmac } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fire } from './faults.js';
import { send, sendJson } from './http-response.js';
import { checkJwtAssertion, JWT_BEARER_GRANT, type OAuthError } from './jwt-grant.js';
import { readBody } from './read-body.js';
import type { SandboxState } from './sandbox-state.js';

const UNSUPPORTED_GRANT: OAuthError = ['unsupported_grant_type', 'grant type not supported'];
const BAD_CLIENT_ID: OAuthError = ['invalid_client_id', 'client identifier invalid'];
const BAD_CLIENT_SECRET: OAuthError = ['invalid_client', 'invalid client credentials'];
const BAD_PASSWORD: OAuthError = ['invalid_grant', 'authentication failure'];

/** Client id and secret from the form body, or from an HTTP Basic header (client credentials only). */
function clientOf(req: IncomingMessage, form: URLSearchParams): { id: string | null; secret: string | null } {
  const basic = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (basic && !form.has('client_id')) {
    const decoded = Buffer.from(basic[1] as string, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return { id: decodeURIComponent(decoded.slice(0, colon)), secret: decodeURIComponent(decoded.slice(colon + 1)) };
  }
  return { id: form.get('client_id'), secret: form.get('client_secret') };
}

function checkGrant(state: SandboxState, req: IncomingMessage, form: URLSearchParams): OAuthError | null {
  const grant = form.get('grant_type');
  const expected = state.options.credentials;
  if (grant === JWT_BEARER_GRANT) {
    return checkJwtAssertion(form.get('assertion'), {
      ...expected,
      publicKey: state.options.jwtPublicKey,
      url: state.url,
    });
  }
  if (grant !== 'client_credentials' && grant !== 'password') return UNSUPPORTED_GRANT;
  const client = clientOf(req, form);
  if (client.id !== expected.clientId) return BAD_CLIENT_ID;
  if (client.secret !== expected.clientSecret) return BAD_CLIENT_SECRET;
  if (
    grant === 'password' &&
    (form.get('username') !== expected.username || form.get('password') !== expected.password + expected.securityToken)
  )
    return BAD_PASSWORD;
  return null;
}

export async function handleToken(state: SandboxState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  state.stats.tokenRequests += 1;
  const form = new URLSearchParams(await readBody(req));
  const failure = state.faults.tokenFailure;
  if (failure && fire(failure)) {
    send(res, failure.status, 'text/plain', []);
    return;
  }
  const problem = checkGrant(state, req, form);
  if (problem) {
    sendJson(res, 400, { error: problem[0], error_description: problem[1] });
    return;
  }
  const session = state.sessions.issue();
  const id = `${state.url}/id/${state.orgId}/${state.userId}`;
  const issuedAt = String(Date.now());
  const signature = createHmac('sha256', state.options.credentials.clientSecret)
    .update(id + issuedAt)
    .digest('base64');
  sendJson(
    res,
    200,
    {
      access_token: session.token,
      signature,
      scope: 'api',
      instance_url: state.url,
      id,
      token_type: 'Bearer',
      issued_at: issuedAt,
      token_format: 'opaque',
    },
    { 'Cache-Control': 'no-cache,must-revalidate,max-age=0,no-store,private' },
  );
}
