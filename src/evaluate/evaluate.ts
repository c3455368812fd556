/**
 * `evaluateModel`: the honest evaluation of a fitted model on held-out rows. Metrics, per-class table,
 * confusion matrix, curves and residuals, the evaluation checks (findings) and explanations, as plain data
 * plus report sections. Used by `mlqa train` (on its test split) and `mlqa evaluate` (on any labeled file).
 * Browser-safe.
 */

import { takeMatrix } from '../automl/cv.js';
import { InputError } from '../errors.js';
import { permutationImportance } from '../explain/permutation.js';
import type { FeatureMatrix } from '../learners/types.js';
import { type Finding, sortFindings } from '../report/finding.js';
import type { Section } from '../report/report.js';
import { permutation } from '../util/random.js';
import { checkSections } from './check-sections.js';
import { confusionMatrix } from './confusion.js';
import { buildContext, checkRng, type EvalContext, metricOn, scoreRows } from './context.js';
import { splitThresholds } from './findings/check.js';
import { EVAL_CHECKS } from './findings/index.js';
import { perClassPrf } from './metrics/prf.js';
import { metricsFor } from './metrics/registry.js';
import { classificationSections, metricsSection, regressionSections } from './sections.js';
import type { EvaluateInput, EvaluationResult, PermutationImportance } from './types.js';

export type {
  EvaluateBudget,
  EvaluateInput,
  EvaluationResult,
  LabeledRows,
  PermutationImportance,
  Predictor,
} from './types.js';

function validate(input: EvaluateInput): void {
  const { test, task } = input;
  const n = test.y.length;
  if (n === 0) throw new InputError('evaluation needs at least one labeled test row');
  if (test.X.nRows !== n || test.rows.length !== n)
    throw new InputError(
      `test rows disagree: ${test.X.nRows} feature rows, ${n} labels, ${test.rows.length} row numbers`,
    );
  if (task !== 'regression') {
    if (!(input.nClasses >= 2))
      throw new InputError(`classification needs at least 2 classes, got ${input.nClasses}`);
    for (const part of [test, input.train]) {
      if (!part) continue;
      for (let i = 0; i < part.y.length; i++) {
        const v = part.y[i]!;
        if (!(Number.isInteger(v) && v >= 0 && v < input.nClasses))
          throw new InputError(
            `row ${part.rows[i]}: label code ${v} is not one of the ${input.nClasses} classes`,
          );
      }
    }
  } else {
    for (let i = 0; i < n; i++)
      if (!Number.isFinite(test.y[i]!))
        throw new InputError(`row ${test.rows[i]}: target is missing or not a number`);
  }
  if (
    input.train &&
    (input.train.X.nRows !== input.train.y.length || input.train.rows.length !== input.train.y.length)
  )
    throw new InputError('training rows disagree: feature rows, labels and row numbers differ in length');
  if (input.cv && input.train && input.cv.oof.length !== input.train.y.length)
    throw new InputError(
      `cv.oof has ${input.cv.oof.length} values for ${input.train.y.length} training rows`,
    );
  for (const s of input.sensitive ?? [])
    if (s.codes.length !== n)
      throw new InputError(`sensitive column ${s.name} has ${s.codes.length} values for ${n} test rows`);
  if (input.checks) {
    const known = new Set(EVAL_CHECKS.map((c) => c.id));
    for (const id of input.checks)
      if (!known.has(id))
        throw new InputError(`unknown evaluation check '${id}'; valid: ${[...known].join(', ')}`);
  }
}

/** A seeded sample of at most `max` row indices, kept in row order. */
export function sampleRows(n: number, max: number, seed: number): Int32Array | null {
  if (n <= max) return null;
  const p = permutation(n, checkRng(seed, 'sample'));
  return Int32Array.from(p.subarray(0, max)).sort();
}

function explainRows(ctx: EvalContext): { X: FeatureMatrix; y: Float64Array; sampled: boolean } {
  const { X, y } = ctx.input.test;
  const idx = sampleRows(y.length, ctx.input.budget?.maxExplainRows ?? 2000, ctx.input.seed);
  if (!idx) return { X, y, sampled: false };
  return { X: takeMatrix(X, idx), y: Float64Array.from(idx, (i) => y[i]!), sampled: true };
}

function importance(ctx: EvalContext): { rows: PermutationImportance[]; sampled: boolean } {
  const { X, y, sampled } = explainRows(ctx);
  const sign = ctx.metric.direction === 'higher' ? 1 : -1;
  const predictor = ctx.input.predictor;
  const res = permutationImportance(X, {
    repeats: ctx.input.budget?.permutationRepeats ?? 5,
    rng: checkRng(ctx.input.seed, 'permutation_importance'),
    score: (Z) => sign * metricOn(ctx, y, scoreRows(predictor, Z, ctx.task)),
    onFeature: (d, t) => ctx.input.onProgress?.('permutation importance', d, t),
  });
  const rows = res
    .map((r) => ({ feature: r.feature, mean: r.mean, std: r.std }))
    .sort((a, b) => b.mean - a.mean || a.feature.localeCompare(b.feature));
  return { rows, sampled };
}

export async function evaluateModel(input: EvaluateInput): Promise<EvaluationResult> {
  validate(input);
  const ctx = buildContext(input);
  const { task, K } = ctx;
  const { y } = input.test;
  const metrics = metricsFor(task, y, ctx.test.pred, ctx.test.proba, { nClasses: K || undefined });
  let perClass: EvaluationResult['perClass'];
  let cm: number[][] | null = null;
  if (task !== 'regression') {
    const pc = perClassPrf(y, ctx.test.pred, { nClasses: K });
    perClass = Array.from({ length: K }, (_, k) => ({
      label: input.classes[k] ?? String(k),
      precision: pc.precision[k]!,
      recall: pc.recall[k]!,
      f1: pc.fScore[k]!,
      support: pc.support[k]!,
    }));
    cm = confusionMatrix(y, ctx.test.pred, { nClasses: K }).counts;
  }

  const thresholds = splitThresholds(EVAL_CHECKS, input.thresholds);
  const selected = EVAL_CHECKS.filter((c) => !input.checks || input.checks.includes(c.id));
  const findings: Finding[] = [];
  let done = 0;
  for (const check of selected) {
    input.onProgress?.(check.id, done++, selected.length);
    if (!check.applies(ctx)) continue;
    const t = thresholds.get(check.id)!;
    const value = await check.compute(ctx, t);
    ctx.values.set(check.id, value);
    findings.push(...check.condition(value, t, ctx));
  }
  input.onProgress?.('checks', selected.length, selected.length);

  const pi = importance(ctx);
  const sorted = sortFindings(findings);
  const sections: Section[] = [metricsSection(ctx, metrics)];
  sections.push({
    title: 'Findings',
    text: sorted.length === 0 ? 'No evaluation check raised a finding.' : undefined,
    findings: sorted,
  });
  sections.push(...(task === 'regression' ? regressionSections(ctx) : classificationSections(ctx)));
  sections.push(...checkSections(ctx));
  return {
    task,
    metric: ctx.metric.name,
    metrics,
    ...(perClass ? { perClass } : {}),
    confusionMatrix: cm,
    findings: sorted,
    explanations: { permutationImportance: pi.rows },
    sections,
  };
}
