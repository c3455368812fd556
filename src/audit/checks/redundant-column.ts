/**
 * redundant_column: a feature that is a deterministic function of another. Two kinds are found:
 *  - linear: numeric B = slope * A + intercept with Pearson |r| >= `min_r` (default 0.9999), e.g. a
 *    charge computed as minutes times a rate, or a temperature in two units. The line is fitted robustly
 *    (stats/linear.ts): up to `max_breaking_share` (default 1%) of rows may lie far off it, and are
 *    listed as the rows that break the relation (likely entry errors in one of the two columns);
 *  - functional: each value of A goes with one value of B (Goodman-Kruskal lambda of B given A at
 *    least `min_lambda`, default 0.999), tested only where A repeats (A has at most half as many distinct
 *    values as rows and at least 20 rows share an A value with another row), and where B is not nearly
 *    constant (at least 10 rows outside B's most common value). Both directions holding means the two
 *    columns are relabelings of each other.
 * Pairs are screened on the in-memory frame; functional dependencies are then measured in SQL over every
 * row, and the rows that break one are listed. Linear and one-to-one pairs are warnings, a one-way
 * dependency (B is a coarser grouping of A, e.g. a city and its region) is info.
 */
import { ident } from '../../data/db.js';
import { column } from '../../data/frame.js';
import { ROW } from '../../data/load.js';
import { type Finding, finding } from '../../report/finding.js';
import type { AuditContext, Check, Thresholds } from '../check.js';
import { num, percent, plural, sampleClause } from '../stats/context.js';
import { type Coded, denseCodes, screenDependency } from '../stats/functional-dependency.js';
import { LINEAR_DEFAULTS, linearRelation, strongPearsonPairs } from '../stats/linear.js';

export interface LinearRelation {
  kind: 'linear';
  /** B = slope * A + intercept. */
  a: string;
  b: string;
  /** Pearson r on the rows that follow the line. */
  r: number;
  slope: number;
  intercept: number;
  maxResidual: number;
  rows: number;
  /** Rows far off the line (frame row numbers, at most 1000) and their number. */
  breaking: number[];
  breakingCount: number;
}

export interface FunctionalRelation {
  kind: 'functional';
  a: string;
  b: string;
  /** Over every row, in SQL. */
  rows: number;
  levelsA: number;
  levelsB: number;
  violations: number;
  lambda: number;
  /** True when B also determines A (at the same strength threshold). */
  oneToOne: boolean;
  lambdaBack: number;
  /** Rows whose B differs from the usual B of their A (at most 1000). */
  breaking: number[];
}

export type Relation = LinearRelation | FunctionalRelation;

/** Pairs are screened at these looser levels so threshold overrides down to them still work. */
const SCREEN_PEARSON = 0.99;
const SCREEN_R = 0.999;
const SCREEN_BREAKING = 0.05;
const SCREEN_LAMBDA = 0.99;

export const redundantColumn: Check<Relation[]> = {
  id: 'redundant_column',
  description: 'Features that are a deterministic function of another feature (linear, or value by value).',
  defaults: {
    min_r: LINEAR_DEFAULTS.minR,
    max_breaking_share: LINEAR_DEFAULTS.maxBreakShare,
    min_lambda: 0.999,
  },
  applies: (ctx) => ctx.features.length >= 2,
  async compute(ctx, t) {
    const linear = linearRelations(
      ctx,
      Math.min(t?.min_r ?? SCREEN_R, SCREEN_R),
      Math.max(t?.max_breaking_share ?? 0, SCREEN_BREAKING),
    );
    const linked = new Set(linear.map((l) => key(l.a, l.b)));
    const functional = await functionalRelations(
      ctx,
      Math.min(t?.min_lambda ?? SCREEN_LAMBDA, SCREEN_LAMBDA),
      linked,
    );
    return [...linear, ...functional];
  },
  condition(relations, t, ctx) {
    const out: Finding[] = [];
    for (const rel of relations) {
      if (rel.kind === 'linear') {
        if (Math.abs(rel.r) < t.min_r! || rel.breakingCount > t.max_breaking_share! * rel.rows) continue;
        out.push(linearFinding(rel, t, ctx));
      } else {
        if (!(rel.lambda >= t.min_lambda!)) continue;
        out.push(functionalFinding(rel, t));
      }
    }
    return out;
  },
};

function key(a: string, b: string): string {
  return a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
}

