import { expect } from 'chai';
import restJsonPlugin from '../index.js';
import { startTestHost } from '../../../testing.js';

async function problemsOf(parameters: Record<string, unknown>, withCredentials = true): Promise<string> {
  const error = await startTestHost({
    plugins: [restJsonPlugin],
    env: { P: 'secret-pass' },
    config: {
      credentials: withCredentials
        ? [{ id: 'api', name: 'API', type: 'basic', url: 'https://api.example.test', username: 'u', password: '${P}' }]
        : [],
      sinks: [{ id: 'out', type: 'sqlite' }],
      connectors: [
        {
          nqlId: 'rest_users',
          name: 'REST users',
          connector: 'rest-json-user-attributes',
          ...(withCredentials ? { credentials: 'api' } : {}),
          parameters,
          mapping: { identification: 'name', fields: [{ source: 'dept', target: 'department' }] },
        },
      ],
    },
  }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'the configuration was accepted').to.be.instanceOf(Error);
  return (error as Error).message;
}

describe('rest-json-user-attributes: parameters', () => {
  it('reports an invalid JSONata expression at its parameter path', async () => {
    const message = await problemsOf({
      url: 'users',
      recordsPath: 'result[',
      pagination: { style: 'cursor', cursorParam: 'c', cursorPath: 'meta.(' },
    });
    expect(message).to.contain('connectors[0].parameters.recordsPath');
    expect(message).to.contain('connectors[0].parameters.pagination.cursorPath');
  });

  it('needs credentials for a relative url (their url is the API base)', async () => {
    expect(await problemsOf({ url: 'api/now/table/sys_user' }, false)).to.contain(
      'connectors[0].parameters.url: "api/now/table/sys_user" is relative: give an absolute URL, or credentials whose url is the API base',
    );
  });

  it('names the allowed pagination styles and the missing fields of one', async () => {
    expect(await problemsOf({ url: 'users', pagination: { style: 'link-header' } })).to.contain(
      'pagination.style must be one of next-link, page-number, cursor, offset, none',
    );
    expect(
      await problemsOf({ url: 'users', pagination: { style: 'offset', offsetParam: 'o', pageSize: 10 } }),
    ).to.contain('pagination.limitParam');
  });

  it('refuses unknown parameters', async () => {
    expect(await problemsOf({ url: 'users', recordPath: 'result' })).to.contain('recordPath');
  });
});
