/**
 * A config of one synthetic connector into a recording sink `out`: `users`, mapping Department onto
 * `department` by Username, unless `connector` says otherwise (its keys replace the defaults).
 */
export function syntheticConfig(connector: Record<string, unknown> = {}) {
  return {
    sinks: [{ id: 'out', type: 'recording' }],
    connectors: [
      {
        nqlId: 'users',
        name: 'Users',
        connector: 'synthetic',
        mapping: { identification: 'Username', fields: [{ source: 'Department', target: 'department' }] },
        ...connector,
      },
    ],
  };
}