function linearRelations(ctx: AuditContext, minR: number, maxBreaking: number): LinearRelation[] {
  const names = ctx.features.filter((n) => column(ctx.frame, n).kind === 'numeric');
  const cols = names.map((n) => (column(ctx.frame, n) as { values: Float64Array }).values);
  const out: LinearRelation[] = [];
  for (const [i, j] of strongPearsonPairs(cols, SCREEN_PEARSON)) {
    const line = linearRelation(cols[i]!, cols[j]!, minR, maxBreaking);
    if (!line) continue;
    const breaking = Array.from(line.outliers.subarray(0, 1000), (k) => ctx.frame.rowNumbers[k]!);
    out.push({
      kind: 'linear',
      a: names[i]!,
      b: names[j]!,
      r: line.r,
      slope: line.slope,
      intercept: line.intercept,
      maxResidual: line.maxResidual,
      rows: line.n,
      breaking,
      breakingCount: line.outliers.length,
    });
  }
  return out;
}

/** Ordered pairs (A, B) that pass the screen on the frame, then measured in SQL on every row. */
async function functionalRelations(
  ctx: AuditContext,
  minLambda: number,
  skip: Set<string>,
): Promise<FunctionalRelation[]> {
  const names = ctx.features;
  const coded: Coded[] = names.map((n) => denseCodes(column(ctx.frame, n)));
  const seen = new Int32Array(Math.max(1, ...coded.map((c) => c.levels)));
  const candidates: [number, number][] = [];
  for (let i = 0; i < names.length; i++) {
    const a = coded[i]!;
    if (a.levels < 2 || a.levels > a.present / 2) continue;
    for (let j = 0; j < names.length; j++) {
      if (i === j || skip.has(key(names[i]!, names[j]!))) continue;
      const b = coded[j]!;
      if (b.levels < 2 || b.present - b.modeCount < 10) continue;
      // Violations allowed by the weakest lambda the threshold accepts, plus slack for the first-seen screen.
      const budget = Math.floor((1 - minLambda) * (b.present - b.modeCount) * 2) + 1;
      if (screenDependency(a, b, budget, seen)) candidates.push([i, j]);
    }
  }
  const measured = new Map<string, FunctionalRelation>();
  for (const [i, j] of candidates) {
    const rel = await measure(ctx, names[i]!, names[j]!);
    if (rel) measured.set(`${names[i]}\u0000${names[j]}`, rel);
  }
  const out: FunctionalRelation[] = [];
  const done = new Set<string>();
  for (const rel of measured.values()) {
    if (rel.lambda < minLambda) continue;
    const back = measured.get(`${rel.b}\u0000${rel.a}`);
    if (back && back.lambda >= minLambda) {
      if (done.has(key(rel.a, rel.b))) continue;
      done.add(key(rel.a, rel.b));
      // Report the pair once, from the column with more values (or the earlier one) to the other.
      const [from, other] = rel.levelsA >= back.levelsA ? [rel, back] : [back, rel];
      const breaking = mergeRows(from.breaking, other.breaking);
      const exact = from.breaking.length < 1000 && other.breaking.length < 1000;
      const violations = exact ? breaking.length : Math.max(from.violations, other.violations);
      out.push({ ...from, oneToOne: true, lambdaBack: other.lambda, breaking, violations });
    } else out.push(rel);
  }
  return out;
}

function mergeRows(a: number[], b: number[]): number[] {
  return [...new Set([...a, ...b])].sort((x, y) => x - y).slice(0, 1000);
}

