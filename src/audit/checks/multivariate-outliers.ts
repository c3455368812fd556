/**
 * multivariate_outliers: rows unlike the rest taken as a whole, found by an isolation forest (100 trees,
 * 256 rows each, seeded; stats/isolation-forest.ts) over every feature of the in-memory frame: numbers
 * with missing values set to the median, categories as the share of rows holding them.
 *
 * With 2 to 100 continuous features (numbers with more than 10 distinct values), the forest sees them
 * through the principal axes of their standardized values rather than as they are (categories and
 * numbers with few values are kept as they are): a combination that breaks the usual relation between
 * columns (each value in range, together impossible) lies far out on a minor axis, where an
 * axis-parallel split isolates it at once. The axis on which a flagged row is most extreme names the
 * columns involved, after any column where the row holds a value shared by under 1% of rows.
 *
 * Rows with anomaly score s >= `score` (default 0.65; s is about 0.5 or less for ordinary rows, and on
 * the bundled real datasets at most a few rows in a thousand reach 0.65) are listed; the finding is a
 * warning when some row reaches `warning_score` (0.7), info otherwise.
 */
import { column } from '../../data/frame.js';
import { type Finding, finding } from '../../report/finding.js';
import type { Check } from '../check.js';
import { num, plural, sampleClause } from '../stats/context.js';
import { encodeNumeric } from '../stats/encode.js';
import { isolationScoresOffThread } from '../stats/isolation-offload.js';
import { type PrincipalAxes, principalScores } from '../stats/pca.js';

/** Rotate to principal axes up to this many continuous features. */
export const MAX_ROTATED_FEATURES = 100;
/** Numeric columns with at least this many distinct values count as continuous. */
const MIN_CONTINUOUS_VALUES = 11;
/** Rows explained in the evidence. */
const EXPLAINED = 10;

export interface OutlierRow {
  row: number;
  score: number;
  /** Columns that make the row unusual, most involved first. */
  columns: string[];
}

export interface MultivariateOutliers {
  /** Anomaly score per frame row. */
  scores: Float64Array;
  rowNumbers: Int32Array;
  rotated: boolean;
  /** The highest-scoring rows, explained. */
  top: OutlierRow[];
}

export const multivariateOutliers: Check<MultivariateOutliers> = {
  id: 'multivariate_outliers',
  description:
    'Rows unlike the rest as a whole (isolation forest on the features), including impossible combinations of in-range values.',
  defaults: { score: 0.65, warning_score: 0.7 },
  applies: (ctx) => ctx.features.length >= 2 && ctx.frame.nRows >= 32,
  inMemory: true,
  async compute(ctx) {
    const n = ctx.frame.nRows;
    const raw = encodeNumeric(ctx.frame, ctx.features);
    // Continuous columns are rotated together; categories and numbers with few values stay as they are.
    const continuous: number[] = [];
    const discrete: number[] = [];
    ctx.features.forEach((name, j) => {
      const c = column(ctx.frame, name);
      (c.kind === 'numeric' && hasManyValues(c.values, MIN_CONTINUOUS_VALUES) ? continuous : discrete).push(
        j,
      );
    });
    const rotated = continuous.length >= 2 && continuous.length <= MAX_ROTATED_FEATURES;
    const axes = rotated
      ? principalScores(
          continuous.map((j) => raw[j]!),
          n,
        )
      : null;
    const input = axes ? [...axes.scores, ...discrete.map((j) => raw[j]!)] : raw;
    // On a worker thread for large frames: the audit's database checks run meanwhile.
    const scores = await isolationScoresOffThread(input, n, { trees: 100, sampleSize: 256, seed: ctx.seed });
    const order = highest(scores, EXPLAINED);
    const spread = axes ? null : robustSpread(raw);
    const top = order.map((i) => ({
      row: ctx.frame.rowNumbers[i]!,
      score: scores[i]!,
      columns: axes
        ? [
            ...rareValues(raw, discrete, i, ctx.features),
            ...explainOnAxes(
              axes,
              i,
              continuous.map((j) => ctx.features[j]!),
            ),
          ].slice(0, 4)
        : explainRaw(raw, spread!, i, ctx.features),
    }));
    return { scores, rowNumbers: ctx.frame.rowNumbers, rotated, top };
  },
  condition(d, t, ctx) {
    const flagged: number[] = [];
    let max = 0;
    for (let i = 0; i < d.scores.length; i++) {
      const s = d.scores[i]!;
      if (s > max) max = s;
      if (s >= t.score!) flagged.push(d.rowNumbers[i]!);
    }
    if (flagged.length === 0) return [];
    const top = d.top.filter((r) => r.score >= t.score!);
    const columns = [...new Set(top.flatMap((r) => r.columns))];
    const first = top[0]!;
    const out: Finding[] = [
      finding({
        check: 'multivariate_outliers',
        severity: max >= t.warning_score! ? 'warning' : 'info',
        columns,
        rows: flagged,
        count: flagged.length,
        value: max,
        threshold: t.score!,
        message: `${plural(flagged.length, 'row')} ${flagged.length === 1 ? 'is' : 'are'} unlike the rest (isolation forest score >= ${t.score}${sampleClause(ctx)}); most unusual: row ${first.row} (score ${num(first.score, 3)}, in ${first.columns.join(', ')})`,
        fix: 'Inspect these rows: correct entry or unit errors, drop impossible records; keep genuine rare cases (and consider a robust model), never drop them only for being rare.',
        evidence: {
          top: top.map((r) => ({ row: r.row, score: Number(r.score.toFixed(4)), columns: r.columns })),
          method: d.rotated ? 'isolation forest on principal axes' : 'isolation forest on features',
          trees: 100,
          sampleSize: 256,
          sampled: ctx.sampled,
        },
      }),
    ];
    return out;
  },
};

