/**
 * `overfitting`: the model scores much better on the rows it was fitted on than on held-out rows
 * (cross-validation folds when the caller has them, else the test rows). Also flags a test score much
 * worse than the cross-validation score (the search overfit the folds, or the test rows differ). Gaps are
 * measured in the metric's better direction as a share of the room between the dummy model's score and a
 * perfect score, so 0.1 reads the same for accuracy, ROC AUC, log loss or RMSE.
 */
import { type Finding, finding } from '../../report/finding.js';
import { type EvalContext, scoreWith, spreadShare } from '../context.js';
import { type EvalCheck, fmt, pct } from './check.js';

export interface OverfittingValue {
  train: number;
  cv: number | null;
  test: number;
  /** How much better train is than held-out (cv when present, else test), as a share of the dummy-to-perfect range. */
  gap: number;
  heldOut: 'cv' | 'test';
  /** How much better cv is than test, as a share of the dummy-to-perfect range (null without cv). */
  cvTestGap: number | null;
}

export const overfitting: EvalCheck<OverfittingValue> = {
  id: 'overfitting',
  description: 'train score much better than the cross-validation / test score',
  defaults: { warning_gap: 0.1, error_gap: 0.5, cv_test_gap: 0.1 },
  thresholdDocs: {
    warning_gap:
      'train minus held-out score, as a share of the dummy-to-perfect range, that raises a warning',
    error_gap: 'train minus held-out score, as a share of the dummy-to-perfect range, that raises an error',
    cv_test_gap:
      'cross-validation minus test score, as a share of the dummy-to-perfect range, that raises a warning',
  },
  applies: (ctx) => ctx.input.train !== undefined && ctx.input.train.y.length > 0,
  compute(ctx) {
    const tr = ctx.input.train!;
    const train = scoreWith(ctx, ctx.input.predictor, tr.X, tr.y);
    const scores = ctx.input.cv?.scores.filter((s) => Number.isFinite(s)) ?? [];
    const cv = scores.length > 0 ? scores.reduce((a, b) => a + b, 0) / scores.length : null;
    const held = cv ?? ctx.testScore;
    const better = (a: number, b: number) => (ctx.metric.direction === 'higher' ? a - b : b - a);
    return {
      train,
      cv,
      test: ctx.testScore,
      gap: spreadShare(ctx, better(train, held)),
      heldOut: cv === null ? 'test' : 'cv',
      cvTestGap: cv === null ? null : spreadShare(ctx, better(cv, ctx.testScore)),
    };
  },
  condition(v, t, ctx: EvalContext): Finding[] {
    const out: Finding[] = [];
    const m = ctx.metric.name;
    const evidence = { metric: m, train: v.train, cv: v.cv, test: v.test };
    if (Number.isFinite(v.gap) && v.gap >= t.warning_gap!) {
      const error = v.gap >= t.error_gap!;
      out.push(
        finding({
          check: 'overfitting',
          severity: error ? 'error' : 'warning',
          value: v.gap,
          threshold: error ? t.error_gap! : t.warning_gap!,
          message: `${m} is ${fmt(v.train)} on the training rows but ${fmt(v.heldOut === 'cv' ? v.cv! : v.test)} on ${
            v.heldOut === 'cv' ? 'cross-validation folds' : 'the test rows'
          } (a gap of ${pct(v.gap)} of the dummy-to-perfect range): the model memorizes its training rows`,
          fix: 'regularize more (shallower trees, fewer leaves, stronger penalty, more min rows per leaf), or get more training rows',
          evidence,
        }),
      );
    }
    if (v.cvTestGap !== null && Number.isFinite(v.cvTestGap) && v.cvTestGap >= t.cv_test_gap!) {
      out.push(
        finding({
          check: 'overfitting',
          severity: 'warning',
          value: v.cvTestGap,
          threshold: t.cv_test_gap!,
          message: `${m} is ${fmt(v.cv!)} in cross-validation but ${fmt(v.test)} on the test rows (a gap of ${pct(v.cvTestGap)} of the dummy-to-perfect range): the search overfit its folds, or the test rows differ from the training rows`,
          fix: 'compare train and test distributions (mlqa audit), use grouped or time-based splits if rows are related, and search fewer configurations',
          evidence: { ...evidence, kind: 'cv_vs_test' },
        }),
      );
    }
    return out;
  },
};
