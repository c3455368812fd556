/**
 * Group metrics for fairness, following fairlearn's definitions: per group the selection rate (share
 * predicted positive), true and false positive rates and accuracy (classification) or MAE and mean
 * prediction (regression); demographic parity difference = max - min selection rate over groups,
 * equalized odds difference = the larger of the TPR and FPR max - min differences. Multiclass: one-vs-rest
 * per class, the largest difference over classes. Browser-safe.
 */

export interface GroupMetrics {
  group: string;
  count: number;
  /** Accuracy (classification) or MAE (regression). */
  score: number;
  /** Per class (binary: only the positive class 1): share of rows predicted as that class. */
  selectionRate: number[];
  tpr: number[];
  fpr: number[];
  meanPrediction?: number;
}

export interface FairnessResult {
  groups: GroupMetrics[];
  /** Groups left out for having fewer than minRows rows (the 20 largest of them). */
  small: { group: string; count: number }[];
  /** Number of groups left out for size. */
  smallGroups: number;
  demographicParityDifference: number;
  equalizedOddsDifference: number;
  /** Largest minus smallest group score. */
  scoreDifference: number;
}

const spread = (xs: number[]) => {
  const f = xs.filter((x) => Number.isFinite(x));
  return f.length < 2 ? 0 : Math.max(...f) - Math.min(...f);
};

export function groupFairness(
  y: Float64Array,
  pred: Float64Array,
  codes: Int32Array,
  labels: string[],
  K: number,
  minRows: number,
): FairnessResult {
  const nG = labels.length;
  const count = new Float64Array(nG);
  for (let i = 0; i < codes.length; i++) if (codes[i]! >= 0 && codes[i]! < nG) count[codes[i]!]!++;
  const groups: GroupMetrics[] = [];
  const small: { group: string; count: number }[] = [];
  const classes = K === 0 ? [] : K === 2 ? [1] : Array.from({ length: K }, (_, k) => k);
  for (let g = 0; g < nG; g++) {
    if (count[g]! === 0) continue;
    if (count[g]! < minRows) {
      small.push({ group: labels[g]!, count: count[g]! });
      continue;
    }
    let scoreSum = 0;
    let predSum = 0;
    const sel = new Float64Array(classes.length);
    const tp = new Float64Array(classes.length);
    const pos = new Float64Array(classes.length);
    const fp = new Float64Array(classes.length);
    const neg = new Float64Array(classes.length);
    for (let i = 0; i < codes.length; i++) {
      if (codes[i] !== g) continue;
      if (K === 0) {
        scoreSum += Math.abs(y[i]! - pred[i]!);
        predSum += pred[i]!;
        continue;
      }
      if (y[i] === pred[i]) scoreSum++;
      classes.forEach((k, c) => {
        const isPos = y[i] === k;
        const predPos = pred[i] === k;
        if (predPos) sel[c]!++;
        if (isPos) {
          pos[c]!++;
          if (predPos) tp[c]!++;
        } else {
          neg[c]!++;
          if (predPos) fp[c]!++;
        }
      });
    }
    const n = count[g]!;
    groups.push({
      group: labels[g]!,
      count: n,
      score: scoreSum / n,
      selectionRate: Array.from(sel, (s) => s / n),
      tpr: Array.from(tp, (s, c) => (pos[c]! > 0 ? s / pos[c]! : Number.NaN)),
      fpr: Array.from(fp, (s, c) => (neg[c]! > 0 ? s / neg[c]! : Number.NaN)),
      ...(K === 0 ? { meanPrediction: predSum / n } : {}),
    });
  }
  let dp = 0;
  let eo = 0;
  classes.forEach((_, c) => {
    dp = Math.max(dp, spread(groups.map((g) => g.selectionRate[c]!)));
    eo = Math.max(eo, spread(groups.map((g) => g.tpr[c]!)), spread(groups.map((g) => g.fpr[c]!)));
  });
  small.sort((a, b) => b.count - a.count || a.group.localeCompare(b.group));
  return {
    groups,
    small: small.slice(0, 20),
    smallGroups: small.length,
    demographicParityDifference: dp,
    equalizedOddsDifference: eo,
    scoreDifference: spread(groups.map((g) => g.score)),
  };
}
