/**
 * Split search at one node. For each examined feature the node's rows are swept in value order with
 * running class counts (or weight and weighted target sums), never re-partitioned per threshold:
 * - few distinct values in the node's range: a histogram over value ranks (one pass over the rows, then
 *   one pass over the ranks);
 * - otherwise the rows are sorted by rank (typed-array sort of packed keys).
 * Thresholds are midpoints between consecutive distinct values, as in scikit-learn. Rows missing the
 * feature are tried on both sides at every threshold; "missing vs. present" is a candidate too.
 * Extremely randomized splits draw one threshold uniformly between the node's min and max instead.
 *
 * Split quality uses scikit-learn's proxies (larger is better): gini sum_k c_k^2 / w per child, entropy
 * sum_k c_k ln c_k - w ln w per child, squared error (sum w y)^2 / w per child.
 */
import type { Rng } from '../../util/random.js';
import type { TrainData } from './data.js';

export enum Crit {
  Gini = 0,
  Entropy = 1,
  Mse = 2,
}

/** scikit-learn's FEATURE_THRESHOLD: values closer than this are one value for the random splitter. */
const FEATURE_THRESHOLD = 1e-7;

export class Splitter {
  readonly d: TrainData;
  readonly crit: Crit;
  readonly K: number;
  readonly minLeaf: number;
  readonly categoricalSorted: boolean;
  /** Rows of the tree being grown (nodes are contiguous segments) and their weights. */
  idx: Int32Array;
  w: Float64Array;
  // node totals (set by nodeStats)
  readonly tot: Float64Array;
  totW = 0;
  totS = 0;
  totS2 = 0;
  // scratch
  private readonly L: Float64Array;
  private readonly R: Float64Array;
  private readonly M: Float64Array;
  private readonly mset: Int32Array;
  private nMset = 0;
  private readonly keys: Float64Array;
  private readonly ordRows: Int32Array;
  private readonly ordRank: Int32Array;
  private readonly tmpRows: Int32Array;
  private readonly tmpRank: Int32Array;
  private readonly radixCount = new Int32Array(2048);
  private readonly hCnt: Int32Array;
  private readonly hW: Float64Array;
  private readonly hS: Float64Array;
  private readonly order: Int32Array;
  private readonly orderScore: Float64Array;
  private readonly leftRank: Uint8Array;
  // Random splits: the node's weights and targets gathered once per node (nodeStats bumps nodeStamp), and
  // the current feature's values, so the two passes over a feature read contiguous memory.
  private nodeStamp = 0;
  private gatheredStamp = -1;
  private nodeW: Float64Array | null = null;
  private nodeY: Float64Array | null = null;
  private nodeX: Float64Array | null = null;
  // current feature's missing stats
  private nM = 0;
  private wM = 0;
  private sM = 0;
  // best split of the node
  bestScore = Number.NEGATIVE_INFINITY;
  bestFeature = -1;
  bestThreshold = Number.NaN;
  /** Rank boundary of the best numeric split on ranks: rows with rank <= bestRank go left (-2: random split on values). */
  bestRank = -1;
  /** 1 missing left, 0 right, -1 no missing rows in the node (decided by child sizes). */
  bestMissingLeft = -1;
  bestCat: Int32Array | null = null;
  private bestCatOrder: Int32Array;
  private bestCatLen = 0;

  constructor(d: TrainData, crit: Crit, minLeaf: number, categoricalSorted: boolean) {
    this.d = d;
    this.crit = crit;
    this.K = d.nOut;
    this.minLeaf = minLeaf;
    this.categoricalSorted = categoricalSorted;
    const n = d.nRows;
    const K = this.K;
    this.idx = new Int32Array(n);
    this.w = new Float64Array(n);
    this.tot = new Float64Array(K);
    this.L = new Float64Array(K);
    this.R = new Float64Array(K);
    this.M = new Float64Array(K);
    this.mset = new Int32Array(K);
    this.keys = new Float64Array(n);
    this.ordRows = new Int32Array(n);
    this.ordRank = new Int32Array(n);
    this.tmpRows = new Int32Array(n);
    this.tmpRank = new Int32Array(n);
    const md = d.maxDistinct;
    // classification histograms serve categorical features only (binary targets)
    let mh = md;
    if (d.classification) {
      mh = 1;
      if (categoricalSorted && K === 2)
        for (let j = 0; j < d.nFeatures; j++) if (d.categorical[j]) mh = Math.max(mh, d.uniq[j]!.length);
    }
    this.hCnt = new Int32Array(md);
    // (numeric features use class histograms only when distinct values x classes <= node rows)
    this.hW = new Float64Array(d.classification ? Math.max(mh * K, n) : md);
    this.hS = new Float64Array(d.classification ? 0 : md);
    this.order = new Int32Array(md);
    this.orderScore = new Float64Array(mh);
    this.bestCatOrder = new Int32Array(mh);
    this.leftRank = new Uint8Array(mh);
  }

