const API_HOST = /^([a-z0-9-]+)\.api\.([a-z0-9-]+)\.nexthink\.cloud$/i;

const ENRICHMENT_PATH = '/api/v1/enrichment/data/fields';

/**
 * The token endpoint that goes with a Nexthink API base: `https://<instance>.api.<region>.nexthink.cloud`
 * → `https://<instance>-login.<region>.nexthink.cloud/oauth2/default/v1/token`. Undefined for any other
 * URL (a proxy, a local sandbox) or a missing one: the credential entry must then name its `tokenUrl`.
 */
export function nexthinkTokenUrl(apiBase: unknown): string | undefined {
  if (typeof apiBase !== 'string') return undefined;
  let host: string;
  try {
    host = new URL(apiBase).hostname;
  } catch {
    return undefined;
  }
  const match = API_HOST.exec(host);
  return match ? `https://${match[1]}-login.${match[2]}.nexthink.cloud/oauth2/default/v1/token` : undefined;
}

export function enrichmentUrl(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${ENRICHMENT_PATH}`;
}
