/**
 * What each cleaning step buys a model: the cross-validated score of a fixed learner (gbdt with its
 * defaults, seeded) on the data as it is, with each step alone, with every step, and with every step
 * but one. Stratified 5-fold for classification, 5-fold for regression, on the rows that have a target.
 * Steps are fitted on each training fold and applied to its test fold as at prediction time (no row of
 * a test fold is ever dropped), so no information leaks from the test rows. Browser-safe.
 */
import type { StepJSON } from '../artifact/format.js';
import { type Column, type Frame, takeRows } from '../data/frame.js';
import { encodeTarget, rowsWithTarget } from '../data/matrix.js';
import { kFold, stratifiedKFold } from '../data/split.js';
import { InputError } from '../errors.js';
import { accuracy } from '../evaluate/metrics/classification.js';
import { rocAucBinary } from '../evaluate/metrics/ranking.js';
import { r2 } from '../evaluate/metrics/regression.js';
import { gbdt } from '../learners/gbdt/index.js';
import type { FeatureMatrix, Task } from '../learners/types.js';
import { fitPipeline, runSteps } from './pipeline.js';
import { makePlan, type PlanStep } from './plan.js';

export interface Score {
  mean: number;
  std: number;
  folds: number[];
}

export interface StepImpact {
  /** 0-based index of the step in the plan. */
  index: number;
  step: string;
  reason?: string;
  /** Score with only this step. */
  alone: Score;
  /** Score with every step but this one. */
  without: Score;
  /** Points (metric x 100) this step adds on its own: alone - none. */
  gainAlone: number;
  /** Points this step adds within the plan: all - without. */
  gainInPlan: number;
  /** One line a person reads. */
  verdict: string;
}

export interface Impact {
  learner: 'gbdt';
  metric: 'roc_auc' | 'accuracy' | 'r2';
  task: Task;
  folds: number;
  rows: number;
  seed: number;
  none: Score;
  all: Score;
  steps: StepImpact[];
  /** Steps compared with an alternative in the same plan (imputation vs dropping the incomplete training rows). */
  alternatives: Alternative[];
}

export interface Alternative {
  /** Index of the step in the plan. */
  index: number;
  /** The step put in its place. */
  instead: 'drop_missing';
  /** Score of the plan with the alternative. */
  score: Score;
  /** Points the step adds over the alternative: all - score. */
  gain: number;
  verdict: string;
}

const FOLDS = 5;

function summary(folds: number[]): Score {
  const mean = folds.reduce((a, b) => a + b, 0) / folds.length;
  const std = Math.sqrt(folds.reduce((a, b) => a + (b - mean) ** 2, 0) / folds.length);
  return { mean, std, folds };
}

/** Test-frame columns as features aligned to the training frame: same names, categories coded by the training dictionary. */
function matrix(frame: Frame, like: Column[]): FeatureMatrix {
  const byName = new Map(frame.columns.map((c) => [c.name, c]));
  const columns: Float64Array[] = [];
  const categories: (string[] | null)[] = [];
  for (const ref of like) {
    const c = byName.get(ref.name);
    if (!c) throw new InputError(`impact: column '${ref.name}' is missing after the steps on a test fold`);
    if (ref.kind === 'numeric') {
      columns.push(c.kind === 'numeric' ? c.values : new Float64Array(frame.nRows).fill(Number.NaN));
      categories.push(null);
      continue;
    }
    const index = new Map(ref.dictionary.map((d, k) => [d, k]));
    const v = new Float64Array(frame.nRows);
    if (c.kind === 'categorical') {
      const map = c.dictionary.map((d) => index.get(d) ?? Number.NaN);
      for (let i = 0; i < v.length; i++) v[i] = c.codes[i]! < 0 ? Number.NaN : map[c.codes[i]!]!;
    } else v.fill(Number.NaN);
    columns.push(v);
    categories.push(ref.dictionary);
  }
  return { nRows: frame.nRows, columns, names: like.map((c) => c.name), categories };
}