  /** Totals of the rows idx[start..end): class weights or weight, sum w*y, sum w*y^2. */
  nodeStats(start: number, end: number): void {
    this.nodeStamp++;
    const { idx, w, tot } = this;
    tot.fill(0);
    let W = 0;
    if (this.d.classification) {
      const y = this.d.yClass;
      for (let i = start; i < end; i++) {
        const r = idx[i]!;
        const ww = w[r]!;
        tot[y[r]!] += ww;
        W += ww;
      }
      this.totS = 0;
      this.totS2 = 0;
    } else {
      const y = this.d.yValue;
      let s = 0;
      let s2 = 0;
      for (let i = start; i < end; i++) {
        const r = idx[i]!;
        const ww = w[r]!;
        const v = y[r]!;
        W += ww;
        s += ww * v;
        s2 += ww * v * v;
      }
      this.totS = s;
      this.totS2 = s2;
      tot[0] = W > 0 ? s / W : 0;
    }
    this.totW = W;
  }

  /** Impurity of the node whose stats are loaded. */
  nodeImpurity(): number {
    const W = this.totW;
    if (W <= 0) return 0;
    if (this.crit === Crit.Mse) {
      const mu = this.totS / W;
      return Math.max(0, this.totS2 / W - mu * mu);
    }
    let s = 0;
    if (this.crit === Crit.Gini) {
      for (let k = 0; k < this.K; k++) {
        const p = this.tot[k]! / W;
        s += p * p;
      }
      return 1 - s;
    }
    for (let k = 0; k < this.K; k++) {
      const p = this.tot[k]! / W;
      if (p > 0) s -= p * Math.log2(p);
    }
    return s;
  }

  /** Weighted impurity sum of the children implied by a proxy score (for the impurity decrease). */
  childImpuritySum(score: number): number {
    if (this.crit === Crit.Gini) return this.totW - score;
    if (this.crit === Crit.Entropy) return -score / Math.LN2;
    return this.totS2 - score;
  }

  resetBest(): void {
    this.bestScore = Number.NEGATIVE_INFINITY;
    this.bestFeature = -1;
    this.bestThreshold = Number.NaN;
    this.bestRank = -1;
    this.bestMissingLeft = -1;
    this.bestCat = null;
    this.bestCatLen = 0;
  }

  private f(x: number): number {
    if (this.crit === Crit.Gini) return x * x;
    return x > 0 ? x * Math.log(x) : 0;
  }

  private g(S: number, w: number): number {
    if (this.crit === Crit.Gini) return S / w;
    return S - w * Math.log(w);
  }

  /**
   * Missing-value stats of feature f over idx[start..end); returns the number of present rows and the
   * present rank range in `range` (min, max), or -1 when there is nothing to split on.
   */
  private scanMissing(f: number, start: number, end: number, range: Int32Array): number {
    const { idx, w, K } = this;
    const rank = this.d.rank[f]!;
    const M = this.M;
    if (this.d.classification) M.fill(0);
    let nM = 0;
    let wM = 0;
    let sM = 0;
    let lo = 0x7fffffff;
    let hi = -1;
    const cls = this.d.classification;
    const yc = this.d.yClass;
    const yv = this.d.yValue;
    for (let i = start; i < end; i++) {
      const row = idx[i]!;
      const r = rank[row]!;
      if (r < 0) {
        const ww = w[row]!;
        nM++;
        wM += ww;
        if (cls) M[yc[row]!] += ww;
        else sM += ww * yv[row]!;
      } else {
        if (r < lo) lo = r;
        if (r > hi) hi = r;
      }
    }
    this.nM = nM;
    this.wM = wM;
    this.sM = sM;
    this.nMset = 0;
    if (cls && nM > 0) for (let k = 0; k < K; k++) if (M[k]! > 0) this.mset[this.nMset++] = k;
    const nPresent = end - start - nM;
    range[0] = lo;
    range[1] = hi;
    if (nPresent === 0 || (lo === hi && nM === 0)) return -1;
    return nPresent;
  }

  private readonly range = new Int32Array(2);

