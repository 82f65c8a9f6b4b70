import type { ConfigProblem, ConnectorConfig } from '../../core/index.js';
import { validateSchedule } from './schedule-evaluator.js';

/** Every schedule problem of a config, each with its path (`connectors[2].schedule`). */
export function scheduleProblems(connectors: readonly ConnectorConfig[], now: Date = new Date()): ConfigProblem[] {
  return connectors.flatMap((connector, index) =>
    connector.schedule === undefined
      ? []
      : validateSchedule(connector.schedule, now).map((message) => ({
          path: `connectors[${index}].schedule`,
          message,
        })),
  );
}
