import { expect } from 'chai';
import restJsonPlugin from '../index.js';
import { recordingSink, startTestHost, testPlugin } from '../../../testing.js';
import { startUserApi, type UserApi } from './support/user-api.js';

/** A source without a total (Graph-like next links): stopping at the row limit must still end partial. */
describe('rest-json-user-attributes: more rows than the limit, and no total', () => {
  let api: UserApi;
  beforeEach(async () => (api = await startUserApi({ users: 25 })));
  afterEach(() => api.close());

  async function runWith(maxRowsPerSync: number) {
    const sink = recordingSink();
    const th = await startTestHost({
      plugins: [restJsonPlugin, testPlugin({ id: 'sink', sinkTypes: [sink] })],
      env: { API_PASSWORD: api.options.password },
      config: {
        limits: { maxRowsPerSync },
        credentials: [
          { id: 'api', type: 'basic', url: api.url, username: api.options.username, password: '${API_PASSWORD}' },
        ],
        sinks: [{ id: 'out', type: 'recording' }],
        connectors: [
          {
            nqlId: 'graph_users',
            name: 'Graph users',
            connector: 'rest-json-user-attributes',
            credentials: 'api',
            sink: 'out',
            parameters: {
              url: 'v1.0/users',
              recordsPath: 'value',
              pagination: { style: 'next-link', nextPath: '`@odata.nextLink`' },
            },
            mapping: { identification: 'user_name', fields: [{ source: 'department', target: 'department' }] },
          },
        ],
      },
    });
    try {
      return { result: await th.run('graph_users'), sink };
    } finally {
      await th.close();
    }
  }

  it('ends partial with "at least 21 received" after 2 pages of 10 when a next link is pending, fetching no third page', async () => {
    const { result, sink } = await runWith(20);
    expect(result.status).to.equal('partial');
    expect(result.description).to.equal(
      'Too many rows received: at least 21 received, 20 processed (at most 20 rows per sync, limits.maxRowsPerSync)',
    );
    expect(sink.committed()).to.have.length(20);
    expect(api.apiRequests()).to.equal(2);
  });

  it('ends success when the limit is reached on the last page (no next link)', async () => {
    const { result } = await runWith(25);
    expect([result.status, result.processedRows, result.description]).to.deep.equal(['success', 25, '']);
  });
});
