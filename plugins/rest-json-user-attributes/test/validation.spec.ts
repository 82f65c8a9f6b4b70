import { expect } from 'chai';
import restJsonPlugin from '../index.js';
import { startTestHost } from '../../../testing.js';

/** The host's refusal of a `rest_users` connector (`extra` adds connector keys, e.g. `sync`), or '' when it starts. */
async function refusalOf(
  parameters: Record<string, unknown>,
  withCredentials = true,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const outcome = await startTestHost({
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
          ...extra,
        },
      ],
    },
  }).then(
    async (th) => (await th.close(), ''),
    (e: unknown) => (e instanceof Error ? e.message : String(e)),
  );
  return outcome;
}

async function problemsOf(
  parameters: Record<string, unknown>,
  withCredentials = true,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const message = await refusalOf(parameters, withCredentials, extra);
  expect(message, 'the configuration was accepted').not.to.equal('');
  return message;
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

describe('rest-json-user-attributes: the changes block and sync mode incremental', () => {
  const incremental = { sync: { mode: 'incremental' } };
  const changes = { sinceParam: 'updatedSince', changedAtPath: 'updatedAt' };

  it('refuses sync mode incremental without a changes block, saying what it needs', async () => {
    expect(await problemsOf({ url: 'users', totalPath: 'total' }, true, incremental)).to.contain(
      'connectors[0].parameters.changes: is required for sync mode incremental: give the query parameter the API filters changed records on (sinceParam) and where a record says when it changed (changedAtPath)',
    );
  });

  it('refuses sync mode incremental without totalPath: the change read could not be proven complete', async () => {
    expect(await problemsOf({ url: 'users', changes }, true, incremental)).to.contain(
      'connectors[0].parameters.totalPath: is required for sync mode incremental: without the number of records the endpoint holds, a change read cannot be proven to have missed none',
    );
  });

  it('raises no parameter problem for an incremental connector with changes and totalPath', async () => {
    const message = await refusalOf({ url: 'users', totalPath: 'total', changes }, true, incremental);
    expect(message).not.to.contain('parameters.');
  });

  it('takes a changes block on a full connector (its cursor is simply not asked for)', async () => {
    expect(await refusalOf({ url: 'users', changes })).to.equal('');
  });

  it('checks the fields of the changes block', async () => {
    expect(await problemsOf({ url: 'users', changes: { ...changes, sinceFormat: 'rfc1123' } })).to.contain(
      'changes.sinceFormat must be one of iso, epoch-ms, epoch-s',
    );
    expect(await problemsOf({ url: 'users', changes: { sinceParam: 'updatedSince' } })).to.contain(
      'changes.changedAtPath',
    );
    expect(await problemsOf({ url: 'users', changes: { ...changes, since: 'x' } })).to.contain(
      'changes.since: unknown key',
    );
    expect(await problemsOf({ url: 'users', changes: { ...changes, changedAtPath: 'meta.(' } })).to.contain(
      'connectors[0].parameters.changes.changedAtPath',
    );
  });
});
