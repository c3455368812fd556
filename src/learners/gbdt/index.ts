/**
 * gbdt: histogram gradient boosting in the LightGBM style, native TypeScript on typed arrays.
 * Leaf-wise trees over quantile-binned features (max 255 bins plus a missing bin), histogram subtraction,
 * learned missing-value directions, native categorical splits, L1/L2 regularization, row and feature
 * sampling, early stopping. Losses: log loss (binary, multiclass softmax), squared error, absolute error,
 * Huber. Browser-safe.
 */
import type { Learner, ModelJSON } from '../types.js';
import { fitGbdt } from './boost.js';
import { GbdtModel } from './model.js';
import { GBDT_DEFAULTS, type GbdtParams } from './params.js';

export { GbdtModel, type GbdtState } from './model.js';
export type { GbdtParams, RegressionObjective } from './params.js';
export { GBDT_DEFAULTS } from './params.js';
export type { PlainTree } from './treeData.js';

export const gbdt: Learner<GbdtParams> = {
  name: 'gbdt',
  tasks: ['binary', 'multiclass', 'regression'],
  defaults: GBDT_DEFAULTS,
  fit: (X, y, options) => fitGbdt(X, y, options),
  fromJSON: (json: ModelJSON) => GbdtModel.fromJSON(json),
};
