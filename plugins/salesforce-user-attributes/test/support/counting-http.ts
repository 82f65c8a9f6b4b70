import type { HttpClient, HttpRequest } from 'tributary-kit';
import { testHttpClient } from '../../../../testing.js';

/** The host's HTTP client with test-sized backoff, remembering what was asked and what answered. */
export interface CountingHttp extends HttpClient {
  /** Path and query of every request the connector made (one per call, retries not included). */
  readonly paths: string[];
  /** Status of every answer received, retries included. */
  readonly statuses: number[];
}

export function countingHttp(): CountingHttp {
  const paths: string[] = [];
  const statuses: number[] = [];
  const inner = testHttpClient({
    retry: { limit: 4, baseDelayMs: 1, maxDelayMs: 2 },
    onResponse: (response) => void statuses.push(response.status),
  });
  return {
    paths,
    statuses,
    request(request: HttpRequest) {
      const url = new URL(request.url);
      paths.push(url.pathname + url.search);
      return inner.request(request);
    },
  };
}

/** Short backoff for the connector's retried requests, so that tests never wait. */
export const TEST_RETRY = { limit: 3, baseDelayMs: 1, maxDelayMs: 2 } as const;