  /**
   * Examine feature f on the node idx[start..end) (stats loaded). Returns false when the feature is
   * constant there. Updates the best split.
   */
  searchFeature(f: number, start: number, end: number): boolean {
    const nU = this.d.uniq[f]!.length;
    if (nU === 0) return false;
    const cls = this.d.classification;
    const cat = this.d.categorical[f] === 1 && this.categoricalSorted && (this.K === 2 || !cls);
    if (cls && !cat && nU * this.K <= end - start) return this.histFused(f, start, end, nU);
    if (cls && !cat && nU <= end - start) {
      const m = this.countFused(f, start, end, nU);
      if (m < 0) return false;
      this.sweepRows(f, m);
      return true;
    }
    const range = this.range;
    const nPresent = this.scanMissing(f, start, end, range);
    if (nPresent < 0) return false;
    const lo = range[0]!;
    const hi = range[1]!;
    const span = hi - lo + 1;
    const sortCost = nPresent * (Math.log2(nPresent + 1) + 2);
    if (cat || (!cls && span <= sortCost)) this.sweepHistogram(f, start, end, lo, hi, cat);
    else if (span <= 2 * sortCost) this.sweepRows(f, this.orderByCounts(f, start, end, lo, hi));
    else if (nPresent >= 256) this.sweepRows(f, this.orderByRadix(f, start, end, lo, hi));
    else this.sweepRows(f, this.orderByKeys(f, start, end));
    return true;
  }

  /**
   * Classification, distinct values x classes within the node's rows: one pass fills the class
   * histogram over ranks (and the missing rows' class weights), then the ranks are swept.
   */
  private histFused(f: number, start: number, end: number, nU: number): boolean {
    const { idx, w, K, M, hCnt, hW } = this;
    const rank = this.d.rank[f]!;
    const yc = this.d.yClass;
    M.fill(0);
    let nM = 0;
    let wM = 0;
    for (let i = start; i < end; i++) {
      const row = idx[i]!;
      const r = rank[row]!;
      const ww = w[row]!;
      if (r < 0) {
        nM++;
        wM += ww;
        M[yc[row]!] += ww;
      } else {
        hCnt[r]++;
        hW[r * K + yc[row]!] += ww;
      }
    }
    let lo = 0;
    while (lo < nU && hCnt[lo] === 0) lo++;
    let hi = nU - 1;
    while (hi > lo && hCnt[hi] === 0) hi--;
    this.nM = nM;
    this.wM = wM;
    this.sM = 0;
    this.nMset = 0;
    if (nM > 0) for (let k = 0; k < K; k++) if (M[k]! > 0) this.mset[this.nMset++] = k;
    if (lo >= nU || (lo === hi && nM === 0)) {
      if (lo < nU) {
        hCnt[lo] = 0;
        hW.fill(0, lo * K, lo * K + K);
      }
      return false;
    }
    this.sweepHistogram(f, start, end, lo, hi, false, true);
    return true;
  }

  /**
   * Classification, few distinct values: one pass gathers the missing rows' class weights and counts the
   * present rows per rank, then the rows are placed in rank order (counting sort). Returns the number of
   * present rows, or -1 when the feature is constant in the node.
   */
  private countFused(f: number, start: number, end: number, nU: number): number {
    const { idx, w, K, M, hCnt } = this;
    const rank = this.d.rank[f]!;
    const yc = this.d.yClass;
    M.fill(0);
    let nM = 0;
    let wM = 0;
    for (let i = start; i < end; i++) {
      const row = idx[i]!;
      const r = rank[row]!;
      if (r < 0) {
        const ww = w[row]!;
        nM++;
        wM += ww;
        M[yc[row]!] += ww;
      } else hCnt[r]++;
    }
    let lo = 0;
    while (lo < nU && hCnt[lo] === 0) lo++;
    let hi = nU - 1;
    while (hi > lo && hCnt[hi] === 0) hi--;
    this.nM = nM;
    this.wM = wM;
    this.sM = 0;
    this.nMset = 0;
    if (nM > 0) for (let k = 0; k < K; k++) if (M[k]! > 0) this.mset[this.nMset++] = k;
    if (lo >= nU || (lo === hi && nM === 0)) {
      if (lo < nU) hCnt[lo] = 0;
      return -1;
    }
    return this.place(f, start, end, lo, hi);
  }

  /** Rows of the node with the feature present, in rank order, by counting sort over ranks lo..hi. */
  private orderByCounts(f: number, start: number, end: number, lo: number, hi: number): number {
    const { idx, hCnt } = this;
    const rank = this.d.rank[f]!;
    for (let i = start; i < end; i++) {
      const r = rank[idx[i]!]!;
      if (r >= 0) hCnt[r]++;
    }
    return this.place(f, start, end, lo, hi);
  }

