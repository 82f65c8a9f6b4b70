import { expect } from 'chai';
import type { ConnectorConfig, TributaryConfig } from 'tributary-kit';
import { renamedConnectorWarnings } from 'tributary-kit/internal/kernel/config/renamed-connectors.js';

const connector = (nqlId: string, name = 'Salesforce users', credentials = 'sf-prod'): ConnectorConfig => ({
  nqlId,
  name,
  connector: 'salesforce-user-attributes',
  credentials,
  sink: 'users',
  parameters: {},
  mapping: { identification: 'Username', identifier: 'upn', onMissingValue: 'clear', fields: [] },
});
const config = (...connectors: ConnectorConfig[]) => ({ connectors }) as unknown as TributaryConfig;
const ran = (nqlId: string, name = 'Salesforce users', credentialsId = 'sf-prod') => ({
  nqlId,
  name,
  connector: 'Salesforce: User Attributes',
  credentialsId,
  lastRun: new Date('2026-11-01T02:00:00Z'),
});
const displayName = (id: string) => (id === 'salesforce-user-attributes' ? 'Salesforce: User Attributes' : undefined);

describe('renamed NQL ID warning', () => {
  it('warns when a connector with the same name, template and credentials ran under another NQL ID', () => {
    const warnings = renamedConnectorWarnings(config(connector('sf_users_v2')), [ran('sf_users')], displayName);
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.match(
      /^connectors\[0\]\.nqlId: "sf_users_v2" is new, but the same connector \("Salesforce users"\) ran as "sf_users"/,
    );
    expect(warnings[0]).to.include('the history stays under "sf_users"');
  });

  it('stays quiet for an unchanged NQL ID, a different connector, or an old ID still configured', () => {
    expect(renamedConnectorWarnings(config(connector('sf_users')), [ran('sf_users')], displayName)).to.deep.equal([]);
    expect(
      renamedConnectorWarnings(config(connector('sf_users_v2', 'Other name')), [ran('sf_users')], displayName),
    ).to.deep.equal([]);
    expect(
      renamedConnectorWarnings(config(connector('sf_users_v2', undefined, 'sf-test')), [ran('sf_users')], displayName),
    ).to.deep.equal([]);
    expect(
      renamedConnectorWarnings(config(connector('sf_users'), connector('sf_users_v2')), [ran('sf_users')], displayName),
    ).to.deep.equal([]);
  });
});
