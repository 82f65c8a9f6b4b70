import {
  CliCommands,
  definePlugin,
  HostContextService,
  PLUGIN_API_VERSION,
  SinkTypes,
  UserAttributeReaders,
} from 'tributary-kit';
import { sqliteSinkType } from './sqlite-sink-type.js';
import { sqliteUserReader } from './sqlite-user-reader.js';
import { createUsersCommand } from './users-command.js';

export default definePlugin({
  id: 'sink-sqlite',
  version: '0.1.0',
  apiVersion: PLUGIN_API_VERSION,
  description: 'Embedded user-attribute store (sink type "sqlite") and the `users` command',
  register(env) {
    env.contribute(SinkTypes, sqliteSinkType);
    env.contribute(UserAttributeReaders, (services) => sqliteUserReader(services.get(HostContextService)));
    // Reads through every reader contributed (a cluster plugin adds its store's), asked when it runs.
    env.contribute(CliCommands, (services) =>
      createUsersCommand(services.get(HostContextService), () => [...services.contributions(UserAttributeReaders)]),
    );
  },
});

export { sqliteSinkType } from './sqlite-sink-type.js';
export { createUsersCommand } from './users-command.js';
