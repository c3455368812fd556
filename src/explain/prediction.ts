/**
 * Per-prediction explanations: how each feature moved one row's output away from the average output.
 * Tree models get exact TreeSHAP values; other models get interventional Shapley values estimated by
 * sampling feature orders against background rows (Strumbelj & Kononenko), seeded and additive by
 * construction: base + sum of contributions = the output. Browser-safe.
 */
import { InputError } from '../errors.js';
import type { Predictor } from '../evaluate/types.js';
import type { FeatureMatrix } from '../learners/types.js';
import { permutation, rng } from '../util/random.js';
import { ensembleShap, treeEnsemble } from './treeshap.js';

export interface Contribution {
  feature: string;
  /** The row's (encoded) feature value; categories by label. */
  value: number | string | null;
  contribution: number;
}

export interface PredictionExplanation {
  method: 'treeshap' | 'sampling';
  /** What is explained: a class probability, log-odds, logit or the predicted value. */
  output: string;
  outputKind: 'probability' | 'log-odds' | 'logit' | 'value';
  base: number;
  /** base + sum of contributions. */
  prediction: number;
  /** Largest |contribution| first. */
  contributions: Contribution[];
}

export interface ExplainOptions {
  /** Class index whose output is explained (default: the predicted class; binary: class 1). */
  classIndex?: number;
  classes?: string[];
  /** Rows the sampling method draws background values from (required for non-tree models). */
  background?: FeatureMatrix;
  /** Sampled feature orders for non-tree models (default 200). */
  samples?: number;
  seed?: number;
}

function rowOf(X: FeatureMatrix, i: number): FeatureMatrix {
  return { ...X, nRows: 1, columns: X.columns.map((c) => Float64Array.of(c[i]!)) };
}

function cellValue(X: FeatureMatrix, j: number, i: number): number | string | null {
  const v = X.columns[j]![i]!;
  if (Number.isNaN(v)) return null;
  const cats = X.categories[j];
  return cats ? (cats[v] ?? v) : v;
}

/** Explain row `row` of X. */
export function explainPrediction(
  predictor: Predictor,
  X: FeatureMatrix,
  row: number,
  options: ExplainOptions = {},
): PredictionExplanation {
  if (!(Number.isInteger(row) && row >= 0 && row < X.nRows))
    throw new InputError(`row ${row} is outside the ${X.nRows} rows given`);
  const x = rowOf(X, row);
  const F = X.columns.length;
  const proba = predictor.predictProba(x);
  const K = proba ? proba.length : 0;
  const cls = options.classIndex ?? (K === 0 ? 0 : K === 2 ? 1 : predictor.predict(x)[0]!);
  if (K > 0 && !(cls >= 0 && cls < K)) throw new InputError(`class index ${cls} is outside 0..${K - 1}`);
  const label = K === 0 ? 'prediction' : (options.classes?.[cls] ?? String(cls));
  const ens = predictor.model ? treeEnsemble(predictor.model) : null;
  let base: number;
  let phi: Float64Array;
  let outputKind: PredictionExplanation['outputKind'];
  let method: PredictionExplanation['method'];
  if (ens) {
    const s = ensembleShap(ens, x);
    const k = s.nOut === 1 ? 0 : cls;
    base = s.base[k]!;
    phi = Float64Array.from({ length: F }, (_, j) => s.values[j * s.nOut + k]!);
    outputKind = s.outputKind;
    method = 'treeshap';
  } else {
    const bg = options.background;
    if (!bg || bg.nRows === 0)
      throw new InputError('explaining a non-tree model needs background rows (e.g. the training rows)');
    const samples = Math.max(1, options.samples ?? 200);
    const r = rng(options.seed ?? 0);
    // one chain per sample: background row, then features switched to x in a random order
    const n = samples * (F + 1);
    const cols = Array.from({ length: F }, () => new Float64Array(n));
    const orders: Int32Array[] = [];
    for (let s = 0; s < samples; s++) {
      const z = r.int(bg.nRows);
      const order = permutation(F, r);
      orders.push(order);
      for (let step = 0; step <= F; step++) {
        const at = s * (F + 1) + step;
        for (let j = 0; j < F; j++) cols[j]![at] = bg.columns[j]![z]!;
        for (let q = 0; q < step; q++) {
          const j = order[q]!;
          cols[j]![at] = x.columns[j]![0]!;
        }
      }
    }
    const chain: FeatureMatrix = { ...X, nRows: n, columns: cols };
    const out = K === 0 ? predictor.predict(chain) : predictor.predictProba(chain)!;
    const f = (at: number) => (K === 0 ? out[at]! : out[at * K + cls]!);
    phi = new Float64Array(F);
    base = 0;
    for (let s = 0; s < samples; s++) {
      const o = s * (F + 1);
      base += f(o);
      for (let q = 0; q < F; q++) phi[orders[s]![q]!]! += f(o + q + 1) - f(o + q);
    }
    base /= samples;
    for (let j = 0; j < F; j++) phi[j]! /= samples;
    outputKind = K === 0 ? 'value' : 'probability';
    method = 'sampling';
  }
  let prediction = base;
  for (let j = 0; j < F; j++) prediction += phi[j]!;
  const contributions = Array.from({ length: F }, (_, j) => ({
    feature: X.names[j]!,
    value: cellValue(X, j, row),
    contribution: phi[j]!,
  })).sort(
    (a, b) => Math.abs(b.contribution) - Math.abs(a.contribution) || a.feature.localeCompare(b.feature),
  );
  return { method, output: label, outputKind, base, prediction, contributions };
}
