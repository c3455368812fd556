/**
 * The per-column checks and the expectation checks, in the order they run: what is missing or disguised
 * as a value, columns that carry no information or identify rows, values out of place, the shape of the
 * distributions, dates, and finally the data against the user's declarations (--expect).
 */
import type { Check } from '../check.js';
import { categoryVariants } from './category-variants.js';
import { constantColumn } from './constant-column.js';
import { datetimeIssues } from './datetime-issues.js';
import { disguisedMissing } from './disguised-missing.js';
import { expectationChecks } from './expectations.js';
import { highCardinality } from './high-cardinality.js';
import { idColumn } from './id-column.js';
import { manyZeros } from './many-zeros.js';
import { missingValues } from './missing-values.js';
import { mixedTypes } from './mixed-types.js';
import { outliers } from './outliers.js';
import { quasiConstant } from './quasi-constant.js';
import { rareCategories } from './rare-categories.js';
import { skewed } from './skewed.js';

export const columnChecks = [
  missingValues,
  disguisedMissing,
  mixedTypes,
  constantColumn,
  quasiConstant,
  idColumn,
  categoryVariants,
  highCardinality,
  rareCategories,
  outliers,
  skewed,
  manyZeros,
  datetimeIssues,
  ...expectationChecks,
] as Check[];