  /** Counting-sort placement (hCnt holds the counts over lo..hi, left zeroed). */
  private place(f: number, start: number, end: number, lo: number, hi: number): number {
    const { idx, hCnt, ordRows, ordRank } = this;
    const rank = this.d.rank[f]!;
    let pos = 0;
    for (let r = lo; r <= hi; r++) {
      const c = hCnt[r]!;
      hCnt[r] = pos;
      pos += c;
    }
    for (let i = start; i < end; i++) {
      const row = idx[i]!;
      const r = rank[row]!;
      if (r >= 0) {
        const p = hCnt[r]!;
        ordRows[p] = row;
        ordRank[p] = r;
        hCnt[r] = p + 1;
      }
    }
    for (let r = lo; r <= hi; r++) hCnt[r] = 0;
    return pos;
  }

  /** Rows of the node with the feature present, in rank order, by an LSD radix sort of the ranks lo..hi. */
  private orderByRadix(f: number, start: number, end: number, lo: number, hi: number): number {
    const { idx } = this;
    const rank = this.d.rank[f]!;
    let srcRows = this.ordRows;
    let srcRank = this.ordRank;
    let dstRows = this.tmpRows;
    let dstRank = this.tmpRank;
    let m = 0;
    for (let i = start; i < end; i++) {
      const row = idx[i]!;
      const r = rank[row]!;
      if (r >= 0) {
        srcRows[m] = row;
        srcRank[m] = r - lo;
        m++;
      }
    }
    const bits = 32 - Math.clz32(hi - lo);
    const b = m >= 4096 ? 11 : 8;
    const mask = (1 << b) - 1;
    const count = this.radixCount;
    for (let shift = 0; shift < bits; shift += b) {
      count.fill(0, 0, mask + 1);
      for (let q = 0; q < m; q++) count[(srcRank[q]! >>> shift) & mask]++;
      let pos = 0;
      for (let d = 0; d <= mask; d++) {
        const c = count[d]!;
        count[d] = pos;
        pos += c;
      }
      for (let q = 0; q < m; q++) {
        const r = srcRank[q]!;
        const p = count[(r >>> shift) & mask]++;
        dstRows[p] = srcRows[q]!;
        dstRank[p] = r;
      }
      const tr = srcRows;
      srcRows = dstRows;
      dstRows = tr;
      const tk = srcRank;
      srcRank = dstRank;
      dstRank = tk;
    }
    if (srcRows !== this.ordRows) this.ordRows.set(srcRows.subarray(0, m));
    const ordRank = this.ordRank;
    for (let q = 0; q < m; q++) ordRank[q] = srcRank[q]! + lo;
    return m;
  }

  /** Rows of the node with the feature present, in rank order, by a typed-array sort of packed keys. */
  private orderByKeys(f: number, start: number, end: number): number {
    const { idx, keys, ordRows, ordRank } = this;
    const rank = this.d.rank[f]!;
    const n = end - start;
    let m = 0;
    for (let i = start; i < end; i++) {
      const r = rank[idx[i]!]!;
      if (r >= 0) keys[m++] = r * n + (i - start);
    }
    if (m <= 16) {
      for (let i = 1; i < m; i++) {
        const v = keys[i]!;
        let j = i - 1;
        while (j >= 0 && keys[j]! > v) {
          keys[j + 1] = keys[j]!;
          j--;
        }
        keys[j + 1] = v;
      }
    } else keys.subarray(0, m).sort();
    for (let q = 0; q < m; q++) {
      const key = keys[q]!;
      const local = key % n;
      ordRows[q] = idx[start + local]!;
      ordRank[q] = (key - local) / n;
    }
    return m;
  }

  private considerBoundaryClf(
    nL: number,
    nR: number,
    wL: number,
    wR: number,
    SL: number,
    SR: number,
  ): number {
    const minLeaf = this.minLeaf;
    const nM = this.nM;
    let best = Number.NEGATIVE_INFINITY;
    let dir = -1;
    if (nM === 0) {
      if (nL >= minLeaf && nR >= minLeaf) {
        best = this.g(SL, wL) + this.g(SR, wR);
      }
    } else {
      const { L, R, M, mset } = this;
      const wM = this.wM;
      // missing right
      if (nL >= minLeaf && nR + nM >= minLeaf && nL > 0) {
        let S = SR;
        for (let q = 0; q < this.nMset; q++) {
          const k = mset[q]!;
          S += this.f(R[k]! + M[k]!) - this.f(R[k]!);
        }
        const v = this.g(SL, wL) + this.g(S, wR + wM);
        if (v > best) {
          best = v;
          dir = 0;
        }
      }
      // missing left
      if (nL + nM >= minLeaf && nR >= minLeaf && nR > 0) {
        let S = SL;
        for (let q = 0; q < this.nMset; q++) {
          const k = mset[q]!;
          S += this.f(L[k]! + M[k]!) - this.f(L[k]!);
        }
        const v = this.g(S, wL + wM) + this.g(SR, wR);
        if (v > best) {
          best = v;
          dir = 1;
        }
      }
    }
    this.lastDir = dir;
    return best;
  }

