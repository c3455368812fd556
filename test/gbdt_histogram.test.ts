import { describe, expect, it } from 'vitest';
import { binFeatures } from '../src/learners/gbdt/binning.js';
import { buildHistogram, buildHistogramSparse } from '../src/learners/gbdt/histogram.js';
import type { FeatureMatrix } from '../src/learners/types.js';
import { rng } from '../src/util/random.js';

/** 400 rows: feature 0 is 0 on 3 rows in 4 (else 1..5), feature 1 takes 1..40 evenly, feature 2 is 7 or 8. */
function matrix(): FeatureMatrix {
  const n = 400;
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  const c = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    a[i] = i % 4 === 0 ? 1 + (i % 5) : 0;
    b[i] = 1 + (i % 40);
    c[i] = i % 10 === 0 ? 8 : 7;
  }
  return { nRows: n, names: ['a', 'b', 'c'], categories: [null, null, null], columns: [a, b, c] };
}

describe('gbdt histograms', () => {
  const X = matrix();
  const data = binFeatures(X, 255, 1, 200_000, rng(0));
  const n = X.nRows;
  const gh = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    gh[2 * i] = ((i * 37) % 11) / 11 - 0.5;
    gh[2 * i + 1] = 0.25 + ((i * 13) % 7) / 28;
  }
  const size = 2 * data.offsets[data.features.length]!;

  it('stores bins as global histogram indices and skips the dominant bins of features that pay for it', () => {
    expect(data.features.map((f) => f.nValueBins)).toEqual([6, 40, 2]);
    expect(Array.from(data.offsets)).toEqual([0, 7, 48, 51]);
    // Row 1: a = 0 (bin 0), b = 2 (bin 1), c = 7 (bin 0).
    expect(Array.from(data.bins.subarray(3, 6))).toEqual([0, 8, 48]);
    const sp = data.sparse!;
    expect(sp).not.toBeNull();
    // a's bin 0 (300 rows, 7 bins) and c's bin 0 (360 rows, 3 bins) are skipped; b (10 rows a bin) is not.
    expect(Array.from(sp.skipped)).toEqual([0, 48]);
    expect(sp.rowStart[n]).toBe(3 * n - 300 - 360);
    expect(Array.from(sp.cells.subarray(sp.rowStart[1]!, sp.rowStart[2]!))).toEqual([8]);
  });

  it('builds the same histogram from the sparse layout as from the dense one', () => {
    const rows = Int32Array.from({ length: n }, (_, i) => i);
    // Rows with a != 0 only: a's skipped bin must read as exactly empty.
    const odd = Int32Array.from({ length: 100 }, (_, i) => 4 * i);
    const cases: [Int32Array, number, number][] = [
      [rows, 0, n],
      [odd, 0, 100],
      [rows, 37, 211],
    ];
    for (const [rs, begin, end] of cases) {
      let G = 0;
      let H = 0;
      for (let k = begin; k < end; k++) {
        G += gh[2 * rs[k]!]!;
        H += gh[2 * rs[k]! + 1]!;
      }
      const dense = new Float64Array(size);
      const sparse = new Float64Array(size).fill(9);
      buildHistogram(data.bins, data.features.length, gh, rs, begin, end, dense);
      buildHistogramSparse(data.sparse!, gh, rs, begin, end, G, H, sparse);
      for (let j = 0; j < size; j++) expect(sparse[j]).toBeCloseTo(dense[j]!, 12);
      if (rs === odd) {
        expect(sparse[0]).toBe(0);
        expect(sparse[1]).toBe(0);
      }
    }
  });
});
