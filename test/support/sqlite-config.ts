/** A config keeping its state in `stateDir` and writing `connectors` to a sqlite sink `users`. */
export function sqliteConfig(stateDir: string, connectors: readonly object[]) {
  return { state: { dir: stateDir }, sinks: [{ id: 'users', type: 'sqlite' }], connectors };
}
