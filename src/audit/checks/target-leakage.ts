/**
 * target_leakage: a single feature that predicts the target almost perfectly on its own, measured by
 * 5-fold cross-validation of a one-feature binned predictor (see stats/single-feature.ts) on the rows
 * with a target. Real features rarely get there: the best single feature of breast_cancer reaches a
 * ROC AUC of about 0.97. A feature at ROC AUC >= 0.99 (binary), balanced accuracy >= 0.99 (multiclass)
 * or R^2 >= 0.98 (regression) is most likely the target under another name, derived from it, or recorded
 * after the outcome: an error, since a model trained on it fails in production.
 */
import { column, selectColumns, takeRows } from '../../data/frame.js';
import { kFold, stratifiedKFold } from '../../data/split.js';
import type { Task } from '../../learners/types.js';
import { type Finding, finding } from '../../report/finding.js';
import type { Check } from '../check.js';
import { frameTarget, num, sampleClause } from '../stats/context.js';
import { type SingleFeatureMetric, singleFeatureScore } from '../stats/single-feature.js';

export interface FeaturePower {
  feature: string;
  metric: SingleFeatureMetric;
  score: number;
  binned: number;
  monotone: number | null;
  baseline: number;
}

export interface TargetLeakage {
  task: Task;
  rows: number;
  folds: number;
  features: FeaturePower[];
}

const FOLDS = 5;
const METRIC_LABEL: Record<SingleFeatureMetric, string> = {
  roc_auc: 'ROC AUC',
  balanced_accuracy: 'balanced accuracy',
  r2: 'R²',
};
const THRESHOLD_KEY: Record<SingleFeatureMetric, string> = {
  roc_auc: 'auc',
  balanced_accuracy: 'balanced_accuracy',
  r2: 'r2',
};

export const targetLeakage: Check<TargetLeakage | null> = {
  id: 'target_leakage',
  description: 'Single features that predict the target almost perfectly on their own (cross-validated).',
  defaults: { auc: 0.99, balanced_accuracy: 0.99, r2: 0.98 },
  applies: (ctx) => ctx.target !== undefined && ctx.features.length > 0,
  inMemory: true,
  compute(ctx, _t) {
    const target = frameTarget(ctx);
    if (!target) return null;
    const keep: number[] = [];
    for (let i = 0; i < target.y.length; i++) if (!Number.isNaN(target.y[i])) keep.push(i);
    if (keep.length < 2 * FOLDS) return null;
    const idx = Int32Array.from(keep);
    const y = Float64Array.from(keep, (i) => target.y[i]!);
    const frame = takeRows(selectColumns(ctx.frame, ctx.features), idx);
    const folds =
      target.task === 'regression' ? kFold(y.length, FOLDS, ctx.seed) : stratifiedKFold(y, FOLDS, ctx.seed);
    const features = ctx.features.map((name) => ({
      feature: name,
      ...singleFeatureScore(column(frame, name), y, target.task, target.classes.length, folds),
    }));
    return { task: target.task, rows: y.length, folds: FOLDS, features };
  },
  condition(d, t, ctx) {
    if (!d) return [];
    const out: Finding[] = [];
    const ranked = [...d.features].sort((a, b) => b.score - a.score);
    for (const f of ranked) {
      const threshold = t[THRESHOLD_KEY[f.metric]]!;
      if (!(f.score >= threshold)) continue;
      const label = METRIC_LABEL[f.metric];
      out.push(
        finding({
          check: 'target_leakage',
          severity: 'error',
          columns: [f.feature, ctx.target!],
          value: f.score,
          threshold,
          message: `${f.feature} alone predicts ${ctx.target} with ${label} ${num(f.score, 4)} (${d.folds}-fold CV; without it ${num(f.baseline, 3)}${sampleClause(ctx)}): likely target leakage`,
          fix: `Find out how ${f.feature} is produced: if it is known only after the outcome, or computed from ${ctx.target}, drop it; a model that leans on it will fail on new data.`,
          evidence: {
            metric: f.metric,
            score: f.score,
            binned: f.binned,
            monotone: f.monotone,
            baseline: f.baseline,
            rows: d.rows,
            folds: d.folds,
            nextBest: ranked
              .filter((x) => x.score < threshold)
              .slice(0, 3)
              .map((x) => ({ feature: x.feature, score: Number(x.score.toFixed(4)) })),
          },
        }),
      );
    }
    return out;
  },
};
