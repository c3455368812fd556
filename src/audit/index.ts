/** The audit stage: runner, check registry, contracts. */
export * from './run.js';
export * from './registry.js';
export * from './check.js';
export type * from './expectations.js';