  private considerBoundaryReg(
    nL: number,
    nR: number,
    wL: number,
    wR: number,
    SL: number,
    SR: number,
  ): number {
    const minLeaf = this.minLeaf;
    const nM = this.nM;
    let best = Number.NEGATIVE_INFINITY;
    let dir = -1;
    if (nM === 0) {
      if (nL >= minLeaf && nR >= minLeaf) best = (SL * SL) / wL + (SR * SR) / wR;
    } else {
      const wM = this.wM;
      const sM = this.sM;
      if (nL >= minLeaf && nR + nM >= minLeaf && nL > 0) {
        const v = (SL * SL) / wL + ((SR + sM) * (SR + sM)) / (wR + wM);
        if (v > best) {
          best = v;
          dir = 0;
        }
      }
      if (nL + nM >= minLeaf && nR >= minLeaf && nR > 0) {
        const v = ((SL + sM) * (SL + sM)) / (wL + wM) + (SR * SR) / wR;
        if (v > best) {
          best = v;
          dir = 1;
        }
      }
    }
    this.lastDir = dir;
    return best;
  }

  private lastDir = -1;

  private setBestNumeric(f: number, score: number, rLo: number, rHi: number): void {
    const u = this.d.uniq[f]!;
    let t: number;
    if (rHi < 0) t = Number.POSITIVE_INFINITY;
    else {
      const a = u[rLo]!;
      const b = u[rHi]!;
      t = a / 2 + b / 2;
      // scikit-learn's rule (the midpoint rounds up to b, or overflows), plus -Infinity/+Infinity neighbours
      if (!(t >= a && t < b) || t === Number.POSITIVE_INFINITY || (t === Number.NEGATIVE_INFINITY && a !== t))
        t = a;
    }
    this.bestScore = score;
    this.bestFeature = f;
    this.bestThreshold = t;
    this.bestRank = rHi < 0 ? 0x7fffffff : rLo;
    this.bestMissingLeft = this.nM === 0 ? -1 : this.lastDir;
    this.bestCat = null;
  }

