/**
 * The evaluate library: metrics (scikit-learn compatible), curves, calibration and confusion matrices.
 * Everything exported here is browser-safe.
 */

export * from './calibration.js';
export { findLabelIssues } from './confident-learning.js';
export * from './confusion.js';
export * from './curves.js';
export { evaluateModel } from './evaluate.js';
export type { EvalCheck } from './findings/check.js';
export { EVAL_CHECKS } from './findings/index.js';
export { binaryClfCurve, type ClfCurve, trapezoid } from './metrics/binaryCurve.js';
export * from './metrics/classification.js';
export * from './metrics/classificationReport.js';
export * from './metrics/prf.js';
export * from './metrics/probabilistic.js';
export { medianSorted, quantileSorted } from './metrics/quantile.js';
export * from './metrics/ranking.js';
export * from './metrics/registry.js';
export * from './metrics/regression.js';
export type { Vec, Weights } from './metrics/validate.js';
export type * from './types.js';
