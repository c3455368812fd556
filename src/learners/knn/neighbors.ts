/**
 * Exact k-nearest-neighbour search over row-major points: brute force, or a KD-tree (median splits on
 * the widest dimension, bounding-box pruning). Both return the same neighbours in the same order:
 * ascending distance, ties broken by lower training index (as scikit-learn's stable ordering does).
 * Distances are compared as squared Euclidean or Manhattan sums computed the same way in both paths, so
 * the two agree exactly. Browser-safe.
 */
import type { KnnMetric } from './params.js';

export interface NeighborResult {
  /** nQuery x k training indices, row-major, nearest first. */
  index: Int32Array;
  /** nQuery x k distances (Euclidean or Manhattan), matching `index`. */
  distance: Float64Array;
}

/** Bounded max-heap of (distance, index) pairs; the root is the worst kept neighbour. */
class NeighborHeap {
  readonly d: Float64Array;
  readonly i: Int32Array;
  size = 0;
  constructor(readonly k: number) {
    this.d = new Float64Array(k);
    this.i = new Int32Array(k);
  }
  reset(): void {
    this.size = 0;
  }
  /** Distance a candidate must not exceed to possibly enter. */
  bound(): number {
    return this.size < this.k ? Number.POSITIVE_INFINITY : this.d[0]!;
  }
  private worse(a: number, b: number): boolean {
    const da = this.d[a]!;
    const db = this.d[b]!;
    return da > db || (da === db && this.i[a]! > this.i[b]!);
  }
  push(dist: number, idx: number): void {
    const { d, i } = this;
    if (this.size < this.k) {
      let c = this.size++;
      d[c] = dist;
      i[c] = idx;
      while (c > 0) {
        const p = (c - 1) >> 1;
        if (!this.worse(c, p)) break;
        this.swap(c, p);
        c = p;
      }
      return;
    }
    if (dist > d[0]! || (dist === d[0]! && idx > i[0]!)) return;
    d[0] = dist;
    i[0] = idx;
    let c = 0;
    for (;;) {
      const l = 2 * c + 1;
      const r = l + 1;
      let m = c;
      if (l < this.size && this.worse(l, m)) m = l;
      if (r < this.size && this.worse(r, m)) m = r;
      if (m === c) break;
      this.swap(c, m);
      c = m;
    }
  }
  private swap(a: number, b: number): void {
    const td = this.d[a]!;
    this.d[a] = this.d[b]!;
    this.d[b] = td;
    const ti = this.i[a]!;
    this.i[a] = this.i[b]!;
    this.i[b] = ti;
  }
  /** Write the kept pairs nearest first into out arrays at offset. */
  drain(outI: Int32Array, outD: Float64Array, offset: number, metric: KnnMetric): void {
    const n = this.size;
    const order = Array.from({ length: n }, (_, t) => t);
    order.sort((a, b) => this.d[a]! - this.d[b]! || this.i[a]! - this.i[b]!);
    for (let t = 0; t < n; t++) {
      outI[offset + t] = this.i[order[t]!]!;
      const v = this.d[order[t]!]!;
      outD[offset + t] = metric === 'euclidean' ? Math.sqrt(v) : v;
    }
  }
}

/**
 * Distance (squared Euclidean or Manhattan) between two rows, abandoned as soon as the partial sum
 * exceeds `bound` (the partial sums only grow, so any value returned at or below the bound is exact).
 */
function pointDistance(
  a: Float64Array,
  ao: number,
  b: Float64Array,
  bo: number,
  p: number,
  metric: KnnMetric,
  bound: number,
): number {
  let s = 0;
  if (metric === 'euclidean') {
    for (let j = 0; j < p; j++) {
      const t = a[ao + j]! - b[bo + j]!;
      s += t * t;
      if (s > bound) return s;
    }
  } else {
    for (let j = 0; j < p; j++) {
      s += Math.abs(a[ao + j]! - b[bo + j]!);
      if (s > bound) return s;
    }
  }
  return s;
}

export interface KdTree {
  /** Point indices, permuted so each node owns a contiguous range. */
  perm: Int32Array;
  start: Int32Array;
  end: Int32Array;
  left: Int32Array;
  right: Int32Array;
  /** Bounding boxes, node-major (nNodes x p). */
  lo: Float64Array;
  hi: Float64Array;
}