  private sweepHistogram(
    f: number,
    start: number,
    end: number,
    lo: number,
    hi: number,
    cat: boolean,
    filled = false,
  ): void {
    const { idx, w, hCnt, hW, hS, K } = this;
    const rank = this.d.rank[f]!;
    const cls = this.d.classification;
    const yc = this.d.yClass;
    const yv = this.d.yValue;
    // fill
    if (filled) {
      // done by the caller
    } else if (cls) {
      for (let i = start; i < end; i++) {
        const row = idx[i]!;
        const r = rank[row]!;
        if (r < 0) continue;
        hCnt[r]++;
        hW[r * K + yc[row]!] += w[row]!;
      }
    } else {
      for (let i = start; i < end; i++) {
        const row = idx[i]!;
        const r = rank[row]!;
        if (r < 0) continue;
        const ww = w[row]!;
        hCnt[r]++;
        hW[r] += ww;
        hS[r] += ww * yv[row]!;
      }
    }
    // bin order: rank order, or (categorical) by second-class proportion / mean
    const order = this.order;
    let nb = 0;
    for (let r = lo; r <= hi; r++) if (hCnt[r]! > 0) order[nb++] = r;
    if (cat && nb > 2) {
      const sc = this.orderScore;
      for (let q = 0; q < nb; q++) {
        const r = order[q]!;
        if (cls) {
          const a = hW[r * K]!;
          const b = hW[r * K + 1]!;
          sc[r] = b / (a + b);
        } else sc[r] = hS[r]! / hW[r]!;
      }
      // by (score, rank): insertion sort for the usual few categories
      if (nb > 48) {
        const sub = Array.from(order.subarray(0, nb));
        sub.sort((a, b) => sc[a]! - sc[b]! || a - b);
        order.set(sub);
      }
      for (let q = 1; q < nb; q++) {
        const r = order[q]!;
        const v = sc[r]!;
        let j = q - 1;
        while (j >= 0 && (sc[order[j]!]! > v || (sc[order[j]!]! === v && order[j]! > r))) {
          order[j + 1] = order[j]!;
          j--;
        }
        order[j + 1] = r;
      }
    }
    const nM = this.nM;
    const nPresent = end - start - nM;
    const wT = this.totW - this.wM;
    let found = false;
    let bestPos = -1;
    if (cls) {
      const { L, R, M, tot } = this;
      let SL = 0;
      let SR = 0;
      for (let k = 0; k < K; k++) {
        L[k] = 0;
        R[k] = tot[k]! - M[k]!;
        SR += this.f(R[k]!);
      }
      let nL = 0;
      let wL = 0;
      for (let q = 0; q < nb; q++) {
        const r = order[q]!;
        if (nL > 0) {
          const v = this.considerBoundaryClf(nL, nPresent - nL, wL, wT - wL, SL, SR);
          if (v > this.bestScore) {
            found = true;
            bestPos = q;
            this.setBestNumeric(f, v, order[q - 1]!, r);
          }
        }
        const base = r * K;
        let bw = 0;
        for (let k = 0; k < K; k++) {
          const b = hW[base + k]!;
          if (b !== 0) {
            const l = L[k]!;
            const rr = R[k]!;
            SL += this.f(l + b) - this.f(l);
            SR += this.f(rr - b) - this.f(rr);
            L[k] = l + b;
            R[k] = rr - b;
            bw += b;
            hW[base + k] = 0;
          }
        }
        nL += hCnt[r]!;
        hCnt[r] = 0;
        wL += bw;
      }
      if (nM > 0 && nL > 0) {
        // all present rows left, missing right
        for (let k = 0; k < K; k++) R[k] = 0;
        const v = this.considerBoundaryClf(nL, 0, wL, 0, SL, 0);
        if (v > this.bestScore && this.lastDir === 0) {
          found = true;
          bestPos = nb;
          this.setBestNumeric(f, v, hi, -1);
        }
      }
    } else {
      let SL = 0;
      const sT = this.totS - this.sM;
      let nL = 0;
      let wL = 0;
      for (let q = 0; q < nb; q++) {
        const r = order[q]!;
        if (nL > 0) {
          const v = this.considerBoundaryReg(nL, nPresent - nL, wL, wT - wL, SL, sT - SL);
          if (v > this.bestScore) {
            found = true;
            bestPos = q;
            this.setBestNumeric(f, v, order[q - 1]!, r);
          }
        }
        nL += hCnt[r]!;
        wL += hW[r]!;
        SL += hS[r]!;
        hCnt[r] = 0;
        hW[r] = 0;
        hS[r] = 0;
      }
      if (nM > 0 && nL > 0) {
        const v = this.considerBoundaryReg(nL, 0, wL, 0, SL, 0);
        if (v > this.bestScore && this.lastDir === 0) {
          found = true;
          bestPos = nb;
          this.setBestNumeric(f, v, hi, -1);
        }
      }
    }
    if (found && cat) {
      // left = the first bestPos bins of the order
      this.bestThreshold = Number.NaN;
      this.bestRank = -1;
      this.bestCatOrder.set(order.subarray(0, bestPos));
      this.bestCatLen = bestPos;
      this.bestCat = this.bestCatOrder;
    }
  }

