/** Parameters of naive_bayes, their defaults (scikit-learn's GaussianNB / CategoricalNB) and checks. */
import { resolveParams, rules } from '../preprocess/checks.js';

export interface NaiveBayesParams {
  /** Added to every Gaussian variance: this fraction of the largest feature variance (GaussianNB). */
  var_smoothing: number;
  /** Additive (Laplace) smoothing of categorical feature counts (CategoricalNB alpha). */
  alpha: number;
}

export const NAIVE_BAYES_DEFAULTS: NaiveBayesParams = { var_smoothing: 1e-9, alpha: 1 };

export function resolveNaiveBayesParams(given: Partial<NaiveBayesParams> | undefined): NaiveBayesParams {
  return resolveParams('naive_bayes', NAIVE_BAYES_DEFAULTS, given, {
    var_smoothing: rules.nonNegative,
    alpha: rules.positive,
  });
}
