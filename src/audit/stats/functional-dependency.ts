/**
 * Functional dependencies between columns of a Frame: A -> B when each value of A goes with a single
 * value of B. Columns are first turned into dense codes (numbers by their distinct values), then every
 * ordered pair is screened with an early exit, so unrelated pairs cost a few dozen rows each.
 *
 * Strength is Goodman and Kruskal's lambda of B given A: the share of the errors of always guessing B's
 * most common value that knowing A removes, 1 - violations / (n - mode(B)), where violations are the
 * rows whose B differs from the most common B of their A value. It is 1 for an exact dependency, and
 * near 0 when A says nothing about B, whatever B's balance.
 */
import type { Column } from '../../data/frame.js';
import { denseValues } from './rank.js';

export interface Coded {
  codes: Int32Array;
  /** Number of codes (distinct non-missing values). */
  levels: number;
  /** Rows with a value. */
  present: number;
  /** Rows holding the most common value. */
  modeCount: number;
}

/** Dense codes 0..levels-1 in order of first appearance for categorical, of value for numeric; -1 missing. */
export function denseCodes(col: Column): Coded {
  let codes: Int32Array;
  let levels: number;
  if (col.kind === 'categorical') {
    const remap = new Int32Array(col.dictionary.length).fill(-1);
    codes = new Int32Array(col.codes.length);
    levels = 0;
    for (let i = 0; i < codes.length; i++) {
      const k = col.codes[i]!;
      if (k < 0) {
        codes[i] = -1;
        continue;
      }
      if (remap[k] === -1) remap[k] = levels++;
      codes[i] = remap[k]!;
    }
  } else {
    const d = denseValues(col.values);
    codes = d.codes;
    levels = d.levels;
  }
  const counts = new Int32Array(levels);
  let present = 0;
  for (let i = 0; i < codes.length; i++) {
    if (codes[i]! >= 0) {
      counts[codes[i]!]++;
      present++;
    }
  }
  let modeCount = 0;
  for (let k = 0; k < levels; k++) if (counts[k]! > modeCount) modeCount = counts[k]!;
  return { codes, levels, present, modeCount };
}

/**
 * Quick screen: rows (with both present) whose B differs from the B first seen with their A, stopping
 * as soon as more than `budget` are found. `seen` is scratch space of at least a.levels entries.
 */
export function screenDependency(a: Coded, b: Coded, budget: number, seen: Int32Array): boolean {
  seen.fill(-1, 0, a.levels);
  let bad = 0;
  const ca = a.codes;
  const cb = b.codes;
  for (let i = 0; i < ca.length; i++) {
    const x = ca[i]!;
    const y = cb[i]!;
    if (x < 0 || y < 0) continue;
    const s = seen[x]!;
    if (s === -1) seen[x] = y;
    else if (s !== y && ++bad > budget) return false;
  }
  return true;
}

export interface Dependency {
  /** Rows with both values present. */
  n: number;
  /** Distinct values of A on those rows. */
  levelsA: number;
  /** Rows whose A value occurs at least twice (where the dependency is actually tested). */
  supported: number;
  violations: number;
  /** Goodman-Kruskal lambda of B given A. */
  lambda: number;
}

/** Exact dependency statistics of A -> B on the rows where both are present. */
export function dependency(a: Coded, b: Coded): Dependency {
  const pair = new Map<number, number>();
  const groupA = new Map<number, number>();
  const countB = new Map<number, number>();
  let n = 0;
  for (let i = 0; i < a.codes.length; i++) {
    const x = a.codes[i]!;
    const y = b.codes[i]!;
    if (x < 0 || y < 0) continue;
    n++;
    const key = x * b.levels + y;
    pair.set(key, (pair.get(key) ?? 0) + 1);
    groupA.set(x, (groupA.get(x) ?? 0) + 1);
    countB.set(y, (countB.get(y) ?? 0) + 1);
  }
  const best = new Map<number, number>();
  for (const [key, c] of pair) {
    const x = Math.floor(key / b.levels);
    if (c > (best.get(x) ?? 0)) best.set(x, c);
  }
  let kept = 0;
  for (const c of best.values()) kept += c;
  let supported = 0;
  for (const c of groupA.values()) if (c >= 2) supported += c;
  let modeB = 0;
  for (const c of countB.values()) if (c > modeB) modeB = c;
  const violations = n - kept;
  const base = n - modeB;
  return {
    n,
    levelsA: groupA.size,
    supported,
    violations,
    lambda: base > 0 ? 1 - violations / base : Number.NaN,
  };
}

/** Default strength at which A -> B counts as a dependency (redundant_column's `min_lambda`). */
export const MIN_LAMBDA = 0.999;

/**
 * True when A -> B holds with lambda >= `minLambda` and is actually tested: A repeats (at most half as
 * many values as rows, at least 20 rows sharing a value) and B is not nearly constant (at least 10 rows
 * outside its most common value).
 */
export function isDependency(a: Coded, b: Coded, minLambda = MIN_LAMBDA): boolean {
  if (a.levels < 2 || b.levels < 2 || b.present - b.modeCount < 10) return false;
  const d = dependency(a, b);
  return d.levelsA <= d.n / 2 && d.supported >= 20 && d.lambda >= minLambda;
}