/** Build a KD-tree over n row-major points of p dimensions. Deterministic. */
export function buildKdTree(points: Float64Array, n: number, p: number, leafSize: number): KdTree {
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  const maxNodes = 2 * Math.ceil(n / Math.max(1, leafSize)) * 2 + 1;
  const start = new Int32Array(maxNodes);
  const end = new Int32Array(maxNodes);
  const left = new Int32Array(maxNodes).fill(-1);
  const right = new Int32Array(maxNodes).fill(-1);
  const lo = new Float64Array(maxNodes * p);
  const hi = new Float64Array(maxNodes * p);
  let count = 0;
  const keys = new Float64Array(n);
  const build = (s: number, e: number): number => {
    const node = count++;
    start[node] = s;
    end[node] = e;
    for (let j = 0; j < p; j++) {
      let mn = Number.POSITIVE_INFINITY;
      let mx = Number.NEGATIVE_INFINITY;
      for (let t = s; t < e; t++) {
        const v = points[perm[t]! * p + j]!;
        if (v < mn) mn = v;
        if (v > mx) mx = v;
      }
      lo[node * p + j] = mn;
      hi[node * p + j] = mx;
    }
    if (e - s <= leafSize) return node;
    let dim = 0;
    let spread = -1;
    for (let j = 0; j < p; j++) {
      const sp = hi[node * p + j]! - lo[node * p + j]!;
      if (sp > spread) {
        spread = sp;
        dim = j;
      }
    }
    if (!(spread > 0)) return node;
    const mid = (s + e) >> 1;
    for (let t = s; t < e; t++) keys[t] = points[perm[t]! * p + dim]!;
    select(perm, keys, s, e - 1, mid);
    left[node] = build(s, mid);
    right[node] = build(mid, e);
    return node;
  };
  build(0, n);
  return {
    perm,
    start: start.slice(0, count),
    end: end.slice(0, count),
    left: left.slice(0, count),
    right: right.slice(0, count),
    lo: lo.slice(0, count * p),
    hi: hi.slice(0, count * p),
  };
}

/** Quickselect on keys[lo..hi] (with perm moved alongside) so position k holds its order statistic. */
function select(perm: Int32Array, keys: Float64Array, lo: number, hi: number, k: number): void {
  while (hi > lo) {
    const pivot = keys[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (keys[i]! < pivot) i++;
      while (keys[j]! > pivot) j--;
      if (i <= j) {
        const tk = keys[i]!;
        keys[i] = keys[j]!;
        keys[j] = tk;
        const tp = perm[i]!;
        perm[i] = perm[j]!;
        perm[j] = tp;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

function boxDistance(
  tree: KdTree,
  node: number,
  q: Float64Array,
  qo: number,
  p: number,
  metric: KnnMetric,
): number {
  let s = 0;
  const base = node * p;
  for (let j = 0; j < p; j++) {
    const v = q[qo + j]!;
    const l = tree.lo[base + j]!;
    const h = tree.hi[base + j]!;
    const t = v < l ? l - v : v > h ? v - h : 0;
    s += metric === 'euclidean' ? t * t : t;
  }
  return s;
}

/** k nearest training points for each query row. */
export function kNeighbors(
  points: Float64Array,
  n: number,
  p: number,
  tree: KdTree | null,
  queries: Float64Array,
  nq: number,
  k: number,
  metric: KnnMetric,
): NeighborResult {
  const kk = Math.min(k, n);
  const index = new Int32Array(nq * kk);
  const distance = new Float64Array(nq * kk);
  const heap = new NeighborHeap(kk);
  for (let q = 0; q < nq; q++) {
    heap.reset();
    const qo = q * p;
    if (!tree) {
      for (let i = 0; i < n; i++) {
        const bound = heap.bound();
        const d = pointDistance(points, i * p, queries, qo, p, metric, bound);
        if (d <= bound) heap.push(d, i);
      }
    } else {
      const visit = (node: number): void => {
        const l = tree.left[node]!;
        if (l < 0) {
          for (let t = tree.start[node]!; t < tree.end[node]!; t++) {
            const i = tree.perm[t]!;
            const bound = heap.bound();
            const d = pointDistance(points, i * p, queries, qo, p, metric, bound);
            if (d <= bound) heap.push(d, i);
          }
          return;
        }
        const r = tree.right[node]!;
        const dl = boxDistance(tree, l, queries, qo, p, metric);
        const dr = boxDistance(tree, r, queries, qo, p, metric);
        if (dl <= dr) {
          if (dl <= heap.bound()) visit(l);
          if (dr <= heap.bound()) visit(r);
        } else {
          if (dr <= heap.bound()) visit(r);
          if (dl <= heap.bound()) visit(l);
        }
      };
      visit(0);
    }
    heap.drain(index, distance, q * kk, metric);
  }
  return { index, distance };
}
