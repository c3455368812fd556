/**
 * `weak_segment`: slices of the test rows (a category of a categorical feature, a value or quantile bin of
 * a numeric feature, missing values) where the model does much worse than overall, with enough rows to
 * matter. The slice metric is accuracy for classification and mean absolute error for regression (both
 * defined on any slice, unlike ROC AUC or R2).
 */
import { type Finding, finding } from '../../report/finding.js';
import type { EvalContext } from '../context.js';
import { type Slice, sliceFeature } from '../slices.js';
import { type EvalCheck, fmt, pct } from './check.js';

export interface SliceScore {
  feature: string;
  label: string;
  count: number;
  score: number;
  /** Relative degradation against the overall score (positive: worse). */
  drop: number;
  /** How many standard errors the slice's mean loss lies above the overall mean loss (loss sd over all rows / sqrt(rows)). */
  z: number;
  /** Test-row indices. */
  rows: Int32Array;
}

export interface WeakSegmentValue {
  metric: 'accuracy' | 'mae';
  overall: number;
  slices: SliceScore[];
}

/** Per-row loss: 1 - correct (classification) or absolute error (regression). */
function rowLoss(ctx: EvalContext): Float64Array {
  const { y } = ctx.input.test;
  const { pred } = ctx.test;
  const out = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++)
    out[i] = ctx.task === 'regression' ? Math.abs(y[i]! - pred[i]!) : y[i] === pred[i] ? 0 : 1;
  return out;
}

export const weakSegment: EvalCheck<WeakSegmentValue> = {
  id: 'weak_segment',
  description: 'slices of the data (feature values, quantile bins) where the model does much worse',
  defaults: { warning_drop: 0.2, error_drop: 0.5, min_rows: 30, min_z: 2, max_findings: 5 },
  thresholdDocs: {
    warning_drop:
      'relative degradation of the slice metric (accuracy or MAE) against overall that raises a warning',
    error_drop: 'relative degradation that raises an error',
    min_rows: 'fewest test rows a slice needs to be judged',
    min_z:
      'standard errors by which the slice loss must exceed the overall loss (chance dips are not flagged)',
    max_findings: 'at most this many weakest slices become findings',
  },
  applies: (ctx) => ctx.input.test.y.length >= 2 && ctx.input.test.X.columns.length > 0,
  compute(ctx, t) {
    const loss = rowLoss(ctx);
    const n = loss.length;
    let total = 0;
    for (let i = 0; i < n; i++) total += loss[i]!;
    const reg = ctx.task === 'regression';
    const toScore = (meanLoss: number) => (reg ? meanLoss : 1 - meanLoss);
    const overall = toScore(total / n);
    const meanLoss = total / n;
    let ss = 0;
    for (let i = 0; i < n; i++) ss += (loss[i]! - meanLoss) ** 2;
    const sd = Math.sqrt(ss / n);
    const X = ctx.input.test.X;
    const slices: SliceScore[] = [];
    for (let j = 0; j < X.columns.length; j++) {
      const found: Slice[] = sliceFeature(X, j);
      for (const s of found) {
        if (s.rows.length < t.min_rows! || s.rows.length === n) continue;
        let sum = 0;
        for (let k = 0; k < s.rows.length; k++) sum += loss[s.rows[k]!]!;
        const score = toScore(sum / s.rows.length);
        const drop = reg
          ? score === 0
            ? 0
            : (score - overall) / score
          : overall === 0
            ? 0
            : (overall - score) / overall;
        const z = sd > 0 ? (sum / s.rows.length - meanLoss) / (sd / Math.sqrt(s.rows.length)) : 0;
        slices.push({
          feature: X.names[j]!,
          label: s.label,
          count: s.rows.length,
          score,
          drop,
          z,
          rows: s.rows,
        });
      }
    }
    slices.sort((a, b) => b.drop - a.drop || a.label.localeCompare(b.label));
    return { metric: reg ? 'mae' : 'accuracy', overall, slices };
  },
  condition(v, t, ctx): Finding[] {
    const weak = v.slices
      .filter((s) => s.drop >= t.warning_drop! && s.z >= t.min_z!)
      .slice(0, Math.max(0, t.max_findings!));
    return weak.map((s) => {
      const error = s.drop >= t.error_drop!;
      return finding({
        check: 'weak_segment',
        severity: error ? 'error' : 'warning',
        columns: [s.feature],
        rows: Array.from(s.rows, (i) => ctx.input.test.rows[i]!),
        value: s.drop,
        threshold: error ? t.error_drop! : t.warning_drop!,
        message: `${v.metric} is ${fmt(s.score)} where ${s.label} (${s.count} test rows) against ${fmt(v.overall)} overall (${pct(s.drop)} worse)`,
        fix: 'get more training rows like these, add features that tell them apart, or handle the segment with its own model or rule',
        evidence: { slice: s.label, metric: v.metric, slice_score: s.score, overall: v.overall, z: s.z },
      });
    });
  },
};