  /** Sweep the m present rows ordered in ordRows / ordRank (missing stats loaded). */
  private sweepRows(f: number, m: number): void {
    const { w, ordRows, ordRank, K } = this;
    const nM = this.nM;
    const nPresent = m;
    const wT = this.totW - this.wM;
    const minLeaf = this.minLeaf;
    let prevR = -1;
    let nL = 0;
    let wL = 0;
    if (this.d.classification) {
      const yc = this.d.yClass;
      const { L, R, M, tot } = this;
      let SL = 0;
      let SR = 0;
      for (let k = 0; k < K; k++) {
        L[k] = 0;
        R[k] = tot[k]! - M[k]!;
        SR += this.f(R[k]!);
      }
      const gini = this.crit === Crit.Gini;
      for (let q = 0; q < m; q++) {
        const r = ordRank[q]!;
        if (r !== prevR && nL > 0 && nL + nM >= minLeaf && nPresent - nL + nM >= minLeaf) {
          const v = this.considerBoundaryClf(nL, nPresent - nL, wL, wT - wL, SL, SR);
          if (v > this.bestScore) this.setBestNumeric(f, v, prevR, r);
        }
        prevR = r;
        const row = ordRows[q]!;
        const c = yc[row]!;
        const ww = w[row]!;
        const l = L[c]!;
        const rr = R[c]!;
        if (gini) {
          SL += ww * (2 * l + ww);
          SR += ww * (ww - 2 * rr);
        } else {
          SL += this.f(l + ww) - this.f(l);
          SR += this.f(rr - ww) - this.f(rr);
        }
        L[c] = l + ww;
        R[c] = rr - ww;
        wL += ww;
        nL++;
      }
      if (nM > 0) {
        for (let k = 0; k < K; k++) R[k] = 0;
        const v = this.considerBoundaryClf(nL, 0, wL, 0, SL, 0);
        if (v > this.bestScore && this.lastDir === 0) this.setBestNumeric(f, v, prevR, -1);
      }
    } else {
      const yv = this.d.yValue;
      const sT = this.totS - this.sM;
      let SL = 0;
      for (let q = 0; q < m; q++) {
        const r = ordRank[q]!;
        if (r !== prevR && nL > 0 && nL + nM >= minLeaf && nPresent - nL + nM >= minLeaf) {
          const v = this.considerBoundaryReg(nL, nPresent - nL, wL, wT - wL, SL, sT - SL);
          if (v > this.bestScore) this.setBestNumeric(f, v, prevR, r);
        }
        prevR = r;
        const row = ordRows[q]!;
        const ww = w[row]!;
        SL += ww * yv[row]!;
        wL += ww;
        nL++;
      }
      if (nM > 0) {
        const v = this.considerBoundaryReg(nL, 0, wL, 0, SL, 0);
        if (v > this.bestScore && this.lastDir === 0) this.setBestNumeric(f, v, prevR, -1);
      }
    }
  }

