/**
 * A fitted gbdt model: initial scores plus trees on raw feature values. Predicts through the packed
 * forest; serializes to plain JSON (trees as number arrays) and back with identical predictions.
 */
import { InputError } from '../../errors.js';
import { argmaxRows, type FeatureMatrix, type Model, type ModelJSON, type Task } from '../types.js';
import { type Objective, sigmoid, softmaxRows } from './losses.js';
import { addFlatForestScores, type FlatForest, flattenForest } from './predict.js';
import {
  type PlainTree,
  type TreeData,
  type TreeJSON,
  toPlainTree,
  treeFromJSON,
  treeToJSON,
} from './treeData.js';

export interface GbdtState {
  version: 1;
  objective: Objective['name'];
  /** Number of feature columns the model expects, their names and categorical sizes (null = numeric). */
  nFeatures: number;
  featureNames: string[];
  categorySizes: (number | null)[];
  /** Initial raw score per output (prior). */
  initScore: number[];
  /** Raw scores per row: 1, or the number of classes (one tree per class per round). */
  nOutputs: number;
  /** Boosting rounds kept (after early stopping). */
  rounds: number;
  trees: TreeJSON[];
}

export class GbdtModel implements Model {
  readonly learner = 'gbdt';
  readonly task: Task;
  readonly nClasses: number;
  readonly params: Record<string, unknown>;
  readonly objective: Objective['name'];
  readonly initScore: Float64Array;
  readonly nOutputs: number;
  readonly rounds: number;
  readonly featureNames: string[];
  readonly categorySizes: (number | null)[];
  private readonly treeList: TreeData[];
  private packed: FlatForest | null = null;

  constructor(args: {
    task: Task;
    nClasses: number;
    params: Record<string, unknown>;
    objective: Objective['name'];
    initScore: Float64Array;
    nOutputs: number;
    rounds: number;
    featureNames: string[];
    categorySizes: (number | null)[];
    trees: TreeData[];
  }) {
    this.task = args.task;
    this.nClasses = args.nClasses;
    this.params = args.params;
    this.objective = args.objective;
    this.initScore = args.initScore;
    this.nOutputs = args.nOutputs;
    this.rounds = args.rounds;
    this.featureNames = args.featureNames;
    this.categorySizes = args.categorySizes;
    this.treeList = args.trees;
  }

  get nTrees(): number {
    return this.treeList.length;
  }

  /** Prediction structures for the first nTrees trees (cached for all trees). */
  private predictor(nTrees: number): FlatForest {
    if (nTrees === this.treeList.length && this.packed) return this.packed;
    const outputs = new Int32Array(nTrees);
    for (let t = 0; t < nTrees; t++) outputs[t] = t % this.nOutputs;
    const p = flattenForest(this.treeList.slice(0, nTrees), outputs, this.nOutputs, this.featureNames.length);
    if (nTrees === this.treeList.length) this.packed = p;
    return p;
  }

  private checkInput(X: FeatureMatrix): void {
    if (X.columns.length !== this.featureNames.length) {
      throw new InputError(
        `gbdt model expects ${this.featureNames.length} feature columns, got ${X.columns.length}`,
      );
    }
    for (let j = 0; j < X.columns.length; j++) {
      if (X.columns[j]!.length !== X.nRows)
        throw new InputError(`feature column ${j} has ${X.columns[j]!.length} values, expected ${X.nRows}`);
    }
  }

  /**
   * Raw scores, row-major n x nOutputs: log-odds (binary), per-class logits (multiclass) or the
   * prediction (regression). `rounds` limits the boosting rounds used (default: all).
   */
  predictRaw(X: FeatureMatrix, rounds = this.rounds): Float64Array {
    this.checkInput(X);
    const K = this.nOutputs;
    const out = new Float64Array(X.nRows * K);
    for (let i = 0; i < X.nRows; i++) for (let k = 0; k < K; k++) out[i * K + k] = this.initScore[k]!;
    const nTrees = Math.min(this.treeList.length, Math.max(0, rounds) * K);
    addFlatForestScores(this.predictor(nTrees), X, out);
    return out;
  }

  predict(X: FeatureMatrix): Float64Array {
    const raw = this.predictRaw(X);
    const n = X.nRows;
    if (this.task === 'regression') return raw;
    if (this.nOutputs === 1) {
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = raw[i]! > 0 ? 1 : 0;
      return out;
    }
    return argmaxRows(raw, n, this.nOutputs);
  }

  predictProba(X: FeatureMatrix): Float64Array {
    if (this.task === 'regression')
      throw new InputError('predictProba is for classification models; this gbdt model does regression');
    const raw = this.predictRaw(X);
    const n = X.nRows;
    if (this.nOutputs === 1) {
      const out = new Float64Array(2 * n);
      for (let i = 0; i < n; i++) {
        const p = sigmoid(raw[i]!);
        out[2 * i] = 1 - p;
        out[2 * i + 1] = p;
      }
      return out;
    }
    const out = new Float64Array(n * this.nOutputs);
    softmaxRows(raw, n, this.nOutputs, out);
    return out;
  }

  /**
   * The trees as plain arrays (leaves are nodes; see PlainTree), in boosting order: tree t adds to the raw
   * score of class t % nOutputs. Raw score = initScore[class] + sum of the reached leaf values. For
   * TreeSHAP, ONNX export and inspection.
   */
  trees(): PlainTree[] {
    return this.treeList.map((t, i) => toPlainTree(t, i % this.nOutputs));
  }

  /** Per feature: total split gain ('gain') or number of splits ('split') over all trees. */
  featureImportance(kind: 'gain' | 'split' = 'gain'): Float64Array {
    const out = new Float64Array(this.featureNames.length);
    for (const t of this.treeList) {
      for (let i = 0; i < t.feature.length; i++) out[t.feature[i]!] += kind === 'gain' ? t.gain[i]! : 1;
    }
    return out;
  }

  toJSON(): ModelJSON {
    const state: GbdtState = {
      version: 1,
      objective: this.objective,
      nFeatures: this.featureNames.length,
      featureNames: [...this.featureNames],
      categorySizes: [...this.categorySizes],
      initScore: Array.from(this.initScore),
      nOutputs: this.nOutputs,
      rounds: this.rounds,
      trees: this.treeList.map(treeToJSON),
    };
    return { learner: 'gbdt', task: this.task, nClasses: this.nClasses, params: { ...this.params }, state };
  }

  static fromJSON(json: ModelJSON): GbdtModel {
    if (json.learner !== 'gbdt') throw new Error(`not a gbdt model: learner '${json.learner}'`);
    const s = json.state as GbdtState;
    if (s?.version !== 1) throw new Error('gbdt model JSON: unsupported state version');
    if (s.trees.length !== s.rounds * s.nOutputs)
      throw new Error('gbdt model JSON: tree count does not match rounds x outputs');
    return new GbdtModel({
      task: json.task,
      nClasses: json.nClasses,
      params: { ...json.params },
      objective: s.objective,
      initScore: Float64Array.from(s.initScore),
      nOutputs: s.nOutputs,
      rounds: s.rounds,
      featureNames: [...s.featureNames],
      categorySizes: [...s.categorySizes],
      trees: s.trees.map(treeFromJSON),
    });
  }
}
