import { FatalError } from '../../../core/index.js';

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

export function usagePercent(usage: ApiUsage): number {
  return (usage.used * 100) / usage.limit;
}

/** `81,234/100,000 (81%)`. */
export function formatApiUsage(usage: ApiUsage, maxPercent?: number): string {
  const percent = usagePercent(usage);
  // Whole percent unless rounding would hide that the threshold was passed (80.4% vs 80).
  const shown = maxPercent !== undefined && Math.floor(percent) <= maxPercent ? Math.floor(percent * 100) / 100 : Math.floor(percent);
  return `${usage.used.toLocaleString('en-US')}/${usage.limit.toLocaleString('en-US')} (${shown}%)`;
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
