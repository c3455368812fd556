/**
 * Turn new data into the FeatureMatrix a trained model expects, using the training encodings from the
 * artifact: categories map to training codes (unseen ones become missing and are counted), numbers pass
 * through. Browser-safe: imports nothing from Node.
 */
import type { FeatureSpec } from '../artifact/format.js';
import type { Frame } from '../data/frame.js';
import type { FeatureMatrix } from '../learners/types.js';

export interface Encoded {
  X: FeatureMatrix;
  /** Per feature, how many values were categories never seen in training. */
  unseen: number[];
  /** Per feature, how many numbers fell outside the training range. */
  outOfRange: number[];
  /** Features the input did not have at all (filled with missing). */
  absent: string[];
}

function specsOf(features: FeatureSpec[]) {
  return {
    names: features.map((f) => f.name),
    categories: features.map((f) => (f.kind === 'categorical' ? (f.categories ?? []) : null)),
    index: features.map((f) =>
      f.kind === 'categorical' ? new Map((f.categories ?? []).map((c, k) => [c, k])) : null,
    ),
  };
}

const NULLISH = new Set(['', 'na', 'n/a', 'nan', 'null', 'none', '?', '-', '#n/a', 'missing', 'nil']);

/** Encode a Frame (e.g. read from an evaluation file) with the training encodings. */
export function encodeFrame(frame: Frame, features: FeatureSpec[]): Encoded {
  const { names, categories, index } = specsOf(features);
  const n = frame.nRows;
  const unseen = new Array<number>(features.length).fill(0);
  const outOfRange = new Array<number>(features.length).fill(0);
  const absent: string[] = [];
  const columns = features.map((f, j) => {
    const out = new Float64Array(n).fill(Number.NaN);
    const col = frame.columns.find((c) => c.name === f.name);
    if (!col) {
      absent.push(f.name);
      return out;
    }
    if (f.kind === 'categorical') {
      const idx = index[j]!;
      if (col.kind === 'categorical') {
        const remap = col.dictionary.map((d) => idx.get(d) ?? -1);
        for (let i = 0; i < n; i++) {
          const c = col.codes[i]!;
          if (c < 0) continue;
          const k = remap[c]!;
          if (k < 0) unseen[j]!++;
          else out[i] = k;
        }
      } else {
        for (let i = 0; i < n; i++) {
          const v = col.values[i]!;
          if (Number.isNaN(v)) continue;
          const k = idx.get(String(v));
          if (k === undefined) unseen[j]!++;
          else out[i] = k;
        }
      }
    } else if (col.kind === 'numeric') {
      out.set(col.values);
      if (f.min !== undefined && f.max !== undefined) {
        for (let i = 0; i < n; i++) if (out[i]! < f.min || out[i]! > f.max) outOfRange[j]!++;
      }
    } else {
      for (let i = 0; i < n; i++) {
        const c = col.codes[i]!;
        if (c >= 0) out[i] = Number(col.dictionary[c]);
      }
    }
    return out;
  });
  return { X: { nRows: n, columns, names, categories }, unseen, outOfRange, absent };
}

/** Encode plain rows (objects from JSON: numbers, strings, booleans, null) with the training encodings. */
export function encodeRows(rows: Record<string, unknown>[], features: FeatureSpec[]): Encoded {
  const { names, categories, index } = specsOf(features);
  const n = rows.length;
  const unseen = new Array<number>(features.length).fill(0);
  const outOfRange = new Array<number>(features.length).fill(0);
  const present = new Set<string>();
  const columns = features.map((f, j) => {
    const out = new Float64Array(n).fill(Number.NaN);
    for (let i = 0; i < n; i++) {
      const v = rows[i]![f.name];
      if (v !== undefined) present.add(f.name);
      if (v === null || v === undefined) continue;
      if (f.kind === 'categorical') {
        const k = index[j]!.get(String(v));
        if (k === undefined) {
          if (!NULLISH.has(String(v).trim().toLowerCase())) unseen[j]!++;
        } else out[i] = k;
      } else {
        const x =
          typeof v === 'number'
            ? v
            : typeof v === 'boolean'
              ? Number(v)
              : NULLISH.has(String(v).trim().toLowerCase())
                ? Number.NaN
                : Number(v);
        if (!Number.isFinite(x)) continue;
        out[i] = x;
        if (f.min !== undefined && f.max !== undefined && (x < f.min || x > f.max)) outOfRange[j]!++;
      }
    }
    return out;
  });
  const absent = n === 0 ? [] : names.filter((nm) => !present.has(nm));
  return { X: { nRows: n, columns, names, categories }, unseen, outOfRange, absent };
}

/** FeatureSpecs from a training matrix (categories) and its numeric ranges. */
export function featureSpecs(X: FeatureMatrix): FeatureSpec[] {
  return X.names.map((name, j) => {
    const cats = X.categories[j];
    if (cats) return { name, kind: 'categorical', categories: cats };
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (const v of X.columns[j]!) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    return Number.isFinite(min) ? { name, kind: 'numeric', min, max } : { name, kind: 'numeric' };
  });
}
