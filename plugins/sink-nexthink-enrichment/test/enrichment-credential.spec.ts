import { expect } from 'chai';
import * as v from 'valibot';
import type { CredentialConfig } from 'tributary-kit';
import { testHttpClient } from '../../../testing.js';
import { createEnrichmentSinkType } from '../enrichment-sink-type.js';
import { NEXTHINK_ENTRY, nexthinkCredential, runContext, sinkContext } from './enrichment-fakes.js';

const http = testHttpClient({ retry: { limit: 4, baseDelayMs: 1, maxDelayMs: 2 } });

function sinkTypeFor(entry: CredentialConfig | undefined) {
  return createEnrichmentSinkType({ http, credentialEntry: () => entry });
}

const config = v.parse(sinkTypeFor(undefined).schema, { id: 'adopt', type: 'nexthink-enrichment', credentials: 'nx' });
const LOOPBACK = { ...NEXTHINK_ENTRY, url: 'http://127.0.0.1:8080' };

/** The sink authenticates with an oauth2-client-credentials entry whose token URL is known. */
describe('nexthink-enrichment sink: its credential', () => {
  it('accepts a Nexthink API credential, and one that names its tokenUrl whatever its url', () => {
    const sinkType = sinkTypeFor(undefined);
    expect(sinkType.validate!(config, NEXTHINK_ENTRY)).to.deep.equal([]);
    expect(sinkType.validate!(config, { ...LOOPBACK, tokenUrl: 'http://127.0.0.1:8081/token' })).to.deep.equal([]);
    expect(sinkType.validate!(config, undefined)).to.deep.equal([]);
  });

  it('refuses a credential of another type', () => {
    const problems = sinkTypeFor(undefined).validate!(config, {
      id: 'sf',
      name: 'SF',
      type: 'basic',
      url: 'https://acme.my.salesforce.com',
    });
    expect(problems).to.deep.equal([
      {
        path: 'credentials',
        message:
          '"sf" is of type basic; a nexthink-enrichment sink needs an oauth2-client-credentials entry (the client ID and secret of a Nexthink API credential)',
      },
    ]);
  });

  it('refuses a url that is not a Nexthink API base when there is no tokenUrl, saying what to set', () => {
    for (const url of ['http://127.0.0.1:8080', 'https://acme.my.salesforce.com', 'https://acme.eu.nexthink.cloud']) {
      const problems = sinkTypeFor(undefined).validate!(config, { ...NEXTHINK_ENTRY, url });
      expect(problems, url).to.deep.equal([
        {
          path: 'credentials',
          message:
            'the token endpoint of credential "nx" cannot be worked out from its url, which is not a Nexthink API base ' +
            '(https://<instance>.api.<region>.nexthink.cloud): set tokenUrl on the credential ' +
            '(https://<instance>-login.<region>.nexthink.cloud/oauth2/default/v1/token)',
        },
      ]);
    }
  });

  it("refuses the same credential at run time instead of asking Salesforce's token path", async () => {
    const credential = nexthinkCredential();
    const error = (await sinkTypeFor(LOOPBACK)
      .create(config, sinkContext(credential))
      .open(runContext())
      .catch((e: unknown) => e)) as Error;
    expect(error).to.include({ code: 'NEXTHINK_CREDENTIAL', category: 'config' });
    expect(error.message).to.match(/^Sink "adopt": the token endpoint of credential "nx" cannot be worked out/);
    expect(credential.requests).to.deep.equal([]);
  });
});
