/** The audit stage: runner, check registry, contracts, the audit report. */

export { associationFor } from './association.js';
export * from './check.js';
export type * from './expectations.js';
export { parseExpectations, suggestExpectations, writeExpectations } from './expectations.js';
export * from './registry.js';
export * from './report.js';
export * from './run.js';
