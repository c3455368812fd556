/**
 * The evaluation contract: what `evaluateModel` takes (a predictor, labeled test rows and, when the caller
 * trained the model, the training rows, cross-validation results and a refit function) and what it returns.
 * Browser-safe.
 */
import type { FeatureMatrix, Model, Task } from '../learners/types.js';
import type { Finding } from '../report/finding.js';
import type { Section } from '../report/report.js';

/** Anything that predicts on encoded features. */
export interface Predictor {
  /** Class index or value per row. */
  predict(X: FeatureMatrix): Float64Array;
  /** Row-major n x K probabilities; null for regression. */
  predictProba(X: FeatureMatrix): Float64Array | null;
  /** The fitted learner model when it is a single model (TreeSHAP needs gbdt / tree / forest models); null for ensembles. */
  model?: Model | null;
}

export interface LabeledRows {
  X: FeatureMatrix;
  y: Float64Array;
  /** 1-based data-row numbers in the source file */
  rows: Int32Array;
}

/** Work limits: how many refits, repeats and rows the costlier checks and explanations use. */
export interface EvaluateBudget {
  /** Reseeded refits for `unstable` (default 3; 0 skips the reseed part). */
  refits?: number;
  /** Training-size fractions for `learning_curve` (default [0.2, 0.4, 0.6, 0.8, 1]). */
  learningCurve?: number[];
  /** Permutation-importance repeats (default 5, like sklearn's n_repeats). */
  permutationRepeats?: number;
  /** Repeats of each perturbation in `not_robust` (default 3). */
  robustnessRepeats?: number;
  /** Test rows used for permutation importance, robustness and SHAP summaries (default 1000; a seeded sample beyond). */
  maxExplainRows?: number;
  /** Rows (from those) averaged by partial dependence (default 300). */
  partialDependenceRows?: number;
  /** Training rows the simple comparison models are fitted on (default 5000; a seeded stratified sample beyond). */
  simpleModelRows?: number;
  /** Test rows (from the explanation rows) that get TreeSHAP values for the summary (default 500). */
  maxShapRows?: number;
  /** Features that get a partial-dependence curve (default 4). */
  partialDependenceFeatures?: number;
  /** Grid points per partial-dependence curve (default 20). */
  partialDependenceGrid?: number;
}

export interface EvaluateInput {
  task: Task;
  nClasses: number;
  /** class labels by code; [] for regression */
  classes: string[];
  /** the metric optimized (id from src/evaluate/metrics registry) */
  metric: string;
  predictor: Predictor;
  test: LabeledRows;
  /** rows the final model was fitted on (overfitting gap, learning curve, label issues) */
  train?: LabeledRows;
  /** chosen config's CV on train rows (same order as train) */
  cv?: { scores: number[]; oof: Float64Array; oofProba: Float64Array | null };
  /** fit the chosen config again (unstable, learning_curve) */
  refit?: (X: FeatureMatrix, y: Float64Array, seed: number) => Predictor;
  /** regression: range the target ever had in training */
  targetRange?: { min: number; max: number };
  /** per test row group codes (need not be model features) */
  sensitive?: { name: string; codes: Int32Array; labels: string[] }[];
  /** Additive: `X` is the test rows encoded for the benchmark, when its features differ from the model's (default test.X). */
  benchmark?: { name: string; predictor: Predictor; X?: FeatureMatrix };
  seed: number;
  /** override default thresholds, "check.name" -> value */
  thresholds?: Record<string, number>;
  onProgress?: (what: string, done: number, total: number) => void;
  /** Additive: work limits for the costlier checks (tests use small ones). */
  budget?: EvaluateBudget;
  /** Additive: run only these finding ids (default all). */
  checks?: string[];
}

export interface PermutationImportance {
  feature: string;
  mean: number;
  std: number;
}

export interface EvaluationResult {
  task: Task;
  metric: string;
  /** every applicable metric id -> value on test */
  metrics: Record<string, number>;
  perClass?: { label: string; precision: number; recall: number; f1: number; support: number }[];
  /** counts, rows = true class */
  confusionMatrix: number[][] | null;
  findings: Finding[];
  explanations: { permutationImportance: PermutationImportance[]; [k: string]: unknown };
  /** report sections (tables + Vega-Lite charts) for HTML/text renderers */
  sections: Section[];
}
