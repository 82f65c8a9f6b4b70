import { DEFAULT_SANDBOX_QUERY, type Sandbox } from '../plugins/salesforce-sandbox/index.js';

/** What a scenario child needs to read `rows` users from the sandbox with the default query. */
export function sandboxAccess(sandbox: Sandbox, rows: number) {
  return {
    url: sandbox.url,
    clientId: sandbox.clientId,
    clientSecret: sandbox.clientSecret,
    query: DEFAULT_SANDBOX_QUERY,
    rows,
  };
}
