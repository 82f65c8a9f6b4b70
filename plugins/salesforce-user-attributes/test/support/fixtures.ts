import {
  fakeCredential,
  useRecordedHttp,
  type FakeCredential,
  type FakeCredentialOptions,
  type RecordedHttp,
} from '../../../../testing.js';

/** The instance every fixture is scrubbed to. */
export const FIXTURE_BASE_URL = 'https://acme.my.salesforce.com';

const FIXTURES = new URL('../fixtures/', import.meta.url);

export function fixturePath(name: string, folder: URL = FIXTURES): URL {
  return new URL(`${name}.json`, folder);
}

/** Replays a recorded fixture with the kit's recorded HTTP: each recorded answer is served once, in order. */
export function replay(name: string): RecordedHttp {
  return useRecordedHttp(fixturePath(name), { mode: 'replay' });
}

/**
 * The kit's fake credential as the Salesforce credential the fixtures were recorded with: `Bearer T` on
 * the fixtures' instance, every AuthRequest kept (`requests`, `forcedCalls`).
 */
export function salesforceCredential(
  type = 'oauth2-client-credentials',
  options: FakeCredentialOptions = {},
): FakeCredential {
  return fakeCredential({
    id: 'sf-test',
    name: 'Salesforce test',
    type,
    baseUrl: FIXTURE_BASE_URL,
    token: 'T',
    ...options,
  });
}
