/** Shared preprocessing and input checks of the design-based learners (linear, logistic, knn, bayes). */
export {
  applyDesign,
  type CategoricalDesign,
  DESIGN_DEFAULTS,
  type Design,
  type DesignOptions,
  type DesignState,
  designRowMajor,
  designScaling,
  designWidth,
  type FeatureDesign,
  fitDesign,
  type NumericDesign,
  toOriginalUnits,
} from './design.js';
export { DESIGN_PARAM_DEFAULTS, type DesignParams } from './params.js';
