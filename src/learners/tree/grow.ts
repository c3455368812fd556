/**
 * Growing one CART tree on rows prepared in a Splitter: depth-first (scikit-learn's DepthFirstTreeBuilder
 * node order: a node's left subtree before its right one) or, with max_leaf_nodes, best-first (the leaf
 * whose split decreases impurity most is split next). Features are examined in index order when all are
 * used, else in scikit-learn's sampling order: drawn without replacement, features found constant in an
 * ancestor skipped, and the search goes on past max_features until a non-constant feature was seen.
 */
import type { Rng } from '../../util/random.js';
import type { Splitter } from './split.js';
import type { TreeArrays } from './treeArrays.js';

export interface GrowOptions {
  maxDepth: number;
  minSamplesSplit: number;
  minSamplesLeaf: number;
  maxLeafNodes: number;
  minImpurityDecrease: number;
  /** Features examined per split (sampled when fewer than all). */
  maxFeatures: number;
  randomSplits: boolean;
}

const EPSILON = 2.220446049250313e-16;

class NodeBuffer {
  n = 0;
  cap: number;
  readonly nOut: number;
  feature: Int32Array;
  threshold: Float64Array;
  missingLeft: Uint8Array;
  left: Int32Array;
  right: Int32Array;
  value: Float64Array;
  impurity: Float64Array;
  nSamples: Int32Array;
  wSamples: Float64Array;
  catLeft: (Int32Array | null)[] = [];

  constructor(cap: number, nOut: number) {
    this.cap = cap;
    this.nOut = nOut;
    this.feature = new Int32Array(cap);
    this.threshold = new Float64Array(cap);
    this.missingLeft = new Uint8Array(cap);
    this.left = new Int32Array(cap);
    this.right = new Int32Array(cap);
    this.value = new Float64Array(cap * nOut);
    this.impurity = new Float64Array(cap);
    this.nSamples = new Int32Array(cap);
    this.wSamples = new Float64Array(cap);
  }

  add(parent: number, isLeft: boolean): number {
    if (this.n === this.cap) this.grow();
    const id = this.n++;
    if (parent >= 0) {
      if (isLeft) this.left[parent] = id;
      else this.right[parent] = id;
    }
    this.feature[id] = -1;
    this.threshold[id] = Number.NaN;
    this.left[id] = -1;
    this.right[id] = -1;
    this.catLeft.push(null);
    return id;
  }

  private grow(): void {
    const cap = this.cap * 2;
    const g = <T extends Int32Array | Float64Array | Uint8Array>(a: T, size: number): T => {
      const b = new (a.constructor as new (n: number) => T)(size);
      b.set(a);
      return b;
    };
    this.feature = g(this.feature, cap);
    this.threshold = g(this.threshold, cap);
    this.missingLeft = g(this.missingLeft, cap);
    this.left = g(this.left, cap);
    this.right = g(this.right, cap);
    this.value = g(this.value, cap * this.nOut);
    this.impurity = g(this.impurity, cap);
    this.nSamples = g(this.nSamples, cap);
    this.wSamples = g(this.wSamples, cap);
    this.cap = cap;
  }

  reset(): void {
    this.n = 0;
    this.catLeft = [];
  }

  finish(alloc: ValueAllocator): TreeArrays {
    const n = this.n;
    const value = alloc(n * this.nOut);
    value.set(this.value.subarray(0, n * this.nOut));
    return {
      nNodes: n,
      nOut: this.nOut,
      feature: this.feature.slice(0, n),
      threshold: this.threshold.slice(0, n),
      missingLeft: this.missingLeft.slice(0, n),
      left: this.left.slice(0, n),
      right: this.right.slice(0, n),
      catLeft: this.catLeft.slice(0, n),
      value,
      impurity: this.impurity.slice(0, n),
      nSamples: this.nSamples.slice(0, n),
      weightedNSamples: this.wSamples.slice(0, n),
    };
  }
}

/** The best split found at a node, saved while other nodes are searched (best-first growth). */
interface SavedSplit {
  feature: number;
  threshold: number;
  rank: number;
  missingLeft: number;
  cat: Int32Array | null;
  catOrder: Int32Array | null;
}

export class TreeGrower {
  private readonly sp: Splitter;
  private readonly o: GrowOptions;
  private readonly p: number;
  private readonly features: Int32Array;
  private readonly constFeat: Int32Array;
  private readonly mark: Uint8Array;
  private readonly scratch: Int32Array;
  private readonly tmp: Int32Array;
  private readonly shuffle: boolean;
  private rand: Rng | null = null;
  private rootW = 1;
  private buf: NodeBuffer | null = null;

