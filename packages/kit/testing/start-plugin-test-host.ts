import { startTestHost } from './kit-test-host.js';
import type { PluginTestHost, TestHostOptions } from './start-test-host.js';

/**
 * Boots the real host (real loader, validation and run pipeline) with every embedded store in memory,
 * a recording execution listener and a logger that keeps its lines. The public entry of the kit: what it
 * resolves with reads the host through documented accessors only.
 */
export const startPluginTestHost: (options: TestHostOptions) => Promise<PluginTestHost> = startTestHost;