export interface ImpactOptions {
  target: string;
  seed?: number;
  folds?: number;
  /** Called before each configuration is cross-validated. */
  onProgress?: (text: string) => void;
}

/** Cross-validate the plan's steps one at a time and together. `steps` carry options (not fitted params). */
export function planImpact(frame: Frame, steps: PlanStep[], options: ImpactOptions): Impact {
  const { target } = options;
  const seed = options.seed ?? 0;
  const k = options.folds ?? FOLDS;
  if (!frame.columns.some((c) => c.name === target))
    throw new InputError(`--impact needs a target column; '${target}' is not in the data`);
  const enc0 = encodeTarget(frame, target);
  const keep = rowsWithTarget(enc0.y);
  const base = keep.length === frame.nRows ? frame : takeRows(frame, keep);
  const enc = encodeTarget(base, target, enc0.task);
  const task = enc.task;
  const metric: Impact['metric'] = task === 'binary' ? 'roc_auc' : task === 'multiclass' ? 'accuracy' : 'r2';
  const classIndex = new Map(enc.classes.map((c, i) => [c, i]));
  const label = (f: Frame): Float64Array => {
    const t = f.columns.find((c) => c.name === target)!;
    if (task === 'regression') return (t as { values: Float64Array }).values;
    if (t.kind === 'numeric')
      return Float64Array.from(t.values, (x) => classIndex.get(String(x)) ?? Number.NaN);
    return Float64Array.from(t.codes, (c) =>
      c < 0 ? Number.NaN : (classIndex.get(t.dictionary[c]!) ?? Number.NaN),
    );
  };
  const folds = task === 'regression' ? kFold(base.nRows, k, seed) : stratifiedKFold(enc.y, k, seed);
  const nClasses = task === 'regression' ? 0 : enc.classes.length;
  const cache = new Map<string, Score>();

  const score = (use: boolean[], replace?: { index: number; step: PlanStep }): Score => {
    const key = use.map((u) => (u ? '1' : '0')).join('') + (replace ? `:${replace.index}` : '');
    const hit = cache.get(key);
    if (hit) return hit;
    options.onProgress?.(`cross-validating ${use.filter(Boolean).length} of ${steps.length} steps`);
    const plan = makePlan(
      steps.map((s, i) => (replace?.index === i ? replace.step : s)).filter((_, i) => use[i]),
      target,
    );
    const scores: number[] = [];
    for (const fold of folds) {
      const train = takeRows(base, fold.train);
      const test = takeRows(base, fold.test);
      let fitted: StepJSON[] = [];
      let trainOut = train;
      if (plan.steps.length > 0) {
        const r = fitPipeline(train, plan, { target, seed });
        fitted = r.steps;
        trainOut = r.frame;
      }
      const testOut = fitted.length > 0 ? runSteps(test, fitted, 'predict', { target, seed }).frame : test;
      const features = trainOut.columns.filter((c) => c.name !== target);
      if (features.length === 0) throw new InputError('--impact: no feature column left after the steps');
      const ytr = label(trainOut);
      const rows = rowsWithTarget(ytr);
      const Xtr = matrix(rows.length === trainOut.nRows ? trainOut : takeRows(trainOut, rows), features);
      const y = rows.length === trainOut.nRows ? ytr : Float64Array.from(rows, (i) => ytr[i]!);
      const model = gbdt.fit(Xtr, y, { task, nClasses, seed });
      const Xte = matrix(testOut, features);
      const yte = label(testOut);
      if (metric === 'r2') scores.push(r2(yte, model.predict(Xte)));
      else if (metric === 'accuracy') scores.push(accuracy(yte, model.predict(Xte), undefined, nClasses));
      else {
        const p = model.predictProba(Xte);
        scores.push(
          rocAucBinary(
            yte,
            Float64Array.from({ length: Xte.nRows }, (_, i) => p[i * 2 + 1]!),
          ),
        );
      }
    }
    const s = summary(scores);
    cache.set(key, s);
    return s;
  };

  const n = steps.length;
  const none = score(steps.map(() => false));
  const all = score(steps.map(() => true));
  const points = (a: Score, b: Score) => 100 * (a.mean - b.mean);
  const out: StepImpact[] = steps.map((s, i) => {
    const alone = score(steps.map((_, j) => j === i));
    const without = n === 1 ? none : score(steps.map((_, j) => j !== i));
    const gainAlone = points(alone, none);
    const gainInPlan = points(all, without);
    const row: StepImpact = {
      index: i,
      step: s.step,
      alone,
      without,
      gainAlone,
      gainInPlan,
      verdict: verdict(s, gainInPlan, (all.std + without.std) * 50),
    };
    if (s.reason !== undefined) row.reason = s.reason;
    return row;
  });
  // Each imputation against the common alternative: dropping the training rows with missing values.
  const alternatives: Alternative[] = [];
  for (const [i, s] of steps.entries()) {
    if (s.step !== 'impute') continue;
    const cols = Array.isArray(s.options?.columns)
      ? (s.options!.columns as string[])
      : base.columns.map((c) => c.name).filter((c) => c !== target);
    const drop: PlanStep = { step: 'drop_missing', options: { columns: cols } };
    const alt = score(
      steps.map(() => true),
      { index: i, step: drop },
    );
    const gain = points(all, alt);
    alternatives.push({
      index: i,
      instead: 'drop_missing',
      score: alt,
      gain,
      verdict: `${describe(s)} instead of dropping the rows with missing values: ${signed(gain)}${Math.abs(gain) <= Math.max(0.05, (all.std + alt.std) * 25) ? ' (within fold-to-fold noise)' : ''}`,
    });
  }
  return {
    learner: 'gbdt',
    metric,
    task,
    folds: k,
    rows: base.nRows,
    seed,
    none,
    all,
    steps: out,
    alternatives,
  };
}

