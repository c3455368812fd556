/** The audit stage: runner, check registry, contracts, the audit report. */
export * from './run.js';
export * from './registry.js';
export * from './check.js';
export * from './report.js';
export { associationFor } from './association.js';
export type * from './expectations.js';
export { parseExpectations, suggestExpectations, writeExpectations } from './expectations.js';
