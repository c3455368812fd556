/** The relational checks (across columns and rows), in the order they run. */
import type { Check } from '../check.js';
import { classImbalance } from './class-imbalance.js';
import { conflictingLabels } from './conflicting-labels.js';
import { duplicateRows } from './duplicate-rows.js';
import { highCorrelation } from './high-correlation.js';
import { multivariateOutliers } from './multivariate-outliers.js';
import { nearDuplicates } from './near-duplicates.js';
import { redundantColumn } from './redundant-column.js';
import { smallSample } from './small-sample.js';
import { targetLeakage } from './target-leakage.js';

export const relationalChecks = [
  duplicateRows,
  nearDuplicates,
  conflictingLabels,
  targetLeakage,
  redundantColumn,
  highCorrelation,
  multivariateOutliers,
  classImbalance,
  smallSample,
] as Check[];

export { associationMatrix } from '../stats/association-matrix.js';
