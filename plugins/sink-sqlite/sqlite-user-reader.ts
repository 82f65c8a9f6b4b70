import type { HostContext, SinkConfig, UserAttributeReader, UserAttributeView } from 'tributary-kit';
import { measureUsers, queryUsers } from './query-users.js';
import { openUserStoreReadOnly, userStorePath } from './user-store.js';

/** Reads a `sqlite` sink's file for `tributary users` (read-only: it never creates one). */
export function sqliteUserReader(host: Pick<HostContext, 'stateDir' | 'configDir'>): UserAttributeReader {
  return {
    sinkType: 'sqlite',
    async open(sink: SinkConfig): Promise<UserAttributeView | string> {
      const file = userStorePath(host.stateDir, host.configDir, typeof sink.path === 'string' ? sink.path : undefined);
      const db = openUserStoreReadOnly(file);
      if (db === undefined) return file === ':memory:' ? 'the store is in memory' : `${file} does not exist`;
      return {
        measure: async (filter) => measureUsers(db, filter),
        async *rows(filter) {
          yield* queryUsers(db, filter);
        },
        close: async () => void db.close(),
      };
    },
  };
}
