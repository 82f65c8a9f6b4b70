import restJsonPlugin from '../../plugins/rest-json-user-attributes/index.js';
import { startUserApi } from '../../plugins/rest-json-user-attributes/test/support/user-api.js';
import { describeConnectorConformance } from '../../testing.js';

/** The REST JSON connector against a ServiceNow-like user API on 127.0.0.1 (25 users, pages of 10). */
describeConnectorConformance(restJsonPlugin, {
  title: 'local user API',
  parameters: {
    url: 'api/now/table/sys_user',
    recordsPath: 'result',
    pagination: { style: 'offset', offsetParam: 'sysparm_offset', limitParam: 'sysparm_limit', pageSize: 10 },
  },
  credentials: (vars) => ({
    id: 'sn',
    name: 'ServiceNow',
    type: 'basic',
    url: vars['url'],
    username: vars['username'],
    password: '${SN_PASSWORD}',
  }),
  badCredentials: (vars) => ({
    id: 'sn',
    name: 'ServiceNow',
    type: 'basic',
    url: vars['url'],
    username: vars['username'],
    password: '${SN_WRONG_PASSWORD}',
  }),
  identification: 'user_name',
  fields: [{ source: 'department', target: 'department' }],
  expectedRows: 25,
  rowKey: 'user_name',
  rowLimit: 10, // a page boundary
  async setup(scenario) {
    const api = await startUserApi(
      scenario === 'failure'
        ? { failWith: 500 }
        : scenario === 'retry'
          ? { failOnce: { request: 2, status: 429 } }
          : scenario === 'reauth'
            ? { failOnce: { request: 2, status: 401 } }
            : {},
    );
    return {
      vars: {
        url: api.url,
        username: api.options.username,
        SN_PASSWORD: api.options.password,
        SN_WRONG_PASSWORD: 'wrong-password',
      },
      requests: () => api.apiRequests(),
      teardown: () => api.close(),
    };
  },
});
