/**
 * `unstable`: the score moves a lot between cross-validation folds, or between refits of the same
 * configuration with different seeds. Spreads are population standard deviations expressed as a share of
 * the room between the dummy score and a perfect score, so they read the same for every metric.
 */
import { type Finding, finding } from '../../report/finding.js';
import { type EvalContext, scoreWith, spreadShare } from '../context.js';
import { type EvalCheck, fmt, pct } from './check.js';

export interface UnstableValue {
  foldScores: number[];
  foldStd: number | null;
  foldShare: number | null;
  seedScores: number[];
  seedStd: number | null;
  seedShare: number | null;
}

function std(xs: number[]): number {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length);
}

const refits = (ctx: EvalContext) => ctx.input.budget?.refits ?? 3;

export const unstable: EvalCheck<UnstableValue> = {
  id: 'unstable',
  description: 'score spread across cross-validation folds and across reseeded refits',
  defaults: { fold_std: 0.1, seed_std: 0.05 },
  thresholdDocs: {
    fold_std: 'std of fold scores, as a share of the dummy-to-perfect range, that raises a warning',
    seed_std:
      'std of test scores over reseeded refits, as a share of the dummy-to-perfect range, that raises a warning',
  },
  applies: (ctx) =>
    (ctx.input.cv?.scores.length ?? 0) >= 2 ||
    (ctx.input.refit !== undefined && ctx.input.train !== undefined && refits(ctx) > 0),
  compute(ctx) {
    const foldScores = (ctx.input.cv?.scores ?? []).filter((s) => Number.isFinite(s));
    const foldStd = foldScores.length >= 2 ? std(foldScores) : null;
    const seedScores: number[] = [];
    const { refit, train, seed } = ctx.input;
    if (refit && train && refits(ctx) > 0) {
      seedScores.push(ctx.testScore);
      for (let r = 1; r <= refits(ctx); r++) {
        ctx.input.onProgress?.('unstable: reseeded refits', r - 1, refits(ctx));
        const p = refit(train.X, train.y, seed + r);
        seedScores.push(scoreWith(ctx, p, ctx.input.test.X, ctx.input.test.y));
      }
    }
    const finite = seedScores.filter((s) => Number.isFinite(s));
    const seedStd = finite.length >= 2 ? std(finite) : null;
    return {
      foldScores,
      foldStd,
      foldShare: foldStd === null ? null : spreadShare(ctx, foldStd),
      seedScores,
      seedStd,
      seedShare: seedStd === null ? null : spreadShare(ctx, seedStd),
    };
  },
  condition(v, t, ctx): Finding[] {
    const out: Finding[] = [];
    const m = ctx.metric.name;
    if (v.foldShare !== null && v.foldShare >= t.fold_std!) {
      out.push(
        finding({
          check: 'unstable',
          severity: 'warning',
          value: v.foldShare,
          threshold: t.fold_std!,
          message: `${m} varies across cross-validation folds (${v.foldScores.map(fmt).join(', ')}; std ${fmt(v.foldStd!)}, ${pct(v.foldShare)} of the dummy-to-perfect range): one split's score says little`,
          fix: 'use more folds or repeated cross-validation, get more rows, or choose a less variable model (more regularization, bagging)',
          evidence: { metric: m, kind: 'folds', scores: v.foldScores, std: v.foldStd },
        }),
      );
    }
    if (v.seedShare !== null && v.seedShare >= t.seed_std!) {
      out.push(
        finding({
          check: 'unstable',
          severity: 'warning',
          value: v.seedShare,
          threshold: t.seed_std!,
          message: `refitting with other seeds moves test ${m} a lot (${v.seedScores.map(fmt).join(', ')}; std ${fmt(v.seedStd!)}, ${pct(v.seedShare)} of the dummy-to-perfect range)`,
          fix: 'average several seeds (more trees, bagging) or lower the randomness (subsampling, feature sampling)',
          evidence: { metric: m, kind: 'seeds', scores: v.seedScores, std: v.seedStd },
        }),
      );
    }
    return out;
  },
};
