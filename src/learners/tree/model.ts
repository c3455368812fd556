/**
 * A fitted decision tree: flat arrays, packed for prediction, serializable to plain JSON and back with
 * identical predictions.
 */
import { InputError } from '../../errors.js';
import { argmaxRows, type FeatureMatrix, type Model, type ModelJSON, type Task } from '../types.js';
import { addTreeOutputs, checkColumns, type PackedTrees, packTrees } from './predict.js';
import { featureImportances } from './prune.js';
import {
  type PlainTree,
  type TreeArrays,
  type TreeJSON,
  toPlainTree,
  treeFromJSON,
  treeToJSON,
} from './treeArrays.js';

export interface DecisionTreeState {
  version: 1;
  nFeatures: number;
  featureNames: string[];
  tree: TreeJSON;
}

export class DecisionTreeModel implements Model {
  readonly learner = 'decision_tree';
  readonly task: Task;
  readonly nClasses: number;
  readonly params: Record<string, unknown>;
  readonly featureNames: string[];
  readonly tree: TreeArrays;
  private packed: PackedTrees | null = null;

  constructor(args: {
    task: Task;
    nClasses: number;
    params: Record<string, unknown>;
    featureNames: string[];
    tree: TreeArrays;
  }) {
    this.task = args.task;
    this.nClasses = args.nClasses;
    this.params = args.params;
    this.featureNames = args.featureNames;
    this.tree = args.tree;
  }

  get nFeatures(): number {
    return this.featureNames.length;
  }

  private raw(X: FeatureMatrix): Float64Array {
    checkColumns(this.learner, X, this.nFeatures);
    this.packed ??= packTrees([this.tree], this.task !== 'regression');
    const out = new Float64Array(X.nRows * this.tree.nOut);
    addTreeOutputs(this.packed, X, out, 1);
    return out;
  }

  predict(X: FeatureMatrix): Float64Array {
    const r = this.raw(X);
    return this.task === 'regression' ? r : argmaxRows(r, X.nRows, this.nClasses);
  }

  predictProba(X: FeatureMatrix): Float64Array {
    if (this.task === 'regression')
      throw new InputError('decision_tree: predictProba needs a classification model');
    return this.raw(X);
  }

  /** Impurity-based importances (mean decrease in impurity), one per feature, summing to 1. */
  featureImportances(): Float64Array {
    return featureImportances(this.tree, this.nFeatures);
  }

  /** The tree as plain arrays (explanations, export). */
  trees(): PlainTree[] {
    return [toPlainTree(this.tree, this.task !== 'regression')];
  }

  toJSON(): ModelJSON {
    const state: DecisionTreeState = {
      version: 1,
      nFeatures: this.nFeatures,
      featureNames: this.featureNames,
      tree: treeToJSON(this.tree),
    };
    return {
      learner: this.learner,
      task: this.task,
      nClasses: this.nClasses,
      params: { ...this.params },
      state,
    };
  }

  static fromJSON(json: ModelJSON): DecisionTreeModel {
    if (json.learner !== 'decision_tree')
      throw new InputError(`decision_tree: cannot load a '${json.learner}' model`);
    const s = json.state as DecisionTreeState;
    if (s?.version !== 1) throw new InputError('decision_tree: unsupported model state version');
    return new DecisionTreeModel({
      task: json.task,
      nClasses: json.nClasses,
      params: json.params,
      featureNames: s.featureNames,
      tree: treeFromJSON(s.tree),
    });
  }
}
