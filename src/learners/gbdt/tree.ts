/**
 * Leaf-wise (best-first) tree growth on binned data, LightGBM style: the leaf whose best split gains the
 * most is split next, until `num_leaves` leaves or no split gains. Each leaf owns a contiguous segment of
 * one row index array; a split partitions the segment in place (stably, so rows stay in ascending order
 * for cache-friendly reads). Only the smaller child's histogram is built; the larger one's is the
 * parent's minus the smaller's, computed in the parent's buffer. All buffers are allocated once per fit,
 * in a WebAssembly memory when the kernels can run (histograms, the partition and the numeric split scan
 * then run there, see grower-memory.ts and wasm.ts), else as plain typed arrays for the JavaScript
 * loops; both give the same trees, bit for bit.
 */
import type { BinnedData } from './binning.js';
import { createGrowerMemory, type GrowerMemory } from './grower-memory.js';
import { buildHistogram, buildHistogramSparse, buildHistogramSubset } from './histogram.js';
import { findBestSplit, leafOutput, SplitInfo, type SplitParams } from './split.js';
import type { TreeData } from './treeData.js';

export interface GrowParams extends SplitParams {
  numLeaves: number;
  /** -1 for no limit. */
  maxDepth: number;
}

export class TreeGrower {
  readonly data: BinnedData;
  readonly p: GrowParams;
  /** Row indices; leaf s owns rows[leafBegin[s] .. leafEnd[s]). */
  readonly rows: Int32Array;
  /** Gradient pairs (gh[2r] gradient, gh[2r+1] hessian) for `grow`: filling this one avoids a copy. */
  readonly gh: Float64Array;
  private readonly tmp: Int32Array;
  /** The kernel memory and its layout; null when the JavaScript loops run. */
  private readonly mem: GrowerMemory | null;
  readonly leafBegin: Int32Array;
  readonly leafEnd: Int32Array;
  readonly leafG: Float64Array;
  readonly leafH: Float64Array;
  readonly leafC: Float64Array;
  private readonly depth: Int32Array;
  private readonly parentNode: Int32Array;
  private readonly isLeft: Uint8Array;
  private readonly histOf: Int32Array;
  private readonly splits: SplitInfo[];
  private readonly pool: Float64Array[] = [];
  private readonly free: number[] = [];
  private readonly histSize: number;
  private readonly offsets2: Int32Array;
  // Internal nodes of the tree being grown, on bins.
  private readonly nodeFeature: Int32Array;
  private readonly nodeBin: Int32Array;
  private readonly nodeDefaultLeft: Uint8Array;
  private readonly nodeLeftBins: Uint8Array[];
  private readonly nodeLeft: Int32Array;
  private readonly nodeRight: Int32Array;
  private readonly nodeGain: Float64Array;
  private readonly nodeG: Float64Array;
  private readonly nodeH: Float64Array;
  private readonly nodeC: Float64Array;
  /** Partition table over global bins: 1 for the split feature's bins that go left. */
  private readonly table: Uint8Array;
  private readonly scratch = new Int32Array(257);
  private readonly keys = new Float64Array(257);
  private feats: Int32Array;
  private allFeats: boolean;
  nLeaves = 0;
  nNodes = 0;

  constructor(data: BinnedData, p: GrowParams) {
    this.data = data;
    this.p = p;
    const n = data.nRows;
    const L = p.numLeaves;
    const F = data.features.length;
    this.histSize = 2 * data.offsets[F]!;
    // Only splittable leaves keep a histogram, and they hold at least max(1, 2 * min_child_samples) rows
    // each: the pool needs at most that many slots, plus one for the child allocated during a split before
    // its parent's slot is handed on, and one spare.
    const slots = Math.min(L, Math.floor(n / Math.max(1, 2 * p.minChildSamples))) + 2;
    const mem = F > 0 && n > 0 ? createGrowerMemory(data, slots) : null;
    this.mem = mem;
    if (mem) {
      this.gh = mem.gh;
      this.rows = mem.rows;
      this.tmp = mem.tmp;
      this.table = mem.table;
      this.pool.push(...mem.pool);
    } else {
      this.gh = new Float64Array(2 * n);
      this.rows = new Int32Array(n);
      this.tmp = new Int32Array(n);
      this.table = new Uint8Array(data.offsets[F]!);
    }
    this.leafBegin = new Int32Array(L);
    this.leafEnd = new Int32Array(L);
    this.leafG = new Float64Array(L);
    this.leafH = new Float64Array(L);
    this.leafC = new Float64Array(L);
    this.depth = new Int32Array(L);
    this.parentNode = new Int32Array(L);
    this.isLeft = new Uint8Array(L);
    this.histOf = new Int32Array(L);
    this.splits = Array.from({ length: L }, () => new SplitInfo());
    this.offsets2 = Int32Array.from(data.offsets, (o) => 2 * o);
    this.nodeFeature = new Int32Array(L);
    this.nodeBin = new Int32Array(L);
    this.nodeDefaultLeft = new Uint8Array(L);
    this.nodeLeftBins = Array.from({ length: L }, () => new Uint8Array(0));
    this.nodeLeft = new Int32Array(L);
    this.nodeRight = new Int32Array(L);
    this.nodeGain = new Float64Array(L);
    this.nodeG = new Float64Array(L);
    this.nodeH = new Float64Array(L);
    this.nodeC = new Float64Array(L);
    this.feats = Int32Array.from({ length: F }, (_, i) => i);
    this.allFeats = true;
  }

