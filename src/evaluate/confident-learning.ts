/**
 * Confident learning (Northcutt et al.) as cleanlab 2.x `find_label_issues` with its defaults
 * (filter_by='prune_by_noise_rate', frac_noise=1, min_examples_per_class=1): per-class thresholds (mean
 * self-confidence), the calibrated confident joint, the prune-count matrix, and per (given, true) pair the
 * rows with the largest margin p(true) - p(given); rows whose given label is the argmax are never flagged.
 * Ties in margins are broken by row order (a stable sort). Browser-safe.
 */
import { expectInput } from '../errors.js';

/** numpy-style round half to even. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** cleanlab's round_preserving_sum on one row: round, then fix the total with the largest remainders first. */
export function roundPreservingSum(floats: number[]): number[] {
  const ints = floats.map(roundHalfEven);
  const origSum = roundHalfEven(floats.reduce((a, b) => a + b, 0));
  let intSum = roundHalfEven(ints.reduce((a, b) => a + b, 0));
  let guard = 0;
  while (Math.abs(intSum - origSum) > 1e-6 && guard++ < 1000) {
    const diff = roundHalfEven(origSum - intSum);
    const inc = diff < 0 ? -1 : 1;
    const changes = Math.min(Math.abs(diff), floats.length);
    // argsort(floats - ints) (stable) reversed: largest remainder first, later index first among ties
    const order = floats
      .map((f, i) => ({ d: f - ints[i]!, i }))
      .sort((a, b) => a.d - b.d || a.i - b.i)
      .reverse();
    for (let c = 0; c < changes; c++) ints[order[c]!.i]! += inc;
    intSum = roundHalfEven(ints.reduce((a, b) => a + b, 0));
  }
  return ints;
}

export interface LabelIssues {
  /** Row indices (into the labels) flagged, ordered by self-confidence p(given label), lowest first. */
  issues: Int32Array;
  /** confidentJoint[given][true], calibrated. */
  confidentJoint: number[][];
  /** Per-class confidence thresholds. */
  thresholds: number[];
}

/**
 * `labels`: class index per row; `proba`: row-major n x K out-of-fold probabilities. Rows with a missing
 * (NaN) probability row must be left out by the caller.
 */
export function findLabelIssues(labels: ArrayLike<number>, proba: ArrayLike<number>, K: number): LabelIssues {
  const n = labels.length;
  expectInput(
    proba.length === n * K,
    `label issues: ${proba.length} probabilities for ${n} rows x ${K} classes`,
  );
  const counts = new Float64Array(K);
  const sumSelf = new Float64Array(K);
  for (let i = 0; i < n; i++) {
    const k = labels[i]!;
    counts[k]!++;
    sumSelf[k]! += proba[i * K + k]!;
  }
  const thresholds = Array.from(sumSelf, (s, k) =>
    counts[k]! > 0 ? s / counts[k]! : Number.POSITIVE_INFINITY,
  );
  // confident joint cj[given][true]
  const cj = Array.from({ length: K }, () => new Array<number>(K).fill(0));
  for (let i = 0; i < n; i++) {
    let nConf = 0;
    let firstConf = -1;
    let argmax = 0;
    for (let k = 0; k < K; k++) {
      const p = proba[i * K + k]!;
      if (p >= thresholds[k]! - 1e-6) {
        nConf++;
        if (firstConf < 0) firstConf = k;
      }
      if (p > proba[i * K + argmax]!) argmax = k;
    }
    if (nConf === 0) continue;
    const guess = nConf > 1 ? argmax : firstConf;
    cj[labels[i]!]![guess]!++;
  }
  for (let k = 0; k < K; k++) cj[k]![k] = Math.max(cj[k]![k]!, 1);
  // calibrate: rows to the given-label counts, then the whole to n, then round preserving row totals
  const rowSums = cj.map((r) => r.reduce((a, b) => a + b, 0));
  let cal = cj.map((r, g) => r.map((v) => (v / Math.max(rowSums[g]!, 1e-8)) * counts[g]!));
  const total = cal.reduce((a, r) => a + r.reduce((x, y) => x + y, 0), 0);
  cal = cal.map((r) => r.map((v) => (v / Math.max(total, 1e-8)) * n));
  const joint = cal.map(roundPreservingSum);
  // prune count matrix = joint^T, keep at least 1 per class
  const pcm = Array.from({ length: K }, (_, t) => Array.from({ length: K }, (_, g) => joint[g]![t]!));
  const diag = pcm.map((r, k) => r[k]!);
  const newDiag = diag.map((d) => Math.max(d, 1));
  const nonZero = Array.from({ length: K }, (_, col) => pcm.reduce((a, r) => a + (r[col] !== 0 ? 1 : 0), 0));
  let mat = pcm.map((r) =>
    r.map((v, col) => Math.max(0, v - (newDiag[col]! - diag[col]!) / Math.max(nonZero[col]! - 1, 1))),
  );
  mat = mat.map((r, i) => r.map((v, col) => (i === col ? newDiag[i]! : v)));
  // _reduce_prune_counts with frac_noise 1: astype(int) truncates, then row-total-preserving rounding is a no-op
  mat = mat.map((r) => r.map((v) => Math.trunc(v)));
  const prune = mat.map(roundPreservingSum);
  const flagged = new Uint8Array(n);
  for (let k = 0; k < K; k++) {
    if (counts[k]! <= 1) continue;
    const idx: number[] = [];
    for (let i = 0; i < n; i++) if (labels[i] === k) idx.push(i);
    for (let j = 0; j < K; j++) {
      const num = prune[j]![k]!;
      if (j === k || num <= 0) continue;
      const order = idx
        .map((i, pos) => ({ i, pos, m: proba[i * K + j]! - proba[i * K + k]! }))
        .sort((a, b) => b.m - a.m || a.pos - b.pos);
      for (let c = 0; c < Math.min(num, order.length); c++) flagged[order[c]!.i] = 1;
    }
  }
  const issues: number[] = [];
  for (let i = 0; i < n; i++) {
    if (!flagged[i]) continue;
    let argmax = 0;
    for (let k = 1; k < K; k++) if (proba[i * K + k]! > proba[i * K + argmax]!) argmax = k;
    if (argmax !== labels[i]) issues.push(i);
  }
  issues.sort((a, b) => proba[a * K + labels[a]!]! - proba[b * K + labels[b]!]! || a - b);
  return { issues: Int32Array.from(issues), confidentJoint: joint, thresholds };
}
