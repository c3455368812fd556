/**
 * A fitted k-nearest-neighbours model: the preprocessing, the training rows in design space, their
 * targets (and sample weights), and the search structure rebuilt on load. Classification votes (uniform
 * or 1/distance, times sample weight), regression averages. Serializes to plain JSON.
 */
import { assertClassifier } from '../preprocess/checks.js';
import { applyDesign, checkDesignState, type DesignState, designRowMajor } from '../preprocess/design.js';
import { argmaxRows, type FeatureMatrix, type Model, type ModelJSON, type Task } from '../types.js';
import { buildKdTree, type KdTree, kNeighbors, type NeighborResult } from './neighbors.js';
import type { KnnParams } from './params.js';

export interface KnnState {
  version: 1;
  design: DesignState;
  /** Training rows in design space, row-major n x p. */
  points: number[];
  y: number[];
  /** Sample weights, or null when all rows weigh the same. */
  weights: number[] | null;
}

export class KnnModel implements Model {
  readonly learner = 'knn';
  readonly task: Task;
  readonly nClasses: number;
  readonly params: KnnParams;
  readonly design: DesignState;
  private readonly points: Float64Array;
  private readonly y: Float64Array;
  private readonly sw: Float64Array | null;
  private readonly n: number;
  private readonly p: number;
  private tree: KdTree | null | undefined;

  constructor(
    task: Task,
    nClasses: number,
    params: KnnParams,
    design: DesignState,
    points: Float64Array,
    y: Float64Array,
    weights: Float64Array | null,
  ) {
    this.task = task;
    this.nClasses = nClasses;
    this.params = params;
    this.design = design;
    this.points = points;
    this.y = y;
    this.sw = weights;
    this.n = y.length;
    this.p = design.columns.length;
    if (this.points.length !== this.n * this.p)
      throw new Error('knn model: training points do not match the design');
  }

  /** Whether searches use the KD-tree (else brute force; neighbours are the same either way). */
  get usesTree(): boolean {
    const a = this.params.algorithm;
    return a === 'kd_tree' || (a === 'auto' && this.p <= 15 && this.n > this.params.leaf_size);
  }

  private index(): KdTree | null {
    if (this.tree === undefined) {
      this.tree = this.usesTree ? buildKdTree(this.points, this.n, this.p, this.params.leaf_size) : null;
    }
    return this.tree;
  }

  /** The k nearest training rows (indices into the training data) of each row of X, nearest first. */
  kneighbors(X: FeatureMatrix, k = this.params.n_neighbors): NeighborResult & { k: number } {
    const q = designRowMajor(applyDesign(this.design, X));
    const res = kNeighbors(this.points, this.n, this.p, this.index(), q, X.nRows, k, this.params.metric);
    return { ...res, k: Math.min(k, this.n) };
  }

  /** Per-neighbour weights into w (length k) for one query row; returns their sum. */
  private neighborWeights(res: NeighborResult, row: number, k: number, w: Float64Array): number {
    const base = row * k;
    let exact = false;
    if (this.params.weights === 'distance') {
      for (let t = 0; t < k; t++) if (res.distance[base + t] === 0) exact = true;
    }
    let total = 0;
    for (let pass = 0; pass < 2; pass++) {
      total = 0;
      for (let t = 0; t < k; t++) {
        const d = res.distance[base + t]!;
        let v = this.params.weights === 'uniform' ? 1 : exact ? (d === 0 ? 1 : 0) : 1 / d;
        if (pass === 0 && this.sw) v *= this.sw[res.index[base + t]!]!;
        w[t] = v;
        total += v;
      }
      if (total > 0) break;
    }
    return total;
  }

  predictProba(X: FeatureMatrix): Float64Array {
    assertClassifier(this.learner, this.task);
    const res = this.kneighbors(X);
    const k = res.k;
    const K = this.nClasses;
    const out = new Float64Array(X.nRows * K);
    const w = new Float64Array(k);
    for (let i = 0; i < X.nRows; i++) {
      const total = this.neighborWeights(res, i, k, w);
      for (let t = 0; t < k; t++) out[i * K + this.y[res.index[i * k + t]!]!] += w[t]! / total;
    }
    return out;
  }

  predict(X: FeatureMatrix): Float64Array {
    if (this.task !== 'regression') return argmaxRows(this.predictProba(X), X.nRows, this.nClasses);
    const res = this.kneighbors(X);
    const k = res.k;
    const out = new Float64Array(X.nRows);
    const w = new Float64Array(k);
    for (let i = 0; i < X.nRows; i++) {
      const total = this.neighborWeights(res, i, k, w);
      let s = 0;
      for (let t = 0; t < k; t++) s += w[t]! * this.y[res.index[i * k + t]!]!;
      out[i] = s / total;
    }
    return out;
  }

  toJSON(): ModelJSON {
    return {
      learner: this.learner,
      task: this.task,
      nClasses: this.nClasses,
      params: { ...this.params },
      state: {
        version: 1,
        design: structuredClone(this.design),
        points: Array.from(this.points),
        y: Array.from(this.y),
        weights: this.sw ? Array.from(this.sw) : null,
      } satisfies KnnState,
    };
  }

  static fromJSON(json: ModelJSON): KnnModel {
    if (json.learner !== 'knn') throw new Error(`not a knn model: '${json.learner}'`);
    const s = json.state as KnnState;
    if (s?.version !== 1) throw new Error('knn model JSON: unsupported state version');
    checkDesignState(s.design);
    return new KnnModel(
      json.task,
      json.nClasses,
      { ...(json.params as unknown as KnnParams) },
      structuredClone(s.design),
      Float64Array.from(s.points),
      Float64Array.from(s.y),
      s.weights ? Float64Array.from(s.weights) : null,
    );
  }
}
