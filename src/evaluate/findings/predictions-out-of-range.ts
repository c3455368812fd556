/**
 * `predictions_out_of_range`: regression predictions outside the range the target ever had in training
 * (a negative reading from a 20-60 sensor), or not finite; classification predictions that are not a
 * class index, or probabilities outside [0, 1] / not summing to 1.
 */
import { type Finding, finding } from '../../report/finding.js';
import type { EvalContext } from '../context.js';
import { type EvalCheck, fmt, pct } from './check.js';

export interface OutOfRangeValue {
  kind: 'regression' | 'classification';
  /** Allowed interval (regression). */
  low: number;
  high: number;
  /** Indices into the test rows. */
  below: number[];
  above: number[];
  invalid: number[];
  minPred: number;
  maxPred: number;
  n: number;
}

function targetRange(ctx: EvalContext): { min: number; max: number } | null {
  if (ctx.input.targetRange) return ctx.input.targetRange;
  const y = ctx.input.train?.y;
  if (!y || y.length === 0) return null;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < y.length; i++) {
    if (y[i]! < min) min = y[i]!;
    if (y[i]! > max) max = y[i]!;
  }
  return { min, max };
}

export const predictionsOutOfRange: EvalCheck<OutOfRangeValue> = {
  id: 'predictions_out_of_range',
  description: 'predictions outside the range the target ever had (or invalid class probabilities)',
  defaults: { margin: 0, error_share: 0.05 },
  thresholdDocs: {
    margin: 'allowed overshoot beyond the training target range, as a share of that range',
    error_share: 'share of out-of-range test predictions that raises an error (any raises a warning)',
  },
  applies: (ctx) => ctx.task !== 'regression' || targetRange(ctx) !== null,
  compute(ctx, t) {
    const { pred, proba } = ctx.test;
    const n = pred.length;
    const below: number[] = [];
    const above: number[] = [];
    const invalid: number[] = [];
    let minPred = Number.POSITIVE_INFINITY;
    let maxPred = Number.NEGATIVE_INFINITY;
    if (ctx.task === 'regression') {
      const r = targetRange(ctx)!;
      const span = r.max - r.min;
      const low = r.min - t.margin! * span;
      const high = r.max + t.margin! * span;
      for (let i = 0; i < n; i++) {
        const p = pred[i]!;
        if (!Number.isFinite(p)) invalid.push(i);
        else {
          if (p < minPred) minPred = p;
          if (p > maxPred) maxPred = p;
          if (p < low) below.push(i);
          else if (p > high) above.push(i);
        }
      }
      return { kind: 'regression', low, high, below, above, invalid, minPred, maxPred, n };
    }
    const K = ctx.K;
    for (let i = 0; i < n; i++) {
      const p = pred[i]!;
      let bad = !(Number.isInteger(p) && p >= 0 && p < K);
      if (proba && !bad) {
        let s = 0;
        for (let k = 0; k < K; k++) {
          const q = proba[i * K + k]!;
          if (!(q >= 0 && q <= 1)) bad = true;
          s += q;
        }
        if (!(Math.abs(s - 1) <= 1e-6)) bad = true;
      }
      if (bad) invalid.push(i);
    }
    return { kind: 'classification', low: 0, high: 1, below, above, invalid, minPred: 0, maxPred: 1, n };
  },
  condition(v, t, ctx): Finding[] {
    const rowsOf = (idx: number[]) => idx.map((i) => ctx.input.test.rows[i]!);
    const out: Finding[] = [];
    if (v.invalid.length > 0) {
      out.push(
        finding({
          check: 'predictions_out_of_range',
          severity: 'error',
          rows: rowsOf(v.invalid),
          value: v.invalid.length / v.n,
          threshold: 0,
          message:
            v.kind === 'regression'
              ? `${v.invalid.length} test predictions are not finite numbers`
              : `${v.invalid.length} test predictions are not a valid class or have probabilities outside [0, 1] or not summing to 1`,
          fix: 'the model or its artifact is broken: retrain it and check the input encoding',
          evidence: { kind: 'invalid' },
        }),
      );
    }
    const bad = [...v.below, ...v.above].sort((a, b) => a - b);
    if (bad.length > 0) {
      const share = bad.length / v.n;
      const error = share >= t.error_share!;
      out.push(
        finding({
          check: 'predictions_out_of_range',
          severity: error ? 'error' : 'warning',
          rows: rowsOf(bad),
          value: share,
          threshold: error ? t.error_share! : 0,
          message: `${bad.length} of ${v.n} test predictions (${pct(share)}) fall outside [${fmt(v.low)}, ${fmt(v.high)}], the range the target had in training (predictions span ${fmt(v.minPred)} to ${fmt(v.maxPred)})`,
          fix: 'clip predictions to the physical range, model a transformed target (log for positive values), or use a learner that cannot extrapolate (trees)',
          evidence: {
            below: v.below.length,
            above: v.above.length,
            low: v.low,
            high: v.high,
            minPred: v.minPred,
            maxPred: v.maxPred,
          },
        }),
      );
    }
    return out;
  },
};
