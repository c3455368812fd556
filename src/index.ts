/** mlqa library entry point. */
export * from './errors.js';
export * from './report/finding.js';
export type * from './report/report.js';
export * from './data/frame.js';
export * from './data/load.js';
export * from './data/schema.js';
export * from './data/toFrame.js';
export * from './data/matrix.js';
export * from './learners/types.js';
export * from './audit/index.js';
export * from './profile/index.js';
export * from './learners/index.js';
export * from './report/text.js';
export * from './report/json.js';
export * from './report/html.js';
export * from './report/charts.js';
export { specToSvg } from './report/svg.js';
