import { USER_API_DEFAULTS } from './user-api.js';

/** One pagination style against the user API, recorded to `fixtures/<name>.json`. */
export interface PagingScenario {
  readonly name: string;
  /** The instance the fixture pretends to come from (the local server's origin is replaced by it). */
  readonly origin: string;
  readonly parameters: Record<string, unknown>;
  /** The credentials entry for a base URL; secrets come from {@link SCENARIO_ENV}. */
  readonly credentials: (baseUrl: string) => Record<string, unknown>;
  /** Requests one full read makes against the 25 users of the API (token requests excluded). */
  readonly pages: number;
}

export const SCENARIO_ENV = {
  API_PASSWORD: USER_API_DEFAULTS.password,
  API_CLIENT_SECRET: USER_API_DEFAULTS.clientSecret,
};

const basic = (url: string) => ({
  id: 'api',
  name: 'User API',
  type: 'basic',
  url,
  username: USER_API_DEFAULTS.username,
  password: '${API_PASSWORD}',
});
const clientCredentials = (url: string) => ({
  id: 'api',
  name: 'User API',
  type: 'oauth2-client-credentials',
  url,
  tokenUrl: `${url}/oauth/token`,
  clientId: USER_API_DEFAULTS.clientId,
  clientSecret: '${API_CLIENT_SECRET}',
});

export const PAGING_SCENARIOS: readonly PagingScenario[] = [
  {
    name: 'offset-servicenow',
    origin: 'https://acme.service-now.example',
    parameters: {
      url: 'api/now/table/sys_user?sysparm_fields=user_name,department,title,active',
      recordsPath: 'result',
      pagination: { style: 'offset', offsetParam: 'sysparm_offset', limitParam: 'sysparm_limit', pageSize: 10 },
    },
    credentials: basic,
    pages: 3,
  },
  {
    name: 'page-number-workday',
    origin: 'https://wd2-impl-services1.workday.example',
    parameters: {
      url: '/ccx/service/customreport2/acme/workers?format=json',
      recordsPath: 'Report_Entry',
      totalPath: 'Total',
      pagination: { style: 'page-number', pageParam: 'page', sizeParam: 'count', pageSize: 10 },
    },
    credentials: basic,
    pages: 3,
  },
  {
    name: 'next-link-graph',
    origin: 'https://graph.example',
    parameters: {
      url: 'v1.0/users',
      recordsPath: 'value',
      pagination: { style: 'next-link', nextPath: '`@odata.nextLink`' },
    },
    credentials: clientCredentials,
    pages: 3,
  },
  {
    name: 'cursor-people',
    origin: 'https://people.example',
    parameters: {
      url: 'people',
      recordsPath: 'data.people',
      pagination: { style: 'cursor', cursorParam: 'cursor', cursorPath: 'meta.next_cursor' },
      headers: { 'x-api-version': '2' },
    },
    credentials: clientCredentials,
    pages: 3,
  },
];

/** The configuration of a scenario, reading into a recording sink. */
export function scenarioConfig(scenario: PagingScenario, baseUrl: string, sinkType = 'recording') {
  return {
    credentials: [scenario.credentials(baseUrl)],
    sinks: [{ id: 'out', type: sinkType }],
    connectors: [
      {
        nqlId: 'rest_users',
        name: 'REST users',
        connector: 'rest-json-user-attributes',
        credentials: 'api',
        sink: 'out',
        parameters: scenario.parameters,
        mapping: {
          identification: 'user_name',
          fields: [
            { source: 'department', target: 'department' },
            { source: 'title', target: 'title' },
          ],
        },
      },
    ],
  };
}
