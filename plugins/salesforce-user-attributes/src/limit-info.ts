import { FatalError } from 'tributary-kit';

export interface ApiUsage {
  readonly used: number;
  readonly limit: number;
}

// Unanchored: Salesforce may append `; api-bursts=…` (or send `per-app-api-usage=…` alongside).
const API_USAGE = /(?:^|[^-\w])api-usage=(\d+)\/(\d+)/;

/** Reads `Sforce-Limit-Info: api-usage=10018/100000; api-bursts=1/750`. */
export function parseApiUsage(header: string | undefined): ApiUsage | undefined {
  if (!header) return undefined;
  const match = API_USAGE.exec(header);
  if (!match) return undefined;
  const used = Number(match[1]);
  const limit = Number(match[2]);
  return limit > 0 ? { used, limit } : undefined;
}

function usagePercent(usage: ApiUsage): number {
  return (usage.used * 100) / usage.limit;
}

/** `81,234/100,000 (81%)`; with a threshold, as many decimals as it takes to show it was passed. */
export function formatApiUsage(usage: ApiUsage, maxPercent?: number): string {
  return `${usage.used.toLocaleString('en-US')}/${usage.limit.toLocaleString('en-US')} (${shownPercent(usagePercent(usage), maxPercent)}%)`;
}

function shownPercent(percent: number, maxPercent: number | undefined): string {
  for (let decimals = 0; decimals <= 6; decimals++) {
    const scale = 10 ** decimals;
    const shown = Math.floor(percent * scale) / scale;
    if (maxPercent === undefined || shown > maxPercent || percent <= maxPercent) return String(shown);
  }
  return `>${maxPercent}`;
}

export function passesQuota(usage: ApiUsage | undefined, maxPercent: number): boolean {
  return usage !== undefined && usagePercent(usage) > maxPercent;
}

/** The quota guard: stop before the org's daily API allowance is starved by this run. */
export function assertQuota(usage: ApiUsage | undefined, maxPercent: number): void {
  if (!usage || !passesQuota(usage, maxPercent)) return;
  throw new FatalError(
    'SF_API_QUOTA_GUARD',
    `Stopped: org API usage ${formatApiUsage(usage, maxPercent)} passed maxApiUsagePercent ${maxPercent}`,
    { details: { apiUsed: usage.used, apiLimit: usage.limit, maxApiUsagePercent: maxPercent } },
  );
}
