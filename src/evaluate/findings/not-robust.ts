/**
 * `not_robust`: how much the score drops when the test features are perturbed: Gaussian noise of
 * `noise_level` x the feature's std on numeric features (and that share of categorical cells switched to
 * another category), and `missing_share` of all cells set missing. Averaged over repeats; seeded.
 */
import type { FeatureMatrix } from '../../learners/types.js';
import { type Finding, finding } from '../../report/finding.js';
import type { Rng } from '../../util/random.js';
import { checkRng, type EvalContext, scoreWith, spreadShare } from '../context.js';
import { type EvalCheck, fmt, pct } from './check.js';

export interface Perturbation {
  kind: 'noise' | 'missing';
  scores: number[];
  mean: number;
  /** Score drop as a share of the dummy-to-perfect range (positive: worse). */
  drop: number;
  /** The model failed on the perturbed rows (e.g. cannot take missing values). */
  error?: string;
}

export interface RobustValue {
  /** Score of the unperturbed rows (the robustness sample: all test rows or budget.maxExplainRows of them). */
  base: number;
  rows: number;
  perturbations: Perturbation[];
}

function stdOf(c: Float64Array): number {
  let n = 0;
  let s = 0;
  let ss = 0;
  for (let i = 0; i < c.length; i++) {
    const v = c[i]!;
    if (Number.isNaN(v)) continue;
    n++;
    s += v;
    ss += v * v;
  }
  if (n < 2) return 0;
  const m = s / n;
  return Math.sqrt(Math.max(0, ss / n - m * m));
}

export function withNoise(X: FeatureMatrix, level: number, r: Rng): FeatureMatrix {
  const columns = X.columns.map((c, j) => {
    const out = new Float64Array(c.length);
    const cats = X.categories[j];
    if (cats) {
      for (let i = 0; i < c.length; i++) {
        const v = c[i]!;
        if (!Number.isNaN(v) && cats.length > 1 && r.next() < level) {
          const other = r.int(cats.length - 1);
          out[i] = other >= v ? other + 1 : other;
        } else out[i] = v;
      }
      return out;
    }
    const sd = stdOf(c) * level;
    for (let i = 0; i < c.length; i++) out[i] = c[i]! + sd * r.normal();
    return out;
  });
  return { ...X, columns };
}

export function withMissing(X: FeatureMatrix, share: number, r: Rng): FeatureMatrix {
  const columns = X.columns.map((c) => {
    const out = Float64Array.from(c);
    for (let i = 0; i < out.length; i++) if (r.next() < share) out[i] = Number.NaN;
    return out;
  });
  return { ...X, columns };
}

const repeatsOf = (ctx: EvalContext) => Math.max(1, ctx.input.budget?.robustnessRepeats ?? 3);

export const notRobust: EvalCheck<RobustValue> = {
  id: 'not_robust',
  description: 'score drop under feature noise and missing values',
  defaults: { noise_level: 0.1, missing_share: 0.1, warning_drop: 0.05, error_drop: 0.2 },
  thresholdDocs: {
    noise_level:
      'Gaussian noise std as a share of each numeric feature std (and share of categorical cells switched)',
    missing_share: 'share of cells set missing',
    warning_drop:
      'score drop under a perturbation, as a share of the dummy-to-perfect range, that raises a warning',
    error_drop: 'score drop, as a share of the dummy-to-perfect range, that raises an error',
  },
  applies: (ctx) => ctx.input.test.X.columns.length > 0 && Number.isFinite(ctx.testScore),
  compute(ctx, t) {
    const { X, y } = ctx.sample;
    const base = ctx.sample.idx ? scoreWith(ctx, ctx.input.predictor, X, y) : ctx.testScore;
    const perturbations: Perturbation[] = [];
    for (const kind of ['noise', 'missing'] as const) {
      const r = checkRng(ctx.input.seed, `not_robust.${kind}`);
      const scores: number[] = [];
      let error: string | undefined;
      for (let k = 0; k < repeatsOf(ctx); k++) {
        const Z = kind === 'noise' ? withNoise(X, t.noise_level!, r) : withMissing(X, t.missing_share!, r);
        try {
          scores.push(scoreWith(ctx, ctx.input.predictor, Z, y));
        } catch (e) {
          error = (e as Error).message;
          break;
        }
      }
      const finite = scores.filter((s) => Number.isFinite(s));
      const mean = finite.length > 0 ? finite.reduce((a, b) => a + b, 0) / finite.length : Number.NaN;
      perturbations.push({
        kind,
        scores,
        mean,
        drop: spreadShare(ctx, ctx.metric.direction === 'higher' ? base - mean : mean - base),
        ...(error ? { error } : {}),
      });
    }
    return { base, rows: y.length, perturbations };
  },
  condition(v, t, ctx): Finding[] {
    const m = ctx.metric.name;
    const out: Finding[] = [];
    for (const p of v.perturbations) {
      const what =
        p.kind === 'noise'
          ? `noise of ${pct(t.noise_level!)} of each feature's spread`
          : `${pct(t.missing_share!)} of the feature values missing`;
      if (p.error) {
        out.push(
          finding({
            check: 'not_robust',
            severity: 'error',
            value: null,
            threshold: null,
            message: `the model fails with ${what}: ${p.error}`,
            fix: 'add imputation to the pipeline so the model never sees values it cannot handle',
            evidence: { kind: p.kind },
          }),
        );
        continue;
      }
      if (!(p.drop >= t.warning_drop!)) continue;
      const error = p.drop >= t.error_drop!;
      out.push(
        finding({
          check: 'not_robust',
          severity: error ? 'error' : 'warning',
          value: p.drop,
          threshold: error ? t.error_drop! : t.warning_drop!,
          message: `${m} falls from ${fmt(v.base)} to ${fmt(p.mean)} with ${what} (a drop of ${pct(p.drop)} of the dummy-to-perfect range)`,
          fix:
            p.kind === 'noise'
              ? 'the model leans on exact values: regularize more, coarsen sensitive features, or train with noise augmentation'
              : 'train with realistic missing values (or impute them) so the model does not depend on every feature being present',
          evidence: { kind: p.kind, metric: m, base: v.base, scores: p.scores },
        }),
      );
    }
    return out;
  },
};
