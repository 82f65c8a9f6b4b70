/** The scheduler behind `tributary serve`. */
export * from './clock.js';
export * from './config-watcher.js';
export * from './create-run-lock.js';
export * from './fake-clock.js';
export * from './format-in-zone.js';
export * from './jitter.js';
export * from './memory-run-lock.js';
export * from './run-lock.js';
export * from './run-pool.js';
export * from './schedule-evaluator.js';
export * from './schedule-pattern.js';
export * from './schedule-problems.js';
export * from './scheduler-events.js';
export * from './scheduler.js';
export * from './serve-host.js';
export * from './serve.js';
export * from './signal-source.js';