  constructor(sp: Splitter, o: GrowOptions) {
    this.sp = sp;
    this.o = o;
    this.p = sp.d.nFeatures;
    this.features = new Int32Array(this.p);
    this.constFeat = new Int32Array(this.p);
    this.mark = new Uint8Array(this.p);
    this.scratch = new Int32Array(sp.d.nRows);
    this.tmp = new Int32Array(this.p);
    this.shuffle = o.maxFeatures < this.p || o.randomSplits;
  }

  /**
   * Grow a tree on the splitter's rows idx[0..nIn) with weights w. `alloc` provides the node value array
   * (a forest hands out views into shared chunks: many large allocations are slow).
   */
  grow(nIn: number, rand: Rng, alloc: ValueAllocator = (n) => new Float64Array(n)): TreeArrays {
    this.rand = rand;
    for (let f = 0; f < this.p; f++) this.features[f] = f;
    this.buf ??= new NodeBuffer(Math.max(16, Math.min(2 * nIn, 1024)), this.sp.K);
    const buf = this.buf;
    buf.reset();
    this.rootW = 0;
    for (let i = 0; i < nIn; i++) this.rootW += this.sp.w[this.sp.idx[i]!]!;
    if (this.o.maxLeafNodes > 0) this.growBestFirst(buf, nIn);
    else this.growDepthFirst(buf, nIn);
    return buf.finish(alloc);
  }

  /** Load node stats into the buffer; returns whether the node must stay a leaf before any search. */
  private openNode(buf: NodeBuffer, node: number, start: number, end: number, depth: number): boolean {
    const sp = this.sp;
    sp.nodeStats(start, end);
    const K = sp.K;
    buf.value.set(sp.tot, node * K);
    const imp = sp.nodeImpurity();
    buf.impurity[node] = imp;
    buf.nSamples[node] = end - start;
    buf.wSamples[node] = sp.totW;
    const n = end - start;
    const o = this.o;
    return depth >= o.maxDepth || n < o.minSamplesSplit || n < 2 * o.minSamplesLeaf || imp <= EPSILON;
  }

  /**
   * Search the best split of the node (stats loaded) whose known constant features are known[0..nKnown).
   * Returns the impurity improvement (-Infinity when there is no valid split); newly found constant
   * features are appended to constFeat from nKnown on, and their total count is left in `nConst`.
   */
  private search(start: number, end: number, known: Int32Array, nKnown: number, imp: number): number {
    const sp = this.sp;
    const p = this.p;
    const features = this.features;
    const constFeat = this.constFeat;
    sp.resetBest();
    let nFound = 0;
    if (!this.shuffle) {
      const mark = this.mark;
      for (let i = 0; i < nKnown; i++) mark[known[i]!] = 1;
      for (let i = 0; i < nKnown; i++) constFeat[i] = known[i]!;
      for (let f = 0; f < p; f++) {
        if (mark[f]) continue;
        if (!sp.searchFeature(f, start, end)) constFeat[nKnown + nFound++] = f;
      }
      for (let i = 0; i < nKnown; i++) mark[known[i]!] = 0;
    } else {
      // known constants to the front (in their order), the others keep their relative order
      const mark = this.mark;
      for (let i = 0; i < nKnown; i++) mark[known[i]!] = 1;
      let q = nKnown;
      const tmp = this.tmp;
      for (let i = 0; i < p; i++) if (!mark[features[i]!]) tmp[q++] = features[i]!;
      for (let i = 0; i < nKnown; i++) {
        features[i] = known[i]!;
        constFeat[i] = known[i]!;
        mark[known[i]!] = 0;
      }
      for (let i = nKnown; i < p; i++) features[i] = tmp[i]!;
      const rand = this.rand!;
      const maxF = this.o.maxFeatures;
      let fi = p;
      let nDrawn = 0;
      let nTotal = nKnown;
      let nVisited = 0;
      while (fi > nTotal && (nVisited < maxF || nVisited <= nFound + nDrawn)) {
        nVisited++;
        let fj = nDrawn + rand.int(fi - nFound - nDrawn);
        if (fj < nKnown) {
          const t = features[fj]!;
          features[fj] = features[nDrawn]!;
          features[nDrawn] = t;
          nDrawn++;
          continue;
        }
        fj += nFound;
        const f = features[fj]!;
        const ok = this.o.randomSplits
          ? sp.searchRandom(f, start, end, rand)
          : sp.searchFeature(f, start, end);
        if (!ok) {
          features[fj] = features[nTotal]!;
          features[nTotal] = f;
          nFound++;
          nTotal++;
          continue;
        }
        fi--;
        features[fj] = features[fi]!;
        features[fi] = f;
      }
      for (let i = 0; i < nFound; i++) constFeat[nKnown + i] = features[nKnown + i]!;
    }
    this.nConst = nKnown + nFound;
    if (sp.bestFeature < 0) return Number.NEGATIVE_INFINITY;
    const W = sp.totW;
    const improvement = (W / this.rootW) * (imp - sp.childImpuritySum(sp.bestScore) / W);
    if (improvement + EPSILON < this.o.minImpurityDecrease) return Number.NEGATIVE_INFINITY;
    return improvement;
  }

