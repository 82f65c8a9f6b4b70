/**
 * A config (YAML text) with one connector of the REST JSON template into a JSON Lines sink
 * (`./out.jsonl`), state in `./state`: what the tests of which modules a command loads run.
 */
export function restJsonlConfig(options: {
  /** The users' URL (may be a `${VAR}`). */
  readonly url: string;
  readonly identification: string;
  /** A bearer-token credential, its token from `${TRIBUTARY_TEST_SECRET}`. Default: none (a public API). */
  readonly bearer?: boolean;
  /** Lines added after `state:` (e.g. `plugins: […]`). */
  readonly extra?: readonly string[];
}): string {
  return [
    'state: { dir: ./state }',
    ...(options.extra ?? []),
    ...(options.bearer
      ? ['credentials:', '  - { id: api, name: API, type: bearer-token, token: "${TRIBUTARY_TEST_SECRET}" }']
      : []),
    'sinks:',
    '  - { id: out, type: jsonl, path: ./out.jsonl }',
    'connectors:',
    '  - nqlId: people',
    '    name: People',
    '    connector: rest-json-user-attributes',
    ...(options.bearer ? ['    credentials: api'] : []),
    '    sink: out',
    `    parameters: { url: ${JSON.stringify(options.url)}, recordsPath: users }`,
    `    mapping: { identification: ${options.identification}, fields: [{ source: dept, target: department }] }`,
    '',
  ].join('\n');
}