/** Indices of the k highest scores, highest first (ties: lower index first), in one pass. */
export function highest(scores: Float64Array, k: number): number[] {
  const top: number[] = [];
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i]!;
    if (top.length === k && s <= scores[top[k - 1]!]!) continue;
    // Insert after every kept index with a score at least s (they are earlier rows or higher scores).
    let at = top.length;
    while (at > 0 && scores[top[at - 1]!]! < s) at--;
    top.splice(at, 0, i);
    if (top.length > k) top.pop();
  }
  return top;
}

/** The features loading most on the principal axis where row i is most extreme (in standard deviations). */
function explainOnAxes(axes: PrincipalAxes, i: number, names: string[]): string[] {
  const p = axes.kept.length;
  let best = 0;
  let bestZ = -1;
  for (let k = 0; k < axes.scores.length; k++) {
    const sd = Math.sqrt(Math.max(axes.variances[k]!, 1e-12));
    const z = Math.abs(axes.scores[k]![i]!) / sd;
    if (z > bestZ) {
      bestZ = z;
      best = k;
    }
  }
  const weights = axes.kept
    .map((c, j) => ({ name: names[c]!, w: Math.abs(axes.loadings[j * p + best]!) }))
    .sort((a, b) => b.w - a.w);
  const chosen = weights.filter((x, k) => k < 2 || (k < 4 && x.w >= 0.3));
  return chosen.map((x) => x.name);
}

function hasManyValues(values: Float64Array, k: number): boolean {
  const seen = new Set<number>();
  for (let i = 0; i < values.length; i++) {
    seen.add(values[i]!);
    if (seen.size >= k) return true;
  }
  return false;
}

/** Discrete columns where row i holds a value shared by under 1% of rows. */
function rareValues(raw: Float64Array[], discrete: number[], i: number, names: string[]): string[] {
  const out: string[] = [];
  for (const j of discrete) {
    const col = raw[j]!;
    const v = col[i]!;
    let same = 0;
    for (let k = 0; k < col.length; k++) if (col[k] === v) same++;
    if (same < 0.01 * col.length) out.push(names[j]!);
  }
  return out;
}

/** Median and median absolute deviation of each column. */
function robustSpread(raw: Float64Array[]): { med: number; mad: number }[] {
  return raw.map((col) => {
    const sorted = Float64Array.from(col).sort();
    const med = sorted[sorted.length >> 1]!;
    const dev = Float64Array.from(col, (v) => Math.abs(v - med)).sort();
    return { med, mad: dev[dev.length >> 1]! || 1e-12 };
  });
}

/** Features where row i is furthest from the median, in median absolute deviations. */
function explainRaw(
  raw: Float64Array[],
  spread: { med: number; mad: number }[],
  i: number,
  names: string[],
): string[] {
  const z = raw.map((col, j) => ({
    name: names[j]!,
    z: Math.abs(col[i]! - spread[j]!.med) / spread[j]!.mad,
  }));
  return z
    .sort((a, b) => b.z - a.z)
    .slice(0, 3)
    .map((x) => x.name);
}
