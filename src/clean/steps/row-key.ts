/** Row keys for duplicate detection: exact, or normalized (case, spacing, rounding). Browser-safe. */
import type { Column } from '../../data/frame.js';

/** Normalize text the way near-duplicate matching does: trimmed, inner spaces collapsed, lower case. */
export function normText(s: string): string {
  return s.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Round to `digits` significant digits (near-duplicate matching). */
export function roundSig(x: number, digits: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  return Number(x.toPrecision(digits));
}

/** Per-column cell keys as strings, for building row keys. */
export function cellKeys(col: Column, near: boolean, digits: number): (i: number) => string {
  if (col.kind === 'numeric') {
    const v = col.values;
    return (i) => {
      const x = v[i]!;
      return Number.isNaN(x) ? '\u0000' : String(near ? roundSig(x, digits) : x);
    };
  }
  const dict = near ? col.dictionary.map(normText) : col.dictionary;
  return (i) => {
    const c = col.codes[i]!;
    return c < 0 ? '\u0000' : dict[c]!;
  };
}