/** A -> B over every row in SQL; null when the dependency is not supported there. */
async function measure(ctx: AuditContext, a: string, b: string): Promise<FunctionalRelation | null> {
  const db = ctx.table.db;
  const A = ident(a);
  const B = ident(b);
  const pairs = `SELECT ${A} AS a, ${B} AS b, count(*) AS c FROM ${ident(ctx.view)} WHERE ${A} IS NOT NULL AND ${B} IS NOT NULL GROUP BY ALL`;
  const s = (await db.one(
    `WITH ab AS (${pairs}),
       ga AS (SELECT a, sum(c) AS n, max(c) AS m FROM ab GROUP BY a),
       gb AS (SELECT b, sum(c) AS n FROM ab GROUP BY b)
     SELECT (SELECT sum(n) FROM ga) AS n, (SELECT sum(n - m) FROM ga) AS viol, (SELECT count(*) FROM ga) AS la,
       (SELECT coalesce(sum(n), 0) FROM ga WHERE n >= 2) AS supported, (SELECT max(n) FROM gb) AS modeb, (SELECT count(*) FROM gb) AS lb`,
  ))!;
  const n = Number(s.n);
  const la = Number(s.la);
  const base = n - Number(s.modeb);
  if (la < 2 || la > n / 2 || Number(s.supported) < 20 || base < 10) return null;
  const violations = Number(s.viol);
  const lambda = 1 - violations / base;
  let breaking: number[] = [];
  if (violations > 0) {
    const rows = await db.rows(
      `WITH ab AS (${pairs}), usual AS (SELECT a, first(b ORDER BY c DESC, b) AS ub FROM ab GROUP BY a)
       SELECT v.${ROW} AS r FROM ${ident(ctx.view)} v JOIN usual u ON v.${A} = u.a
       WHERE v.${B} IS NOT NULL AND v.${B} <> u.ub ORDER BY r LIMIT 1000`,
    );
    breaking = rows.map((x) => Number(x.r));
  }
  return {
    kind: 'functional',
    a,
    b,
    rows: n,
    levelsA: la,
    levelsB: Number(s.lb),
    violations,
    lambda,
    oneToOne: false,
    lambdaBack: Number.NaN,
    breaking,
  };
}

function linearFinding(rel: LinearRelation, t: Thresholds, ctx: AuditContext): Finding {
  const sign = rel.intercept < 0 ? '-' : '+';
  const formula = `${rel.b} = ${num(rel.slope, 6)} × ${rel.a} ${sign} ${num(Math.abs(rel.intercept), 4)}`;
  const exceptions =
    rel.breakingCount > 0 ? `, except in ${plural(rel.breakingCount, 'row')} far off the line` : '';
  return finding({
    check: 'redundant_column',
    severity: 'warning',
    columns: [rel.a, rel.b],
    rows: rel.breaking,
    count: rel.breakingCount,
    value: rel.r,
    threshold: t.min_r!,
    message: `${rel.b} is a linear function of ${rel.a}: ${formula} (Pearson r = ${rel.r.toFixed(6)}${sampleClause(ctx)})${exceptions}`,
    fix:
      `Keep one of the two (e.g. drop ${rel.b}): the copy adds no information, splits feature importance between the pair and makes linear models unstable.` +
      (rel.breakingCount > 0
        ? ' Check the rows that break the relation: one of the two values is likely wrong.'
        : ''),
    evidence: {
      kind: 'linear',
      slope: rel.slope,
      intercept: rel.intercept,
      r: rel.r,
      maxResidual: rel.maxResidual,
      rows: rel.rows,
      breaking: rel.breakingCount,
    },
  });
}

function functionalFinding(rel: FunctionalRelation, t: Thresholds): Finding {
  const exceptions =
    rel.violations > 0
      ? ` except in ${plural(rel.violations, 'row')} (${percent(rel.violations / rel.rows)})`
      : '';
  const message = rel.oneToOne
    ? `${rel.a} and ${rel.b} are relabelings of each other: each value of one goes with a single value of the other${exceptions}`
    : `${rel.b} is determined by ${rel.a}: each of its ${rel.levelsA.toLocaleString('en-US')} values goes with a single ${rel.b}${exceptions}`;
  return finding({
    check: 'redundant_column',
    severity: rel.oneToOne ? 'warning' : 'info',
    columns: [rel.a, rel.b],
    rows: rel.breaking,
    count: rel.violations,
    value: rel.lambda,
    threshold: t.min_lambda!,
    message,
    fix: rel.oneToOne
      ? `Keep one of the two (e.g. drop ${rel.b}); if the rows that break the mapping are errors, correct them.`
      : `${rel.b} adds nothing a model cannot learn from ${rel.a}: drop one (${rel.b} if ${rel.a} is kept); if the rows that break the mapping are errors, correct them.`,
    evidence: {
      kind: rel.oneToOne ? 'one_to_one' : 'functional',
      lambda: rel.lambda,
      lambdaBack: Number.isNaN(rel.lambdaBack) ? null : rel.lambdaBack,
      rows: rel.rows,
      levels: { [rel.a]: rel.levelsA, [rel.b]: rel.levelsB },
      violations: rel.violations,
    },
  });
}