  private nConst = 0;

  private setSplit(buf: NodeBuffer, node: number, missingLeft: boolean, cat: Int32Array | null): void {
    const sp = this.sp;
    buf.feature[node] = sp.bestFeature;
    buf.threshold[node] = cat ? Number.NaN : sp.bestThreshold;
    buf.missingLeft[node] = missingLeft ? 1 : 0;
    buf.catLeft[node] = cat;
  }

  private growDepthFirst(buf: NodeBuffer, nIn: number): void {
    const sp = this.sp;
    // stack records: start, end, depth, parent, isLeft, nConst
    let stack = new Int32Array(6 * 64);
    let top = 0;
    const push = (a: number, b: number, c: number, d: number, e: number, f: number) => {
      if (top + 6 > stack.length) {
        const s = new Int32Array(stack.length * 2);
        s.set(stack);
        stack = s;
      }
      stack[top++] = a;
      stack[top++] = b;
      stack[top++] = c;
      stack[top++] = d;
      stack[top++] = e;
      stack[top++] = f;
    };
    push(0, nIn, 0, -1, 0, 0);
    while (top > 0) {
      top -= 6;
      const start = stack[top]!;
      const end = stack[top + 1]!;
      const depth = stack[top + 2]!;
      const parent = stack[top + 3]!;
      const isLeft = stack[top + 4]! === 1;
      const nKnown = stack[top + 5]!;
      const node = buf.add(parent, isLeft);
      if (this.openNode(buf, node, start, end, depth)) continue;
      const gain = this.search(start, end, this.constFeat, nKnown, buf.impurity[node]!);
      if (gain === Number.NEGATIVE_INFINITY) continue;
      const cat = sp.bestCategories();
      const pos = sp.partition(start, end, this.scratch);
      this.setSplit(buf, node, sp.missingGoesLeft, cat);
      const nc = this.nConst;
      push(pos, end, depth + 1, node, 0, nc);
      push(start, pos, depth + 1, node, 1, nc);
    }
  }

  private growBestFirst(buf: NodeBuffer, nIn: number): void {
    const sp = this.sp;
    interface Rec {
      node: number;
      start: number;
      end: number;
      depth: number;
      known: Int32Array;
      gain: number;
      split: SavedSplit | null;
    }
    const frontier: Rec[] = [];
    const open = (
      parent: number,
      isLeft: boolean,
      start: number,
      end: number,
      depth: number,
      known: Int32Array,
    ) => {
      const node = buf.add(parent, isLeft);
      let gain = Number.NEGATIVE_INFINITY;
      let split: SavedSplit | null = null;
      let nextKnown = known;
      if (!this.openNode(buf, node, start, end, depth)) {
        gain = this.search(start, end, known, known.length, buf.impurity[node]!);
        if (gain !== Number.NEGATIVE_INFINITY) split = sp.saveBest();
        nextKnown = this.constFeat.slice(0, this.nConst);
      }
      frontier.push({ node, start, end, depth, known: nextKnown, gain, split });
    };
    open(-1, false, 0, nIn, 0, new Int32Array(0));
    let splitsLeft = this.o.maxLeafNodes - 1;
    while (frontier.length > 0) {
      let bi = 0;
      for (let i = 1; i < frontier.length; i++) if (frontier[i]!.gain > frontier[bi]!.gain) bi = i;
      const rec = frontier[bi]!;
      frontier.splice(bi, 1);
      if (!rec.split || splitsLeft <= 0) continue;
      splitsLeft--;
      sp.loadBest(rec.split);
      const pos = sp.partition(rec.start, rec.end, this.scratch);
      this.setSplit(buf, rec.node, sp.missingGoesLeft, rec.split.cat);
      open(rec.node, true, rec.start, pos, rec.depth + 1, rec.known);
      open(rec.node, false, pos, rec.end, rec.depth + 1, rec.known);
    }
  }
}

export type ValueAllocator = (length: number) => Float64Array | Float32Array;

/**
 * Value-array views carved out of shared chunks (one allocation per chunk instead of one per tree);
 * Float32 halves the memory (and page faults) of exact integer class counts.
 */
export function chunkAllocator(float32: boolean, chunkLength = 1 << 21): ValueAllocator {
  const Ctor = float32 ? Float32Array : Float64Array;
  let chunk: Float64Array | Float32Array = new Ctor(0);
  let used = 0;
  return (length: number) => {
    if (length > chunkLength) return new Ctor(length);
    if (used + length > chunk.length) {
      chunk = new Ctor(chunkLength);
      used = 0;
    }
    const v = chunk.subarray(used, used + length);
    used += length;
    return v;
  };
}
