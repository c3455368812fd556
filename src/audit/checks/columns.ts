/** The per-column checks, in the order they run. */
import type { Check } from '../check.js';
import { classImbalance } from './class-imbalance.js';
import { constantColumn } from './constant-column.js';
import { dominantValue } from './dominant-value.js';
import { highCardinality } from './high-cardinality.js';
import { inconsistentSpelling } from './inconsistent-spelling.js';
import { missingValues } from './missing-values.js';
import { mixedTypes } from './mixed-types.js';
import { outliers } from './outliers.js';
import { rareCategories } from './rare-categories.js';
import { sentinelValues } from './sentinel-values.js';

export const columnChecks = [
  missingValues,
  constantColumn,
  dominantValue,
  mixedTypes,
  sentinelValues,
  outliers,
  inconsistentSpelling,
  highCardinality,
  rareCategories,
  classImbalance,
] as Check[];
