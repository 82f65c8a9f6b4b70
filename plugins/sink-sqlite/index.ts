import {
  CliCommandToken,
  contributions,
  definePlugin,
  HostContextToken,
  PLUGIN_API_VERSION,
  SinkTypeToken,
  UserAttributeReaderToken,
  type HostContext,
} from '../../core/index.js';
import { sqliteSinkType } from './sqlite-sink-type.js';
import { sqliteUserReader } from './sqlite-user-reader.js';
import { createUsersCommand } from './users-command.js';

export default definePlugin({
  id: 'sink-sqlite',
  version: '0.1.0',
  apiVersion: PLUGIN_API_VERSION,
  description: 'Embedded user-attribute store (sink type "sqlite") and the `users` command',
  module: contributions(({ bind }) => {
    bind(SinkTypeToken).toConstantValue(sqliteSinkType);
    bind(UserAttributeReaderToken).toDynamicValue((ctx) => sqliteUserReader(ctx.get<HostContext>(HostContextToken)));
    // Reads through every reader contributed (a cluster plugin adds its store's), asked when it runs.
    bind(CliCommandToken).toDynamicValue((ctx) => createUsersCommand(ctx.get<HostContext>(HostContextToken), () => ctx.getAll(UserAttributeReaderToken)));
  }),
});

export { sqliteSinkType } from './sqlite-sink-type.js';
export { createUsersCommand } from './users-command.js';
