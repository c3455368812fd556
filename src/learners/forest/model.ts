/**
 * A fitted forest (random_forest or extra_trees): the trees as flat arrays, packed together for
 * prediction (probabilities averaged over trees for classification, values averaged for regression),
 * serializable to plain JSON and back with identical predictions.
 */
import { InputError } from '../../errors.js';
import { addTreeOutputs, checkColumns, type PackedTrees, packTrees } from '../tree/predict.js';
import { featureImportances } from '../tree/prune.js';
import {
  type PlainTree,
  type TreeArrays,
  type TreeJSON,
  toPlainTree,
  treeFromJSON,
  treeToJSON,
} from '../tree/treeArrays.js';
import { argmaxRows, type FeatureMatrix, type Model, type ModelJSON, type Task } from '../types.js';

export interface ForestState {
  version: 1;
  nFeatures: number;
  featureNames: string[];
  trees: TreeJSON[];
  /** Out-of-bag accuracy (classification) or R2 (regression); null when not computed. */
  oobScore: number | null;
  oobRows: number;
}

export class ForestModel implements Model {
  readonly learner: string;
  readonly task: Task;
  readonly nClasses: number;
  readonly params: Record<string, unknown>;
  readonly featureNames: string[];
  readonly treeArrays: TreeArrays[];
  readonly oobScore: number | null;
  readonly oobRows: number;
  private packed: PackedTrees | null = null;

  constructor(args: {
    learner: string;
    task: Task;
    nClasses: number;
    params: Record<string, unknown>;
    featureNames: string[];
    trees: TreeArrays[];
    oobScore: number | null;
    oobRows: number;
  }) {
    this.learner = args.learner;
    this.task = args.task;
    this.nClasses = args.nClasses;
    this.params = args.params;
    this.featureNames = args.featureNames;
    this.treeArrays = args.trees;
    this.oobScore = args.oobScore;
    this.oobRows = args.oobRows;
  }

  get nFeatures(): number {
    return this.featureNames.length;
  }

  private raw(X: FeatureMatrix): Float64Array {
    checkColumns(this.learner, X, this.nFeatures);
    this.packed ??= packTrees(this.treeArrays, this.task !== 'regression');
    const K = this.task === 'regression' ? 1 : this.nClasses;
    const out = new Float64Array(X.nRows * K);
    addTreeOutputs(this.packed, X, out, 1 / this.treeArrays.length);
    return out;
  }

  predict(X: FeatureMatrix): Float64Array {
    const r = this.raw(X);
    return this.task === 'regression' ? r : argmaxRows(r, X.nRows, this.nClasses);
  }

  predictProba(X: FeatureMatrix): Float64Array {
    if (this.task === 'regression')
      throw new InputError(`${this.learner}: predictProba needs a classification model`);
    return this.raw(X);
  }

  /** Mean over trees of their impurity-based importances, one per feature (scikit-learn's feature_importances_). */
  featureImportances(): Float64Array {
    const out = new Float64Array(this.nFeatures);
    let m = 0;
    for (const t of this.treeArrays) {
      if (t.nNodes < 2) continue;
      const imp = featureImportances(t, this.nFeatures);
      for (let f = 0; f < out.length; f++) out[f] += imp[f]!;
      m++;
    }
    if (m > 0) for (let f = 0; f < out.length; f++) out[f] /= m;
    return out;
  }

  /** The trees as plain arrays (explanations, export); the forest's output is their mean. */
  trees(): PlainTree[] {
    return this.treeArrays.map((t) => toPlainTree(t, this.task !== 'regression'));
  }

  toJSON(): ModelJSON {
    const state: ForestState = {
      version: 1,
      nFeatures: this.nFeatures,
      featureNames: this.featureNames,
      trees: this.treeArrays.map(treeToJSON),
      oobScore: this.oobScore,
      oobRows: this.oobRows,
    };
    return {
      learner: this.learner,
      task: this.task,
      nClasses: this.nClasses,
      params: { ...this.params },
      state,
    };
  }

  static fromJSON(json: ModelJSON, learner: string): ForestModel {
    if (json.learner !== learner) throw new InputError(`${learner}: cannot load a '${json.learner}' model`);
    const s = json.state as ForestState;
    if (s?.version !== 1) throw new InputError(`${learner}: unsupported model state version`);
    return new ForestModel({
      learner,
      task: json.task,
      nClasses: json.nClasses,
      params: json.params,
      featureNames: s.featureNames,
      trees: s.trees.map(treeFromJSON),
      oobScore: s.oobScore,
      oobRows: s.oobRows,
    });
  }
}
