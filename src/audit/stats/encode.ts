/**
 * Features as plain numbers for distance-free row-level methods (isolation forest): numeric columns with
 * missing values replaced by the column median; categorical columns by the share of rows holding the
 * row's level (frequency encoding; missing counts as a level), so rare levels sit apart at the low end.
 */
import { column, type Frame } from '../../data/frame.js';

export function median(values: Float64Array): number {
  const present = values.filter((v) => !Number.isNaN(v));
  if (present.length === 0) return 0;
  present.sort();
  const m = present.length >> 1;
  return present.length % 2 === 1 ? present[m]! : (present[m - 1]! + present[m]!) / 2;
}

/** One Float64Array per named column, with no missing values. */
export function encodeNumeric(frame: Frame, names: string[]): Float64Array[] {
  return names.map((name) => {
    const c = column(frame, name);
    const n = frame.nRows;
    const out = new Float64Array(n);
    if (c.kind === 'numeric') {
      const med = median(c.values);
      for (let i = 0; i < n; i++) {
        const v = c.values[i]!;
        out[i] = !Number.isNaN(v) ? v : med;
      }
      return out;
    }
    const counts = new Float64Array(c.dictionary.length + 1);
    for (let i = 0; i < n; i++) counts[c.codes[i]! + 1]++;
    for (let i = 0; i < n; i++) out[i] = counts[c.codes[i]! + 1]! / n;
    return out;
  });
}
