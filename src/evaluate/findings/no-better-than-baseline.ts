/**
 * `no_better_than_baseline`: the model barely beats (or loses to) the dummy model (class prior / mean),
 * loses to a simple model fitted on the same training rows (logistic or ridge regression, a depth-3
 * tree), or loses to a benchmark model given with `--benchmark`.
 */

import { takeMatrix } from '../../automl/cv.js';
import { InputError } from '../../errors.js';
import { type Finding, finding } from '../../report/finding.js';
import { degradation, type EvalContext, fitSimple, scoreWith, skill } from '../context.js';
import { type EvalCheck, fmt, pct } from './check.js';
import { nestedSubsets } from './learning-curve.js';

export interface Competitor {
  name: string;
  score: number;
  /** Relative degradation of the model against this competitor (positive: the model is worse). */
  modelWorseBy: number;
  error?: string;
}

export interface BaselineValue {
  model: number;
  dummy: number;
  /** Skill of the model over the dummy: share of the dummy-to-perfect room the model covers. */
  skillOverDummy: number;
  simple: Competitor[];
  benchmark: Competitor | null;
}

function simpleModels(
  ctx: EvalContext,
): { name: string; learner: string; params: Record<string, unknown> }[] {
  const linear =
    ctx.task === 'regression'
      ? { name: 'ridge regression', learner: 'ridge', params: {} }
      : { name: 'logistic regression', learner: 'logistic_regression', params: { tol: 1e-6, max_iter: 300 } };
  return [linear, { name: 'decision tree (depth 3)', learner: 'decision_tree', params: { max_depth: 3 } }];
}

export const noBetterThanBaseline: EvalCheck<BaselineValue> = {
  id: 'no_better_than_baseline',
  description: 'model no better than the dummy model, a simple model or the benchmark',
  defaults: { min_skill: 0.05, simple_margin: 0.01, benchmark_margin: 0 },
  thresholdDocs: {
    min_skill:
      'error when the model covers less than this share of the room between the dummy score and a perfect score',
    simple_margin: 'warning when a simple model beats the model by more than this relative margin',
    benchmark_margin: 'warning when the benchmark beats the model by more than this relative margin',
  },
  applies: () => true,
  compute(ctx) {
    const { input } = ctx;
    const simple: Competitor[] = [];
    if (input.train) {
      const tr = input.train;
      const cap = input.budget?.simpleModelRows ?? 5000;
      const idx =
        tr.y.length > cap
          ? nestedSubsets(tr.y, [cap / tr.y.length], ctx.task !== 'regression', input.seed)[0]!
          : null;
      const X = idx ? takeMatrix(tr.X, idx) : tr.X;
      const y = idx ? Float64Array.from(idx, (i) => tr.y[i]!) : tr.y;
      for (const s of simpleModels(ctx)) {
        try {
          const p = fitSimple(s.learner, s.params, ctx.task, ctx.K, X, y, input.seed);
          const score = scoreWith(ctx, p, input.test.X, input.test.y);
          simple.push({ name: s.name, score, modelWorseBy: degradation(ctx.metric, score, ctx.testScore) });
        } catch (e) {
          if (!(e instanceof InputError)) throw e;
          simple.push({
            name: s.name,
            score: Number.NaN,
            modelWorseBy: Number.NaN,
            error: (e as Error).message,
          });
        }
      }
    }
    let benchmark: Competitor | null = null;
    if (input.benchmark) {
      const score = scoreWith(
        ctx,
        input.benchmark.predictor,
        input.benchmark.X ?? input.test.X,
        input.test.y,
      );
      benchmark = {
        name: input.benchmark.name,
        score,
        modelWorseBy: degradation(ctx.metric, score, ctx.testScore),
      };
    }
    return {
      model: ctx.testScore,
      dummy: ctx.dummyScore,
      skillOverDummy: skill(ctx.metric, ctx.testScore, ctx.dummyScore),
      simple,
      benchmark,
    };
  },
  condition(v, t, ctx): Finding[] {
    const out: Finding[] = [];
    const m = ctx.metric.name;
    const evidence = {
      metric: m,
      model: v.model,
      dummy: v.dummy,
      skillOverDummy: v.skillOverDummy,
      simple: v.simple.map((s) => ({ name: s.name, score: s.score, ...(s.error ? { error: s.error } : {}) })),
      ...(v.benchmark ? { benchmark: { name: v.benchmark.name, score: v.benchmark.score } } : {}),
    };
    if (!Number.isFinite(v.skillOverDummy) || v.skillOverDummy < t.min_skill!) {
      out.push(
        finding({
          check: 'no_better_than_baseline',
          severity: 'error',
          value: Number.isFinite(v.skillOverDummy) ? v.skillOverDummy : null,
          threshold: t.min_skill!,
          message: `${m} is ${fmt(v.model)} against ${fmt(v.dummy)} for a dummy model that ignores the features: the model covers ${
            Number.isFinite(v.skillOverDummy) ? pct(v.skillOverDummy) : 'none'
          } of the room to a perfect score`,
          fix: 'check that the features carry signal (target leakage removed, right target column), and that training rows resemble the test rows',
          evidence,
        }),
      );
    }
    const beaten = v.simple
      .filter((s) => Number.isFinite(s.modelWorseBy) && s.modelWorseBy > t.simple_margin!)
      .sort((a, b) => b.modelWorseBy - a.modelWorseBy);
    if (beaten.length > 0) {
      const s = beaten[0]!;
      out.push(
        finding({
          check: 'no_better_than_baseline',
          severity: 'warning',
          value: s.modelWorseBy,
          threshold: t.simple_margin!,
          message: `a ${s.name} fitted on the same rows scores ${m} ${fmt(s.score)} against the model's ${fmt(v.model)} (${pct(s.modelWorseBy)} better)`,
          fix: `prefer the simpler model, or widen the search (the chosen configuration underperforms a ${s.name})`,
          evidence: { ...evidence, against: s.name },
        }),
      );
    }
    if (
      v.benchmark &&
      Number.isFinite(v.benchmark.modelWorseBy) &&
      v.benchmark.modelWorseBy > t.benchmark_margin!
    ) {
      out.push(
        finding({
          check: 'no_better_than_baseline',
          severity: 'warning',
          value: v.benchmark.modelWorseBy,
          threshold: t.benchmark_margin!,
          message: `benchmark ${v.benchmark.name} scores ${m} ${fmt(v.benchmark.score)} against the model's ${fmt(v.model)} on the same rows (${pct(v.benchmark.modelWorseBy)} better)`,
          fix: 'keep the benchmark model, or find out what it does better (features, learner, tuning)',
          evidence: { ...evidence, against: v.benchmark.name },
        }),
      );
    }
    return out;
  },
};