function signed(x: number): string {
  return `${x >= 0 ? '+' : ''}${x.toFixed(1)} points`;
}

function verdict(s: PlanStep, gain: number, noise: number): string {
  const cols = Array.isArray(s.options?.columns) ? (s.options!.columns as string[]) : [];
  const reasons = (s.options?.reasons ?? {}) as Record<string, string>;
  const leaked = s.step === 'drop_columns' && cols.some((c) => /leak/.test(reasons[c] ?? ''));
  const what = describe(s);
  if (leaked && gain < 0)
    return `${what}: ${signed(gain)} (the model was cheating: the score without it is the honest one)`;
  if (Math.abs(gain) <= Math.max(0.05, noise / 2))
    return `${what}: ${signed(gain)} (within fold-to-fold noise)`;
  if (gain > 0) return `${what}: ${signed(gain)}`;
  return `${what}: ${signed(gain)} (costs score; keep it only if the data needs it)`;
}

/** A short description of a plan step, e.g. "drop id, ssn" or "impute by iterative". */
export function describe(s: PlanStep): string {
  const o = s.options ?? {};
  const cols = Array.isArray(o.columns)
    ? (o.columns as string[])
    : o.columns && typeof o.columns === 'object'
      ? Object.keys(o.columns)
      : [];
  const list =
    cols.length > 0 ? ` ${cols.slice(0, 3).join(', ')}${cols.length > 3 ? `, +${cols.length - 3}` : ''}` : '';
  switch (s.step) {
    case 'drop_columns':
      return `drop${list}`;
    case 'impute':
      return `impute by ${String(o.strategy ?? 'median')}`;
    case 'outliers':
      return `${String(o.action ?? 'clip')} outliers in${list}`;
    case 'drop_duplicates':
      return `drop ${o.near ? 'near-' : ''}duplicate rows`;
    case 'drop_missing':
      return `drop rows missing${list}`;
    default:
      return `${s.step.replace(/_/g, ' ')}${list}`;
  }
}