  private alloc(): number {
    const i = this.free.pop();
    if (i !== undefined) return i;
    if (this.mem) throw new Error('gbdt: histogram pool exhausted');
    this.pool.push(new Float64Array(this.histSize));
    return this.pool.length - 1;
  }

  private release(s: number): void {
    if (this.histOf[s]! >= 0) this.free.push(this.histOf[s]!);
    this.histOf[s] = -1;
  }

  private splittable(s: number): boolean {
    const p = this.p;
    return (
      (p.maxDepth < 0 || this.depth[s]! < p.maxDepth) &&
      this.leafC[s]! >= 2 * p.minChildSamples &&
      this.leafH[s]! >= 2 * p.minChildWeight
    );
  }

  private build(s: number, gh: Float64Array): void {
    const slot = this.histOf[s]!;
    const h = this.pool[slot]!;
    const d = this.data;
    const begin = this.leafBegin[s]!;
    const end = this.leafEnd[s]!;
    const ptr = this.mem?.ptr;
    if (ptr) {
      const k = this.mem!.km.k;
      const hp = ptr.pool + slot * ptr.histBytes;
      const F = d.features.length;
      if (this.allFeats && d.sparse) {
        h.fill(0);
        if (ptr.wide) k.hist_sparse32(ptr.rowStart, ptr.cells, ptr.gh, ptr.rows, begin, end, hp);
        else k.hist_sparse16(ptr.rowStart, ptr.cells, ptr.gh, ptr.rows, begin, end, hp);
        const H = this.leafH[s]!;
        k.fill_skipped(
          hp,
          ptr.skipped,
          ptr.from,
          ptr.to,
          d.sparse.skipped.length,
          this.leafG[s]!,
          H,
          1e-12 * Math.abs(H),
        );
      } else if (this.allFeats) {
        h.fill(0);
        if (ptr.wide) k.hist_dense32(ptr.bins, F, ptr.gh, ptr.rows, begin, end, hp);
        else k.hist_dense16(ptr.bins, F, ptr.gh, ptr.rows, begin, end, hp);
      } else {
        const feats = this.feats;
        for (let q = 0; q < feats.length; q++)
          h.fill(0, this.offsets2[feats[q]!]!, this.offsets2[feats[q]! + 1]!);
        if (ptr.wide) k.hist_subset32(ptr.bins, F, ptr.feats, feats.length, ptr.gh, ptr.rows, begin, end, hp);
        else k.hist_subset16(ptr.bins, F, ptr.feats, feats.length, ptr.gh, ptr.rows, begin, end, hp);
      }
      return;
    }
    if (this.allFeats && d.sparse) {
      buildHistogramSparse(d.sparse, gh, this.rows, begin, end, this.leafG[s]!, this.leafH[s]!, h);
    } else if (this.allFeats) {
      buildHistogram(d.bins, d.features.length, gh, this.rows, begin, end, h);
    } else {
      buildHistogramSubset(
        d.bins,
        d.features.length,
        this.offsets2,
        this.feats,
        gh,
        this.rows,
        begin,
        end,
        h,
      );
    }
  }

