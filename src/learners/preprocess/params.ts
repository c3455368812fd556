/** The preprocessing parameters every design-based learner accepts (snake_case, like other params). */

import { type ParamRule, rules } from './checks.js';
import type { DesignOptions } from './design.js';

export interface DesignParams {
  /** Standard-scale numeric features before fitting. */
  standardize: boolean;
  /** Add missing-indicator columns for features with missing training values. */
  missing_indicators: boolean;
  /** Most frequent levels of a categorical feature kept as their own one-hot column. */
  max_categories: number;
  /** Levels with fewer training rows are grouped into an "other" column. */
  min_category_count: number;
}

export const DESIGN_PARAM_DEFAULTS: DesignParams = {
  standardize: true,
  missing_indicators: true,
  max_categories: 50,
  min_category_count: 3,
};

export const DESIGN_PARAM_RULES: { [K in keyof DesignParams]: ParamRule } = {
  standardize: rules.boolean,
  missing_indicators: rules.boolean,
  max_categories: rules.intAtLeast(1),
  min_category_count: rules.intAtLeast(1),
};

export function designOptions(p: DesignParams): DesignOptions {
  return {
    standardize: p.standardize,
    missingIndicators: p.missing_indicators,
    maxCategories: p.max_categories,
    minCategoryCount: p.min_category_count,
  };
}
