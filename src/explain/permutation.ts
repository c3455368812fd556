/**
 * Permutation importance, with scikit-learn's `permutation_importance` semantics: for each feature and
 * repeat, shuffle that column of the evaluation rows, re-score, and record how much the score dropped
 * (baseline - permuted for higher-is-better metrics, permuted - baseline for errors, like sklearn's
 * negated error scorers). Mean and population std (ddof 0) over repeats. Browser-safe.
 */
import type { FeatureMatrix } from '../learners/types.js';
import { permutation, type Rng } from '../util/random.js';

export interface PermutationResult {
  feature: string;
  mean: number;
  std: number;
  /** One importance per repeat. */
  importances: number[];
}

export interface PermutationOptions {
  repeats: number;
  /** Score of predictions on X (higher is better: pass a negated error). */
  score: (X: FeatureMatrix) => number;
  rng?: Rng;
  /** Explicit row orders per feature and repeat (tests pinning against a reference); overrides rng. */
  permutations?: Int32Array[][];
  onFeature?: (done: number, total: number) => void;
}

export function permutationImportance(X: FeatureMatrix, options: PermutationOptions): PermutationResult[] {
  const n = X.nRows;
  const base = options.score(X);
  const out: PermutationResult[] = [];
  const nf = X.columns.length;
  for (let j = 0; j < nf; j++) {
    const orig = X.columns[j]!;
    const shuffled = new Float64Array(n);
    const columns = X.columns.slice();
    columns[j] = shuffled;
    const Xp: FeatureMatrix = { ...X, columns };
    const importances: number[] = [];
    for (let r = 0; r < options.repeats; r++) {
      const perm = options.permutations?.[j]?.[r] ?? permutation(n, options.rng!);
      for (let i = 0; i < n; i++) shuffled[i] = orig[perm[i]!]!;
      importances.push(base - options.score(Xp));
    }
    const mean = importances.reduce((a, b) => a + b, 0) / importances.length;
    const std = Math.sqrt(importances.reduce((a, b) => a + (b - mean) ** 2, 0) / importances.length);
    out.push({ feature: X.names[j]!, mean, std, importances });
    options.onFeature?.(j + 1, nf);
  }
  return out;
}