  /** Extremely randomized split on feature f: one uniform threshold between the node's min and max. */
  searchRandom(f: number, start: number, end: number, rand: Rng): boolean {
    const { idx, w, K } = this;
    const col = this.d.columns[f]!;
    const cls = this.d.classification;
    const yc = this.d.yClass;
    const yv = this.d.yValue;
    const M = this.M;
    const m = end - start;
    if (!this.nodeW || this.nodeW.length < this.idx.length) {
      this.nodeW = new Float64Array(this.idx.length);
      this.nodeY = new Float64Array(this.idx.length);
      this.nodeX = new Float64Array(this.idx.length);
    }
    const nw = this.nodeW;
    const ny = this.nodeY!;
    const nx = this.nodeX!;
    if (this.gatheredStamp !== this.nodeStamp) {
      this.gatheredStamp = this.nodeStamp;
      for (let i = 0; i < m; i++) {
        const row = idx[start + i]!;
        nw[i] = w[row]!;
        ny[i] = cls ? yc[row]! : yv[row]!;
      }
    }
    if (cls) M.fill(0);
    let nM = 0;
    let wM = 0;
    let sM = 0;
    let mn = Number.POSITIVE_INFINITY;
    let mx = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < m; i++) {
      const v = col[idx[start + i]!]!;
      nx[i] = v;
      if (Number.isNaN(v)) {
        const ww = nw[i]!;
        nM++;
        wM += ww;
        if (cls) M[ny[i]!] += ww;
        else sM += ww * ny[i]!;
      } else {
        if (v < mn) mn = v;
        if (v > mx) mx = v;
      }
    }
    this.nM = nM;
    this.wM = wM;
    this.sM = sM;
    this.nMset = 0;
    if (cls && nM > 0) for (let k = 0; k < K; k++) if (M[k]! > 0) this.mset[this.nMset++] = k;
    const nPresent = end - start - nM;
    if (nPresent === 0) return false;
    let t: number;
    if (mx <= mn + FEATURE_THRESHOLD) {
      if (nM === 0) return false;
      t = Number.POSITIVE_INFINITY; // present vs missing
    } else {
      t = mn + rand.next() * (mx - mn);
      if (t >= mx) t = mn;
    }
    let nL = 0;
    let wL = 0;
    let SL = 0;
    let v: number;
    const wT = this.totW - wM;
    if (cls) {
      const { L, R, tot } = this;
      L.fill(0);
      // branchless: random thresholds make the comparison unpredictable
      for (let i = 0; i < m; i++) {
        // (1 & -(a <= b)) is 1 or 0 without a branch
        const lw = (1 & -(nx[i]! <= t)) * nw[i]!;
        L[ny[i]!] += lw;
        wL += lw;
        nL += 1 & -(lw > 0);
      }
      let SR = 0;
      for (let k = 0; k < K; k++) {
        R[k] = tot[k]! - M[k]! - L[k]!;
        SL += this.f(L[k]!);
        SR += this.f(R[k]!);
      }
      v =
        nL === 0
          ? Number.NEGATIVE_INFINITY
          : this.considerBoundaryClf(nL, nPresent - nL, wL, wT - wL, SL, SR);
    } else {
      for (let i = 0; i < m; i++) {
        const lw = (1 & -(nx[i]! <= t)) * nw[i]!;
        SL += lw * ny[i]!;
        wL += lw;
        nL += 1 & -(lw > 0);
      }
      const sT = this.totS - sM;
      v =
        nL === 0
          ? Number.NEGATIVE_INFINITY
          : this.considerBoundaryReg(nL, nPresent - nL, wL, wT - wL, SL, sT - SL);
    }
    if (nPresent - nL === 0 && this.lastDir !== 0) v = Number.NEGATIVE_INFINITY;
    if (v > this.bestScore) {
      this.bestScore = v;
      this.bestFeature = f;
      this.bestThreshold = t;
      this.bestRank = -2;
      this.bestMissingLeft = nM === 0 ? -1 : this.lastDir;
      this.bestCat = null;
    }
    return true;
  }

  /** Category codes going left in the best categorical split (sorted). */
  bestCategories(): Int32Array | null {
    if (!this.bestCat) return null;
    const u = this.d.uniq[this.bestFeature]!;
    const codes = Int32Array.from(this.bestCatOrder.subarray(0, this.bestCatLen), (r) => u[r]!);
    return codes.sort();
  }

  /**
   * Partition idx[start..end) by the best split: left rows first, order kept. Returns the first right
   * position; sets `missingGoesLeft` (decided by child sizes when the node had no missing rows).
   */
  partition(start: number, end: number, scratch: Int32Array): number {
    const { idx } = this;
    const f = this.bestFeature;
    const rank = this.d.rank[f]!;
    const ml = this.bestMissingLeft === 1;
    let p = start;
    let q = 0;
    if (this.bestCat) {
      const lr = this.leftRank;
      const ord = this.bestCatOrder;
      for (let k = 0; k < this.bestCatLen; k++) lr[ord[k]!] = 1;
      for (let i = start; i < end; i++) {
        const row = idx[i]!;
        const r = rank[row]!;
        const go = (r < 0 ? ml : lr[r] === 1) ? 1 : 0;
        idx[p] = row;
        scratch[q] = row;
        p += go;
        q += 1 - go;
      }
      for (let k = 0; k < this.bestCatLen; k++) lr[ord[k]!] = 0;
    } else if (this.bestRank === -2) {
      const col = this.d.columns[f]!;
      const t = this.bestThreshold;
      for (let i = start; i < end; i++) {
        const row = idx[i]!;
        const v = col[row]!;
        const go = (Number.isNaN(v) ? ml : v <= t) ? 1 : 0;
        idx[p] = row;
        scratch[q] = row;
        p += go;
        q += 1 - go;
      }
    } else {
      const br = this.bestRank;
      for (let i = start; i < end; i++) {
        const row = idx[i]!;
        const r = rank[row]!;
        const go = (r < 0 ? ml : r <= br) ? 1 : 0;
        idx[p] = row;
        scratch[q] = row;
        p += go;
        q += 1 - go;
      }
    }
    idx.set(scratch.subarray(0, q), p);
    if (this.bestMissingLeft < 0) this.missingGoesLeft = p - start >= end - p;
    else this.missingGoesLeft = ml;
    return p;
  }

  missingGoesLeft = false;

  /** Copy of the best split (best-first growth searches other nodes before partitioning this one). */
  saveBest(): {
    feature: number;
    threshold: number;
    rank: number;
    missingLeft: number;
    cat: Int32Array | null;
    catOrder: Int32Array | null;
  } {
    return {
      feature: this.bestFeature,
      threshold: this.bestThreshold,
      rank: this.bestRank,
      missingLeft: this.bestMissingLeft,
      cat: this.bestCategories(),
      catOrder: this.bestCat ? this.bestCatOrder.slice(0, this.bestCatLen) : null,
    };
  }

  loadBest(s: {
    feature: number;
    threshold: number;
    rank: number;
    missingLeft: number;
    catOrder: Int32Array | null;
  }): void {
    this.bestFeature = s.feature;
    this.bestThreshold = s.threshold;
    this.bestRank = s.rank;
    this.bestMissingLeft = s.missingLeft;
    if (s.catOrder) {
      this.bestCatOrder.set(s.catOrder);
      this.bestCatLen = s.catOrder.length;
      this.bestCat = this.bestCatOrder;
    } else {
      this.bestCat = null;
      this.bestCatLen = 0;
    }
  }
}
