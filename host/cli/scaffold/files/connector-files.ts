import type { PluginNames } from '../plugin-name.js';

/** src/connector.ts: a paged HTTP JSON source to adapt. */
export function connectorTs(names: PluginNames): string {
  const code = names.contributionId.toUpperCase().replaceAll('-', '_');
  return `${connectorHead(code)}\n${fetchPageTs(code)}\n${templateTs(names)}`;
}

/** The imports, the parameters schema, the page shape and the mapping of failed answers. */
function connectorHead(code: string): string {
  return `import * as v from 'valibot';
import {
  AuthenticationError,
  FatalError,
  TransientError,
  isTributaryError,
  parseJsonBody,
  type CheckResult,
  type ConnectorContext,
  type ConnectorTemplate,
  type HttpClient,
  type HttpResponse,
  type SourceRecord,
} from 'tributary-kit';

/** \`connectors[].parameters\`: validated by the host before anything runs. */
export const parameters = v.strictObject({
  /** Path of the user list, relative to the credential's url. */
  path: v.optional(v.pipe(v.string(), v.nonEmpty('path must not be empty')), 'users'),
  pageSize: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1000)), 100),
});
export type Parameters = v.InferOutput<typeof parameters>;

/** One page of the API: \`{ "users": [...], "total": 23, "hasMore": true }\`. Adapt to your API. */
interface Page {
  readonly users: SourceRecord[];
  /** How many users the whole list holds, when the API says. */
  readonly total: number | undefined;
  readonly hasMore: boolean;
}

/** Maps a failed answer to a typed error: the host decides retries and status from its category. */
function failure(response: HttpResponse): Error {
  const message = \`The API answered HTTP \${response.status}\`;
  if (response.status === 401 || response.status === 403) return new AuthenticationError('${code}_AUTH', \`\${message}: check the credentials\`);
  if (response.status === 429 || response.status >= 500) return new TransientError('${code}_UNAVAILABLE', message);
  return new FatalError(\`${code}_HTTP_\${response.status}\`, message);
}
`;
}

/** Reads one page, authenticating again once on a 401. */
function fetchPageTs(code: string): string {
  return `async function fetchPage(http: HttpClient, context: ConnectorContext<Parameters>, page: number, pageSize: number): Promise<Page> {
  const { credential, signal } = context;
  if (!credential) throw new FatalError('${code}_NO_CREDENTIALS', 'This connector needs credentials');
  const get = async (force: boolean) => {
    const session = await credential.authenticate({ basicAs: 'header', force, signal });
    const url = \`\${session.baseUrl}/\${context.parameters.path}?page=\${page}&pageSize=\${pageSize}\`;
    // onAttempt counts every attempt the client sends, retries included (details.api_calls).
    return http.request({ url, headers: { accept: 'application/json', ...session.headers }, signal, onAttempt: () => context.countApiCall() });
  };
  let response = await get(false);
  // A cached session (a token) may have expired: authenticate again, bypassing the cache, once.
  if (response.status === 401) response = await get(true);
  if (response.status !== 200) throw failure(response);
  const body = parseJsonBody(response.body) as Partial<Page> | undefined;
  if (!body || !Array.isArray(body.users)) throw new FatalError('${code}_BAD_PAGE', 'The API answered without a "users" list');
  const total = typeof body.total === 'number' ? body.total : undefined;
  // The host shows progress against the announced total (and logs it as received when the row limit stops the read).
  if (total !== undefined) context.expectRows(total);
  return { users: body.users, total, hasMore: body.hasMore === true };
}
`;
}

/** The template: \`check\` reads a little and gives a verdict, \`read\` follows the pages. */
function templateTs(names: PluginNames): string {
  return `/** The \`${names.contributionId}\` connector template. */
export function createConnector(http: HttpClient): ConnectorTemplate<Parameters> {
  return {
    id: '${names.contributionId}',
    displayName: '${names.title}',
    parameters,
    credentialTypes: ['basic', 'oauth2-client-credentials'],
    async check(context): Promise<CheckResult> {
      try {
        const page = await fetchPage(http, context, 1, Math.min(context.parameters.pageSize, 20));
        return { ok: true, messages: [\`Read \${page.users.length} users from the first page\`], sample: page.users, expectedRows: page.total };
      } catch (error) {
        // A refusal is a verdict (ok: false); only cancellation and bugs are thrown.
        if (isTributaryError(error) && error.category !== 'cancelled') {
          return { ok: false, messages: [error.message], sample: [] };
        }
        throw error;
      }
    },
    async *read(context) {
      let received = 0;
      for (let page = 1; ; page++) {
        // Never fetch more than the host wants: the row limit, or a listener that asked to stop.
        if (received >= context.maxRows || context.stopRequested) return;
        const { users, total, hasMore } = await fetchPage(http, context, page, context.parameters.pageSize);
        received += users.length;
        // An API without a total: say that more rows exist, so that a run cut here ends partial. Do it
        // before the yield: once the row limit is reached the host ends the iteration at this yield, and
        // no code after it runs (use try/finally for clean-up).
        if (total === undefined && hasMore && received >= context.maxRows) context.moreAvailable();
        yield { records: users };
        if (!hasMore) return;
      }
    },
  };
}
`;
}

export function connectorUsage(names: PluginNames): string {
  return `connectors:
  - nqlId: ${names.contributionId.replaceAll('-', '_')}_users
    name: ${names.title} users
    connector: ${names.contributionId}
    credentials: api
    parameters: { path: users, pageSize: 100 }
    mapping: { identification: email, fields: [{ source: department, target: department }] }
`;
}
