import { AuthenticationError, FatalError, parseJsonBody, TransientError, type HttpResponse } from 'tributary-kit';
import type { RejectionTally } from './rejection-tally.js';

interface ApiError {
  readonly message?: unknown;
  readonly code?: unknown;
}
interface ObjectError {
  readonly identification?: ReadonlyArray<{ readonly value?: unknown }>;
  readonly errors?: readonly ApiError[];
}
interface ApiBody {
  readonly status?: unknown;
  readonly message?: unknown;
  readonly code?: unknown;
  readonly errors?: readonly ObjectError[];
}

function describe(error: ApiError): string {
  const message = typeof error.message === 'string' && error.message ? error.message : 'no message';
  return error.code === undefined || error.code === null ? message : `${message} (${String(error.code)})`;
}

function objectErrors(body: ApiBody | undefined): readonly ObjectError[] {
  return Array.isArray(body?.errors) ? body.errors : [];
}

/** The API's own words for a refused request: `{message, code}`, or the distinct per-object errors. */
function apiMessage(body: ApiBody | undefined): string {
  if (body === undefined) return 'no readable message';
  if (typeof body.message === 'string') return describe(body);
  const messages = new Set<string>();
  for (const object of objectErrors(body)) for (const error of object.errors ?? []) messages.add(describe(error));
  const list = [...messages];
  if (list.length === 0) return 'no readable message';
  return list.length > 5 ? `${list.slice(0, 5).join('; ')}; … and ${list.length - 5} more` : list.join('; ');
}

/**
 * Reads the answer to one batch: returns how many of its objects were NOT imported (recording why in
 * `tally`), or throws the typed error for a refused request. A 401 is the caller's business (it
 * re-authenticates once) and arrives here only when it persists.
 */
export function readEnrichmentResponse(response: HttpResponse, batchSize: number, tally: RejectionTally): number {
  const { status } = response;
  if (status === 200) return 0;
  const body = parseJsonBody(response.body) as ApiBody | undefined;
  if (status === 207) {
    const failed = objectErrors(body);
    for (const object of failed) {
      const example = object.identification?.[0]?.value;
      tally.add(
        object.errors?.length ? describe(object.errors[0]!) : 'no reason given',
        typeof example === 'string' ? example : undefined,
      );
    }
    return Math.min(failed.length, batchSize);
  }
  if (status === 401) {
    throw new AuthenticationError(
      'NEXTHINK_UNAUTHORIZED',
      'The Nexthink Enrichment API refused the access token (401), even after authenticating again: check the API credential',
    );
  }
  if (status === 403) {
    throw new FatalError(
      'NEXTHINK_FORBIDDEN',
      `The Nexthink Enrichment API refused the request (403): ${apiMessage(body)}. The API credential needs the Enrichment API permission`,
    );
  }
  if (status === 429 || status >= 500) {
    throw new TransientError(
      'NEXTHINK_UNAVAILABLE',
      `The Nexthink Enrichment API still answered ${status} after retries`,
    );
  }
  throw new FatalError(
    'NEXTHINK_REQUEST_REFUSED',
    `The Nexthink Enrichment API refused the request (${status}): ${apiMessage(body)}`,
  );
}