  private find(s: number, sibling: Float64Array | null = null): void {
    findBestSplit(
      this.data,
      this.pool[this.histOf[s]!]!,
      this.feats,
      this.leafG[s]!,
      this.leafH[s]!,
      this.leafC[s]!,
      this.p,
      this.splits[s]!,
      this.scratch,
      this.keys,
      sibling,
      this.mem?.split ?? null,
    );
  }

  /**
   * Grow one tree for the gradient pairs `gh` over the rows `bag` (all rows when null), splitting only on
   * the usable features listed in `feats` (all when null). Leaves and their rows are then readable from
   * leafBegin/leafEnd/rows; `toTree` turns the result into raw-value TreeData.
   */
  grow(gh0: Float64Array, bag: Int32Array | null, feats: Int32Array | null): number {
    const F = this.data.features.length;
    this.allFeats = feats === null || feats.length === F;
    this.feats = feats ?? Int32Array.from({ length: F }, (_, i) => i);
    this.mem?.feats.set(this.feats);
    // The kernels read the gradients from their memory: copy them there unless they were written there.
    if (this.mem && gh0 !== this.gh) this.gh.set(gh0);
    const gh = this.mem ? this.gh : gh0;
    const rows = this.rows;
    let n: number;
    if (bag) {
      rows.set(bag);
      n = bag.length;
    } else {
      n = this.data.nRows;
      for (let i = 0; i < n; i++) rows[i] = i;
    }
    let G = 0;
    let H = 0;
    for (let k = 0; k < n; k++) {
      const r = rows[k]!;
      G += gh[2 * r]!;
      H += gh[2 * r + 1]!;
    }
    this.free.length = 0;
    for (let i = this.pool.length - 1; i >= 0; i--) this.free.push(i);
    this.histOf.fill(-1);
    this.nLeaves = 1;
    this.nNodes = 0;
    this.leafBegin[0] = 0;
    this.leafEnd[0] = n;
    this.leafG[0] = G;
    this.leafH[0] = H;
    this.leafC[0] = n;
    this.depth[0] = 0;
    this.parentNode[0] = -1;
    this.splits[0]!.reset();
    if (this.p.numLeaves > 1 && this.splittable(0) && F > 0) {
      this.histOf[0] = this.alloc();
      this.build(0, gh);
      this.find(0);
    }
    while (this.nLeaves < this.p.numLeaves) {
      let best = -1;
      let bestGain = Number.NEGATIVE_INFINITY;
      for (let s = 0; s < this.nLeaves; s++) {
        const sp = this.splits[s]!;
        if (sp.feature >= 0 && sp.gain > bestGain) {
          bestGain = sp.gain;
          best = s;
        }
      }
      if (best < 0) break;
      this.split(best, gh);
    }
    return this.nLeaves;
  }

