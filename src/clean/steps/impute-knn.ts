/**
 * k-nearest-neighbour imputation, as scikit-learn's KNNImputer: nan_euclidean distance over the numeric
 * columns (squared distance over the coordinates present in both rows, scaled by columns / present
 * coordinates), uniform weights; a missing cell takes the mean of the k nearest training rows that have
 * that column; a row with no coordinate in common with any such row takes the column mean. Ties in
 * distance go to the earlier training row. Browser-safe; distances are computed directly per pair.
 */

export interface KnnFit {
  /** Training values, column-major, NaN for missing. */
  data: Float64Array[];
  nRows: number;
  k: number;
  /** Column means of the training values (fallback). */
  means: Float64Array;
}

/** Impute the NaN cells of `cols` (column-major, same columns as the fit) in place; returns imputed cell counts per column. */
export function knnImpute(
  fit: KnnFit,
  cols: Float64Array[],
  n: number,
  onImpute?: (j: number, i: number) => void,
): void {
  const p = cols.length;
  const m = fit.nRows;
  const dist = new Float64Array(m);
  const bestD = new Float64Array(fit.k);
  const bestI = new Int32Array(fit.k);
  const row = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    let anyMissing = false;
    for (let j = 0; j < p; j++) {
      row[j] = cols[j]![i]!;
      if (Number.isNaN(row[j]!)) anyMissing = true;
    }
    if (!anyMissing) continue;
    // Distances from this row to every training row.
    for (let r = 0; r < m; r++) {
      let s = 0;
      let c = 0;
      for (let j = 0; j < p; j++) {
        const a = row[j]!;
        const b = fit.data[j]![r]!;
        if (Number.isNaN(a) || Number.isNaN(b)) continue;
        s += (a - b) * (a - b);
        c++;
      }
      dist[r] = c === 0 ? Number.NaN : Math.sqrt((s * p) / c);
    }
    for (let j = 0; j < p; j++) {
      if (!Number.isNaN(row[j]!)) continue;
      const col = fit.data[j]!;
      // Potential donors: training rows with column j present. Keep the k nearest (NaN distances last).
      let donors = 0;
      let found = 0;
      for (let r = 0; r < m; r++) {
        if (Number.isNaN(col[r]!)) continue;
        donors++;
        const d = Number.isNaN(dist[r]!) ? Number.POSITIVE_INFINITY : dist[r]!;
        if (found < fit.k) {
          let t = found++;
          while (t > 0 && bestD[t - 1]! > d) {
            bestD[t] = bestD[t - 1]!;
            bestI[t] = bestI[t - 1]!;
            t--;
          }
          bestD[t] = d;
          bestI[t] = r;
        } else if (d < bestD[fit.k - 1]!) {
          let t = fit.k - 1;
          while (t > 0 && bestD[t - 1]! > d) {
            bestD[t] = bestD[t - 1]!;
            bestI[t] = bestI[t - 1]!;
            t--;
          }
          bestD[t] = d;
          bestI[t] = r;
        }
      }
      let value: number;
      if (donors === 0 || bestD[0] === Number.POSITIVE_INFINITY) value = fit.means[j]!;
      else {
        let s = 0;
        for (let t = 0; t < found; t++) s += col[bestI[t]!]!;
        value = s / found;
      }
      cols[j]![i] = value;
      onImpute?.(j, i);
    }
  }
}
