/**
 * knn: k-nearest-neighbours classification and regression on the shared preprocessing (imputation,
 * one-hot, standard scaling by default). Exact search through a KD-tree up to 15 design columns and brute
 * force beyond; neighbours ordered by distance then training index, so predictions match scikit-learn's
 * KNeighborsClassifier/Regressor on the same design. Browser-safe.
 */
import { checkFitInput } from '../preprocess/checks.js';
import { applyDesign, designRowMajor, fitDesign } from '../preprocess/design.js';
import { designOptions } from '../preprocess/params.js';
import type { Learner, ModelJSON } from '../types.js';
import { KnnModel } from './model.js';
import { KNN_DEFAULTS, type KnnParams, resolveKnnParams } from './params.js';

export { KnnModel, type KnnState } from './model.js';
export { KNN_DEFAULTS, type KnnMetric, type KnnParams } from './params.js';

export const knn: Learner<KnnParams> = {
  name: 'knn',
  tasks: ['binary', 'multiclass', 'regression'],
  defaults: KNN_DEFAULTS,
  fit(X, y, options) {
    checkFitInput('knn', X, y, options, ['binary', 'multiclass', 'regression']);
    const p = resolveKnnParams(options.params);
    const design = fitDesign(X, designOptions(p));
    const points = designRowMajor(applyDesign(design, X));
    const w = options.weights;
    const uniform = !w || w.every((v) => v === w[0]);
    return new KnnModel(
      options.task,
      options.task === 'regression' ? 0 : options.nClasses,
      p,
      design,
      points,
      Float64Array.from(y),
      uniform ? null : Float64Array.from(w),
    );
  },
  fromJSON: (json: ModelJSON) => KnnModel.fromJSON(json),
};