  private split(s: number, gh: Float64Array): void {
    const sp = this.splits[s]!;
    const d = this.data;
    const F = d.features.length;
    const f = sp.feature;
    const fb = d.features[f]!;
    const nb = fb.nValueBins;
    const table = this.table;
    const o = d.offsets[f]!;
    if (sp.categorical) {
      for (let b = 0; b <= nb; b++) table[o + b] = sp.leftBins[b]!;
    } else {
      for (let b = 0; b < nb; b++) table[o + b] = b <= sp.threshold ? 1 : 0;
      table[o + nb] = sp.defaultLeft ? 1 : 0;
    }
    // Stable partition of the leaf's rows: left rows stay in place, right rows go through tmp.
    const begin = this.leafBegin[s]!;
    const end = this.leafEnd[s]!;
    const ptr = this.mem?.ptr;
    let mid: number;
    if (ptr) {
      const k = this.mem!.km.k;
      mid = ptr.wide
        ? k.partition32(ptr.bins, F, f, ptr.table, ptr.rows, ptr.tmp, begin, end)
        : k.partition16(ptr.bins, F, f, ptr.table, ptr.rows, ptr.tmp, begin, end);
    } else {
      const rows = this.rows;
      const tmp = this.tmp;
      const bins = d.bins;
      let w = begin;
      let nr = 0;
      for (let k = begin; k < end; k++) {
        const r = rows[k]!;
        const isLeft = table[bins[r * F + f]!]!;
        rows[w] = r;
        tmp[nr] = r;
        w += isLeft;
        nr += isLeft ^ 1;
      }
      rows.set(tmp.subarray(0, nr), w);
      mid = w;
    }

    // Record the internal node and hook it under its parent.
    const node = this.nNodes++;
    this.nodeFeature[node] = f;
    this.nodeBin[node] = sp.threshold;
    this.nodeDefaultLeft[node] = sp.defaultLeft ? 1 : 0;
    this.nodeLeftBins[node] = sp.categorical ? sp.leftBins.slice(0, nb + 1) : new Uint8Array(0);
    this.nodeGain[node] = sp.gain;
    this.nodeG[node] = this.leafG[s]!;
    this.nodeH[node] = this.leafH[s]!;
    this.nodeC[node] = this.leafC[s]!;
    const pn = this.parentNode[s]!;
    if (pn >= 0) {
      if (this.isLeft[s] === 1) this.nodeLeft[pn] = node;
      else this.nodeRight[pn] = node;
    }
    const r = this.nLeaves++;
    this.nodeLeft[node] = ~s;
    this.nodeRight[node] = ~r;
    const depth = this.depth[s]! + 1;
    this.leafBegin[r] = mid;
    this.leafEnd[r] = end;
    this.leafG[r] = this.leafG[s]! - sp.leftG;
    this.leafH[r] = this.leafH[s]! - sp.leftH;
    this.leafC[r] = end - mid;
    this.depth[r] = depth;
    this.parentNode[r] = node;
    this.isLeft[r] = 0;
    this.leafEnd[s] = mid;
    this.leafG[s] = sp.leftG;
    this.leafH[s] = sp.leftH;
    this.leafC[s] = mid - begin;
    this.depth[s] = depth;
    this.parentNode[s] = node;
    this.isLeft[s] = 1;
    this.splits[s]!.reset();
    this.splits[r]!.reset();

    const parentHist = this.histOf[s]!;
    this.histOf[r] = -1;
    const room = this.nLeaves < this.p.numLeaves;
    const okL = room && this.splittable(s);
    const okR = room && this.splittable(r);
    if (!okL && !okR) {
      this.release(s);
      return;
    }
    const small = this.leafC[s]! <= this.leafC[r]! ? s : r;
    const large = small === s ? r : s;
    const largeOk = small === s ? okR : okL;
    const smallOk = small === s ? okL : okR;
    const h = this.alloc();
    this.histOf[small] = h;
    this.histOf[large] = parentHist;
    this.build(small, gh);
    if (largeOk) this.find(large, this.pool[h]!);
    else this.release(large);
    if (smallOk) this.find(small);
    else this.release(small);
  }

  /**
   * The grown tree on raw values. `leafValue[s]` is the output of leaf slot s (shrinkage included);
   * internal nodes get the shrunk Newton output of their totals.
   */
  toTree(leafValue: Float64Array, learningRate: number): TreeData {
    const d = this.data;
    const ni = this.nNodes;
    const nl = this.nLeaves;
    const p = this.p;
    const t: TreeData = {
      feature: new Int32Array(ni),
      threshold: new Float64Array(ni),
      defaultLeft: new Uint8Array(ni),
      categories: [],
      left: this.nodeLeft.slice(0, ni),
      right: this.nodeRight.slice(0, ni),
      gain: this.nodeGain.slice(0, ni),
      nodeValue: new Float64Array(ni),
      nodeHessian: this.nodeH.slice(0, ni),
      nodeCount: this.nodeC.slice(0, ni),
      leafValue: leafValue.slice(0, nl),
      leafHessian: this.leafH.slice(0, nl),
      leafCount: this.leafC.slice(0, nl),
    };
    for (let i = 0; i < ni; i++) {
      const fb = d.features[this.nodeFeature[i]!]!;
      t.feature[i] = fb.feature;
      t.defaultLeft[i] = this.nodeDefaultLeft[i]!;
      t.nodeValue[i] = learningRate * leafOutput(this.nodeG[i]!, this.nodeH[i]!, p.lambdaL1, p.lambdaL2);
      if (fb.categorical) {
        const lb = this.nodeLeftBins[i]!;
        const codes: number[] = [];
        for (let c = 0; c < fb.codeToBin.length; c++) {
          const b = fb.codeToBin[c]!;
          if (b >= 0 && lb[b] === 1) codes.push(c);
        }
        t.categories.push(Int32Array.from(codes));
        t.threshold[i] = Number.NaN;
      } else {
        const b = this.nodeBin[i]!;
        t.categories.push(null);
        t.threshold[i] = b < fb.nValueBins - 1 ? fb.edges[b]! : Number.POSITIVE_INFINITY;
      }
    }
    return t;
  }
}
