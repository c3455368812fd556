/**
 * `learning_curve`: refit the chosen configuration on growing, nested, class-stratified subsets of the
 * training rows and score each on the test rows. When the score still climbs at full size (gain per
 * doubling of rows, from a least-squares line through the last three points against log2 of the size), more
 * data would likely help.
 */
import { takeMatrix } from '../../automl/cv.js';
import { type Finding, finding } from '../../report/finding.js';
import { permutation } from '../../util/random.js';
import { checkRng, type EvalContext, scoreWith, spreadShare } from '../context.js';
import { type EvalCheck, fmt, pct } from './check.js';

export interface LearningCurvePoint {
  fraction: number;
  rows: number;
  train: number;
  test: number;
}

export interface LearningCurveValue {
  points: LearningCurvePoint[];
  /** Test-score gain per doubling of training rows near full size, in the metric's better direction. */
  gainPerDoubling: number;
  /** The same as a share of the dummy-to-perfect range. */
  gainShare: number;
}

/** Nested stratified subsets: per class (or overall for regression), a seeded order whose prefixes grow. */
export function nestedSubsets(
  y: Float64Array,
  fractions: number[],
  classification: boolean,
  seed: number,
): Int32Array[] {
  const r = checkRng(seed, 'learning_curve');
  const groups = new Map<number, number[]>();
  for (let i = 0; i < y.length; i++) {
    const key = classification ? y[i]! : 0;
    const g = groups.get(key);
    if (g) g.push(i);
    else groups.set(key, [i]);
  }
  const orders = [...groups.keys()]
    .sort((a, b) => a - b)
    .map((k) => {
      const rows = groups.get(k)!;
      const p = permutation(rows.length, r);
      return Array.from(p, (j) => rows[j]!);
    });
  return fractions.map((f) => {
    const idx: number[] = [];
    for (const o of orders) {
      const take = Math.min(
        o.length,
        Math.max(classification ? Math.min(2, o.length) : 1, Math.round(f * o.length)),
      );
      for (let i = 0; i < take; i++) idx.push(o[i]!);
    }
    return Int32Array.from(idx).sort();
  });
}

function slope(xs: number[], ys: number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
  }
  return sxx === 0 ? 0 : sxy / sxx;
}

const fractionsOf = (ctx: EvalContext) => ctx.input.budget?.learningCurve ?? [0.2, 0.4, 0.6, 0.8, 1];

export const learningCurve: EvalCheck<LearningCurveValue> = {
  id: 'learning_curve',
  description: 'test score against training size: whether more data would likely help',
  defaults: { min_gain: 0.02 },
  thresholdDocs: {
    min_gain:
      'test-score gain per doubling of training rows, as a share of the dummy-to-perfect range, above which more data likely helps (info)',
  },
  applies: (ctx) =>
    ctx.input.refit !== undefined &&
    ctx.input.train !== undefined &&
    ctx.input.train.y.length >= 20 &&
    fractionsOf(ctx).length >= 3,
  compute(ctx) {
    const train = ctx.input.train!;
    const fractions = [...fractionsOf(ctx)].sort((a, b) => a - b);
    const subsets = nestedSubsets(train.y, fractions, ctx.task !== 'regression', ctx.input.seed);
    const points: LearningCurvePoint[] = [];
    subsets.forEach((idx, s) => {
      ctx.input.onProgress?.('learning curve', s, subsets.length);
      const X = takeMatrix(train.X, idx);
      const y = Float64Array.from(idx, (i) => train.y[i]!);
      // the full-size point is the model itself (fitted on these rows with this seed): no refit needed
      const p = idx.length === train.y.length ? ctx.input.predictor : ctx.input.refit!(X, y, ctx.input.seed);
      points.push({
        fraction: fractions[s]!,
        rows: idx.length,
        train: scoreWith(ctx, p, X, y),
        test: scoreWith(ctx, p, ctx.input.test.X, ctx.input.test.y),
      });
    });
    const last = points.slice(-3).filter((p) => Number.isFinite(p.test));
    const sign = ctx.metric.direction === 'higher' ? 1 : -1;
    const gainPerDoubling =
      last.length >= 2
        ? sign *
          slope(
            last.map((p) => Math.log2(p.rows)),
            last.map((p) => p.test),
          )
        : Number.NaN;
    return { points, gainPerDoubling, gainShare: spreadShare(ctx, gainPerDoubling) };
  },
  condition(v, t, ctx): Finding[] {
    if (!(v.gainShare >= t.min_gain!)) return [];
    const m = ctx.metric.name;
    return [
      finding({
        check: 'learning_curve',
        severity: 'info',
        value: v.gainShare,
        threshold: t.min_gain!,
        message: `test ${m} still improves with training size (${v.points
          .map((p) => `${p.rows} rows: ${fmt(p.test)}`)
          .join(
            ', ',
          )}; about ${fmt(v.gainPerDoubling)} per doubling, ${pct(v.gainShare)} of the dummy-to-perfect range): more labeled rows would likely help`,
        fix: 'collect and label more rows like these; meanwhile prefer stronger regularization',
        evidence: { metric: m, points: v.points, gainPerDoubling: v.gainPerDoubling },
      }),
    ];
  },
};
