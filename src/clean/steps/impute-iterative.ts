/**
 * Iterative model-based imputation, like scikit-learn's IterativeImputer: start from the column means,
 * then in rounds predict each column from all the others (columns in ascending order of missing share)
 * with a linear model (ridge on standardized predictors, near-zero penalty) or gbdt, replacing the
 * missing cells by the predictions, until the largest change of an imputed cell falls below
 * tol x max |observed value| or max_iter rounds. Fitted models are kept, so new rows replay the same
 * rounds without refitting. Browser-safe.
 */
import { gbdt } from '../../learners/gbdt/index.js';
import type { FeatureMatrix, ModelJSON } from '../../learners/types.js';
import { gram, psdSolve } from '../../util/linalg.js';

export type Estimator = 'linear' | 'gbdt';

export interface LinearModelJSON {
  kind: 'linear';
  intercept: number;
  /** One coefficient per predictor (the other columns, in column order). */
  coef: number[];
}

export interface ColumnModel {
  /** Index of the imputed column. */
  column: number;
  model: LinearModelJSON | { kind: 'gbdt'; model: ModelJSON };
}

export interface IterativeFit {
  initial: number[];
  rounds: ColumnModel[][];
  converged: boolean;
}

const RIDGE = 1e-8;

function fitLinear(x: Float64Array[], y: Float64Array): LinearModelJSON {
  const n = y.length;
  const p = x.length;
  const means = new Float64Array(p);
  const scales = new Float64Array(p);
  const centered: Float64Array[] = [];
  for (let j = 0; j < p; j++) {
    const c = x[j]!;
    let s = 0;
    for (let i = 0; i < n; i++) s += c[i]!;
    const m = s / n;
    const z = new Float64Array(n);
    let ss = 0;
    for (let i = 0; i < n; i++) {
      const d = c[i]! - m;
      z[i] = d;
      ss += d * d;
    }
    const sc = Math.sqrt(ss / n) || 1;
    for (let i = 0; i < n; i++) z[i]! /= sc;
    means[j] = m;
    scales[j] = sc;
    centered.push(z);
  }
  let ym = 0;
  for (let i = 0; i < n; i++) ym += y[i]!;
  ym /= n;
  const g = gram(centered, n);
  for (let j = 0; j < p; j++) g[j * p + j] += RIDGE * n;
  const b = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    let s = 0;
    const c = centered[j]!;
    for (let i = 0; i < n; i++) s += c[i]! * (y[i]! - ym);
    b[j] = s;
  }
  const w = psdSolve(g, p, b);
  const coef = Array.from(w, (v, j) => v / scales[j]!);
  let intercept = ym;
  for (let j = 0; j < p; j++) intercept -= coef[j]! * means[j]!;
  return { kind: 'linear', intercept, coef };
}

function predictors(cols: Float64Array[], j: number): Float64Array[] {
  return cols.filter((_, k) => k !== j);
}

function take(c: Float64Array, idx: Int32Array): Float64Array {
  const out = new Float64Array(idx.length);
  for (let t = 0; t < idx.length; t++) out[t] = c[idx[t]!]!;
  return out;
}

function predict(
  m: ColumnModel['model'],
  x: Float64Array[],
  rows: Int32Array,
  names: string[],
): Float64Array {
  if (m.kind === 'linear') {
    const out = new Float64Array(rows.length);
    for (let t = 0; t < rows.length; t++) {
      let s = m.intercept;
      for (let k = 0; k < x.length; k++) s += m.coef[k]! * x[k]![rows[t]!]!;
      out[t] = s;
    }
    return out;
  }
  const X: FeatureMatrix = {
    nRows: rows.length,
    columns: x.map((c) => take(c, rows)),
    names,
    categories: names.map(() => null),
  };
  return gbdt.fromJSON(m.model).predict(X);
}

function indexWhere(n: number, test: (i: number) => boolean): Int32Array {
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (test(i)) out.push(i);
  return Int32Array.from(out);
}

/** Fit the rounds on `cols` (column-major, NaN missing); `cols` is left imputed. */
export function fitIterative(
  cols: Float64Array[],
  n: number,
  o: { estimator: Estimator; maxIter: number; tol: number; seed: number; initial: number[] },
): IterativeFit {
  const p = cols.length;
  const missing = cols.map((c) => indexWhere(n, (i) => Number.isNaN(c[i]!)));
  const observed = cols.map((c) => indexWhere(n, (i) => !Number.isNaN(c[i]!)));
  let maxAbs = 0;
  for (const c of cols)
    for (let i = 0; i < n; i++) if (!Number.isNaN(c[i]!)) maxAbs = Math.max(maxAbs, Math.abs(c[i]!));
  for (let j = 0; j < p; j++) for (const i of missing[j]!) cols[j]![i] = o.initial[j]!;
  // Ascending share of missing values; stable, so equal shares keep column order.
  const order = Array.from({ length: p }, (_, j) => j).sort(
    (a, b) => missing[a]!.length - missing[b]!.length || a - b,
  );
  const names = Array.from({ length: p - 1 }, (_, k) => `x${k}`);
  const rounds: ColumnModel[][] = [];
  let converged = false;
  if (p < 2 || missing.every((m) => m.length === 0)) return { initial: o.initial, rounds, converged: true };
  for (let round = 0; round < o.maxIter; round++) {
    const before = cols.map((c) => c.slice());
    const models: ColumnModel[] = [];
    for (const j of order) {
      const x = predictors(cols, j);
      const obs = observed[j]!;
      let model: ColumnModel['model'];
      if (o.estimator === 'linear')
        model = fitLinear(
          x.map((c) => take(c, obs)),
          take(cols[j]!, obs),
        );
      else {
        const X: FeatureMatrix = {
          nRows: obs.length,
          columns: x.map((c) => take(c, obs)),
          names,
          categories: names.map(() => null),
        };
        model = {
          kind: 'gbdt',
          model: gbdt.fit(X, take(cols[j]!, obs), { task: 'regression', nClasses: 0, seed: o.seed }).toJSON(),
        };
      }
      models.push({ column: j, model });
      const miss = missing[j]!;
      if (miss.length > 0) {
        const pred = predict(model, x, miss, names);
        for (let t = 0; t < miss.length; t++) cols[j]![miss[t]!] = pred[t]!;
      }
    }
    rounds.push(models);
    let change = 0;
    for (let j = 0; j < p; j++)
      for (const i of missing[j]!) change = Math.max(change, Math.abs(cols[j]![i]! - before[j]![i]!));
    if (change < o.tol * maxAbs) {
      converged = true;
      break;
    }
  }
  return { initial: o.initial, rounds, converged };
}

/** Replay fitted rounds on new rows (column-major, NaN missing), in place. */
export function applyIterative(fit: IterativeFit, cols: Float64Array[], n: number): void {
  const p = cols.length;
  const missing = cols.map((c) => indexWhere(n, (i) => Number.isNaN(c[i]!)));
  for (let j = 0; j < p; j++) for (const i of missing[j]!) cols[j]![i] = fit.initial[j]!;
  const names = Array.from({ length: p - 1 }, (_, k) => `x${k}`);
  for (const models of fit.rounds) {
    for (const { column: j, model } of models) {
      const miss = missing[j]!;
      if (miss.length === 0) continue;
      const pred = predict(model, predictors(cols, j), miss, names);
      for (let t = 0; t < miss.length; t++) cols[j]![miss[t]!] = pred[t]!;
    }
  }
}
