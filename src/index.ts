/** mlqa library entry point. */

export type {
  Artifact,
  ArtifactBody,
  EnsembleJSON,
  FeatureSpec,
  StepJSON,
  TargetSpec,
} from './artifact/format.js';
export { ARTIFACT_FORMAT, ARTIFACT_VERSION, canonicalJson } from './artifact/format.js';
export { makeArtifact, readArtifact, writeArtifact } from './artifact/io.js';
export * from './audit/index.js';
export {
  COMPARE_DEFAULT_METRIC,
  type CompareEntry,
  type CompareJson,
  type CompareOptions,
  type CompareProgress,
  type CompareResult,
  compare,
  compareFolds,
  compareJson,
} from './automl/compare.js';
export { compareReport, leaderboardChart, writeCompareOutputs } from './automl/compare-report.js';
export { type CvOptions, type CvResult, crossValidate } from './automl/cv.js';
export { type LeaderboardEntry, leaderboard, leaderboardCsv } from './automl/leaderboard.js';
export { trainReport, writeTrainOutputs } from './automl/report.js';
export {
  chooseEvalMethod,
  type SearchOptions,
  type SearchResult,
  search,
  type Trial,
} from './automl/search.js';
export { defaultLearners, spaceFor } from './automl/space.js';
export {
  TRAIN_DEFAULT_METRIC,
  type TrainJson,
  type TrainOptions,
  type TrainResult,
  train,
  trainJson,
} from './automl/train.js';
export { type Impact, planImpact } from './clean/impact.js';
export { applyPipeline, type FittedPipeline, fitPipeline, runSteps } from './clean/pipeline.js';
export { makePlan, type Plan, type PlanStep, readPlan } from './clean/plan.js';
export { stepNames } from './clean/registry.js';
export { type CleanOptions, type CleanResult, clean } from './clean/run.js';
export { suggestPlan } from './clean/suggest.js';
export type { StepLog } from './clean/types.js';
export * from './data/frame.js';
export * from './data/load.js';
export * from './data/matrix.js';
export * from './data/schema.js';
export * from './data/toFrame.js';
export { writeFrame } from './data/write.js';
export * from './errors.js';
export { findLabelIssues, type LabelIssues } from './evaluate/confident-learning.js';
export { evaluateModel } from './evaluate/evaluate.js';
export { EVAL_CHECKS } from './evaluate/findings/index.js';
export {
  DEFAULT_METRIC,
  getMetric,
  METRICS,
  type MetricDef,
  metricNames,
  metricsFor,
} from './evaluate/metrics/registry.js';
export {
  type EvaluateFileOptions,
  type EvaluateFileResult,
  type EvaluationOutput,
  evaluate,
} from './evaluate/run.js';
export type {
  EvaluateBudget,
  EvaluateInput,
  EvaluationResult,
  LabeledRows,
  PermutationImportance,
  Predictor,
} from './evaluate/types.js';
export { type PartialDependence, partialDependence, pdGrid } from './explain/pdp.js';
export { type PermutationResult, permutationImportance } from './explain/permutation.js';
export {
  type Contribution,
  type ExplainOptions,
  explainPrediction,
  type PredictionExplanation,
} from './explain/prediction.js';
export { type ShapValues, treeShap } from './explain/treeshap.js';
export * from './learners/index.js';
export * from './learners/types.js';
export * from './profile/index.js';
export * from './report/charts.js';
export * from './report/finding.js';
export * from './report/html.js';
export * from './report/json.js';
export type * from './report/report.js';
export { specToSvg } from './report/svg.js';
export * from './report/text.js';
export { type Encoded, encodeFrame, encodeRows, featureSpecs } from './runtime/encode.js';
export {
  type ArtifactPredictor,
  createPredictor,
  EnsemblePredictor,
  modelPredictor,
} from './runtime/predictor.js';
