/**
 * naive_bayes: Gaussian likelihoods for numeric features (scikit-learn GaussianNB, including its
 * var_smoothing) and Laplace-smoothed categorical likelihoods for categorical features (CategoricalNB),
 * combined under the naive independence assumption. Missing values are marginalized (left out of the
 * product), so no imputation is needed; sample weights weight the counts and moments. Browser-safe.
 */
import { checkFitInput } from '../preprocess/checks.js';
import type { Learner, ModelJSON } from '../types.js';
import { type NaiveBayesFeature, NaiveBayesModel } from './model.js';
import { NAIVE_BAYES_DEFAULTS, type NaiveBayesParams, resolveNaiveBayesParams } from './params.js';

export { type NaiveBayesFeature, NaiveBayesModel, type NaiveBayesState } from './model.js';
export { NAIVE_BAYES_DEFAULTS, type NaiveBayesParams } from './params.js';

export const naiveBayes: Learner<NaiveBayesParams> = {
  name: 'naive_bayes',
  tasks: ['binary', 'multiclass'],
  defaults: NAIVE_BAYES_DEFAULTS,
  fit(X, y, options) {
    checkFitInput('naive_bayes', X, y, options, ['binary', 'multiclass']);
    const p = resolveNaiveBayesParams(options.params);
    const n = X.nRows;
    const K = options.nClasses;
    const w = options.weights;
    const classW = new Float64Array(K);
    for (let i = 0; i < n; i++) classW[y[i]!] += w ? w[i]! : 1;
    let total = 0;
    for (let k = 0; k < K; k++) total += classW[k]!;
    const logPrior = Array.from(classW, (c) => Math.log(c / total));
    const features: NaiveBayesFeature[] = [];
    let maxVar = 0;
    const sw = new Float64Array(K);
    const s1 = new Float64Array(K);
    const s2 = new Float64Array(K);
    for (let j = 0; j < X.columns.length; j++) {
      const col = X.columns[j]!;
      const name = X.names[j] ?? `x${j}`;
      const cats = X.categories[j];
      if (cats) {
        const L = cats.length;
        const counts = new Float64Array(K * L);
        const perClass = new Float64Array(K);
        for (let i = 0; i < n; i++) {
          const v = col[i]!;
          if (!(Number.isInteger(v) && v >= 0 && v < L)) continue;
          const wi = w ? w[i]! : 1;
          counts[y[i]! * L + v] += wi;
          perClass[y[i]!] += wi;
        }
        const logProb = new Array<number>(K * L);
        for (let k = 0; k < K; k++) {
          const denom = Math.log(perClass[k]! + p.alpha * L);
          for (let c = 0; c < L; c++) logProb[k * L + c] = Math.log(counts[k * L + c]! + p.alpha) - denom;
        }
        features.push({ kind: 'categorical', name, labels: [...cats], logProb });
        continue;
      }
      // Weighted class moments (two-pass for accuracy) over observed values.
      sw.fill(0);
      s1.fill(0);
      s2.fill(0);
      let all1 = 0;
      let allN = 0;
      for (let i = 0; i < n; i++) {
        const v = col[i]!;
        if (!Number.isFinite(v)) continue;
        const wi = w ? w[i]! : 1;
        sw[y[i]!] += wi;
        s1[y[i]!] += wi * v;
        all1 += v;
        allN++;
      }
      if (allN === 0) {
        features.push({ kind: 'ignored', name });
        continue;
      }
      const allMean = all1 / allN;
      const theta = Array.from(s1, (s, k) => (sw[k]! > 0 ? s / sw[k]! : allMean));
      let allSs = 0;
      for (let i = 0; i < n; i++) {
        const v = col[i]!;
        if (!Number.isFinite(v)) continue;
        const d = v - theta[y[i]!]!;
        s2[y[i]!] += (w ? w[i]! : 1) * d * d;
        allSs += (v - allMean) * (v - allMean);
      }
      const allVar = allSs / allN;
      maxVar = Math.max(maxVar, allVar);
      const variance = Array.from(s2, (s, k) => (sw[k]! > 0 ? s / sw[k]! : allVar));
      features.push({ kind: 'numeric', name, theta, variance });
    }
    const epsilon = p.var_smoothing * (maxVar > 0 ? maxVar : 1) || Number.EPSILON;
    for (const f of features) if (f.kind === 'numeric') f.variance = f.variance.map((v) => v + epsilon);
    return new NaiveBayesModel(options.task, K, p, { version: 1, logPrior, epsilon, features });
  },
  fromJSON: (json: ModelJSON) => NaiveBayesModel.fromJSON(json),
};
