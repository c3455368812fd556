/**
 * gbdt behaviour on small synthetic data: determinism, JSON round trip, missing values, categorical
 * splits, bad input, early stopping and callbacks, regression losses, weights and the trees() accessor.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/errors.js';
import { type GbdtModel, gbdt, type PlainTree } from '../src/learners/gbdt/index.js';
import type { FeatureMatrix } from '../src/learners/types.js';
import { rng } from '../src/util/random.js';

function matrix(columns: Float64Array[], categories?: (string[] | null)[]): FeatureMatrix {
  return {
    nRows: columns[0]!.length,
    columns,
    names: columns.map((_, j) => `x${j}`),
    categories: categories ?? columns.map(() => null),
  };
}

/** Binary data: y = 1 when x0 + x1 > 1, plus noise features. */
function binaryData(n: number, seed: number, noise = 0): { X: FeatureMatrix; y: Float64Array } {
  const r = rng(seed);
  const cols = Array.from({ length: 5 }, () => new Float64Array(n));
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (const c of cols) c[i] = r.next();
    y[i] = cols[0]![i]! + cols[1]![i]! + noise * r.normal() > 1 ? 1 : 0;
  }
  return { X: matrix(cols), y };
}

function accuracy(p: Float64Array, y: Float64Array): number {
  let c = 0;
  for (let i = 0; i < y.length; i++) if (p[i] === y[i]) c++;
  return c / y.length;
}

/** Walk a plain tree for row i. */
function walk(t: PlainTree, X: FeatureMatrix, i: number): number {
  let node = 0;
  while (t.left[node]! >= 0) {
    const x = X.columns[t.feature[node]!]![i]!;
    const cats = t.categories[node];
    const left = Number.isNaN(x) ? t.missingLeft[node]! : cats ? cats.includes(x) : x <= t.threshold[node]!;
    node = left ? t.left[node]! : t.right[node]!;
  }
  return t.value[node]!;
}

describe('gbdt behaviour', () => {
  const { X, y } = binaryData(600, 1, 0.1);

  it('learns a simple boundary and gives probabilities that sum to one', () => {
    const m = gbdt.fit(X, y, { task: 'binary', nClasses: 2, seed: 0 });
    const test = binaryData(400, 2);
    expect(accuracy(m.predict(test.X), test.y)).toBeGreaterThan(0.9);
    const p = m.predictProba(test.X);
    for (let i = 0; i < 400; i++) expect(p[2 * i]! + p[2 * i + 1]!).toBeCloseTo(1, 12);
  });

  it('is deterministic for a seed (with row and feature sampling) and changes with it', () => {
    const params = { subsample: 0.7, colsample: 0.6, n_estimators: 20 };
    const a = JSON.stringify(gbdt.fit(X, y, { task: 'binary', nClasses: 2, seed: 5, params }).toJSON());
    const b = JSON.stringify(gbdt.fit(X, y, { task: 'binary', nClasses: 2, seed: 5, params }).toJSON());
    const c = JSON.stringify(gbdt.fit(X, y, { task: 'binary', nClasses: 2, seed: 6, params }).toJSON());
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });

  it('round-trips through JSON with identical predictions', () => {
    const m = gbdt.fit(X, y, { task: 'binary', nClasses: 2, seed: 0, params: { n_estimators: 30 } });
    const back = gbdt.fromJSON(JSON.parse(JSON.stringify(m.toJSON())));
    expect(Array.from(back.predictProba(X))).toEqual(Array.from(m.predictProba(X)));
  });

  it('trees() reproduces the raw scores, with covers and counts', () => {
    const m = gbdt.fit(X, y, {
      task: 'binary',
      nClasses: 2,
      seed: 0,
      params: { n_estimators: 10 },
    }) as GbdtModel;
    const trees = m.trees();
    expect(trees.length).toBe(10);
    expect(trees[0]!.count[0]).toBe(600);
    const raw = m.predictRaw(X);
    for (let i = 0; i < 50; i++) {
      let s = m.initScore[0]!;
      for (const t of trees) s += walk(t, X, i);
      expect(s).toBeCloseTo(raw[i]!, 12);
    }
    // Children's covers add up to their parent's.
    const t = trees[0]!;
    for (let k = 0; k < t.feature.length; k++) {
      if (t.left[k]! >= 0)
        expect(t.hessian[t.left[k]!]! + t.hessian[t.right[k]!]!).toBeCloseTo(t.hessian[k]!, 9);
    }
  });

  it('learns where missing values go', () => {
    // y = 1 exactly when x0 is missing or x0 > 0.7: missing must go with the high side.
    const r = rng(3);
    const n = 500;
    const x0 = new Float64Array(n);
    const x1 = new Float64Array(n);
    const yy = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const miss = r.next() < 0.2;
      x0[i] = miss ? Number.NaN : r.next();
      x1[i] = r.next();
      yy[i] = miss || x0[i]! > 0.7 ? 1 : 0;
    }
    const m = gbdt.fit(matrix([x0, x1]), yy, {
      task: 'binary',
      nClasses: 2,
      seed: 0,
      params: { n_estimators: 20 },
    });
    const probe = matrix([Float64Array.of(Number.NaN, 0.1, 0.9), Float64Array.of(0.5, 0.5, 0.5)]);
    expect(Array.from(m.predict(probe))).toEqual([1, 0, 1]);
  });

  it('splits categorical features on category sets; unseen categories and missing do not crash', () => {
    const r = rng(4);
    const n = 2000;
    const c = new Float64Array(n);
    const yy = new Float64Array(n);
    const positive = new Set([1, 4, 7, 8, 11]);
    for (let i = 0; i < n; i++) {
      c[i] = r.int(12);
      yy[i] = positive.has(c[i]!) ? 1 : 0;
    }
    const cats = Array.from({ length: 14 }, (_, k) => `c${k}`);
    const Xc = matrix([c], [cats]);
    const m = gbdt.fit(Xc, yy, {
      task: 'binary',
      nClasses: 2,
      seed: 0,
      params: { n_estimators: 1, learning_rate: 1 },
    });
    // One tree separates the positive set from the rest with a single categorical split.
    const t = (m as GbdtModel).trees()[0]!;
    expect(t.categories[0]).not.toBeNull();
    const left = new Set(t.categories[0]!);
    const sides = [...Array(12).keys()].map((k) => left.has(k) === left.has(1));
    expect(sides).toEqual([...Array(12).keys()].map((k) => positive.has(k)));
    const m2 = gbdt.fit(Xc, yy, { task: 'binary', nClasses: 2, seed: 0 });
    expect(accuracy(m2.predict(Xc), yy)).toBe(1);
    const odd = matrix([Float64Array.of(13, Number.NaN, 2.5, -1)], [cats]);
    const p = m2.predictProba(odd);
    expect(p.every((v) => Number.isFinite(v))).toBe(true);
  });

  it('rejects a single-class target and non-finite targets with InputError', () => {
    const ones = new Float64Array(600).fill(1);
    expect(() => gbdt.fit(X, ones, { task: 'binary', nClasses: 2 })).toThrow(InputError);
    expect(() => gbdt.fit(X, ones, { task: 'binary', nClasses: 2 })).toThrow(/single class/);
    const bad = y.slice();
    bad[7] = Number.NaN;
    expect(() => gbdt.fit(X, bad, { task: 'binary', nClasses: 2 })).toThrow(InputError);
    const reg = Float64Array.from(y);
    reg[3] = Number.POSITIVE_INFINITY;
    expect(() => gbdt.fit(X, reg, { task: 'regression', nClasses: 0 })).toThrow(/row 4/);
    expect(() => gbdt.fit(X, y, { task: 'binary', nClasses: 2, params: { num_leaves: 1 } })).toThrow(
      InputError,
    );
    expect(() => gbdt.fit(X, y, { task: 'binary', nClasses: 2, params: { nope: 1 } as never })).toThrow(
      /unknown parameter/,
    );
  });

  it('ignores an all-missing feature and works with more features than rows', () => {
    const allNa = new Float64Array(600).fill(Number.NaN);
    const Xm = matrix([...X.columns, allNa]);
    const m = gbdt.fit(Xm, y, {
      task: 'binary',
      nClasses: 2,
      seed: 0,
      params: { n_estimators: 10 },
    }) as GbdtModel;
    expect(m.featureImportance('split')[5]).toBe(0);
    expect(m.predict(Xm).every((v) => v === 0 || v === 1)).toBe(true);

    const r = rng(9);
    const wide = Array.from({ length: 200 }, () => Float64Array.from({ length: 40 }, () => r.next()));
    const yw = Float64Array.from({ length: 40 }, (_, i) => wide[3]![i]! * 10 + (i % 2));
    const mw = gbdt.fit(matrix(wide), yw, {
      task: 'regression',
      nClasses: 0,
      seed: 0,
      params: { min_child_samples: 5 },
    });
    const pw = mw.predict(matrix(wide));
    expect(pw.every((v) => Number.isFinite(v))).toBe(true);
  });

  it('stops early on a validation set and when onIteration returns false', () => {
    const noisy = binaryData(600, 7, 0.6);
    const valid = binaryData(300, 8, 0.6);
    const m = gbdt.fit(noisy.X, noisy.y, {
      task: 'binary',
      nClasses: 2,
      seed: 0,
      params: { n_estimators: 500, early_stopping_rounds: 10 },
      validation: valid,
    }) as GbdtModel;
    expect(m.rounds).toBeLessThan(200);
    expect(m.nTrees).toBe(m.rounds);
    const internal = gbdt.fit(noisy.X, noisy.y, {
      task: 'binary',
      nClasses: 2,
      seed: 0,
      params: { n_estimators: 500, validation_fraction: 0.2 },
    }) as GbdtModel;
    expect(internal.rounds).toBeLessThan(200);
    const seen: number[] = [];
    const cut = gbdt.fit(X, y, {
      task: 'binary',
      nClasses: 2,
      seed: 0,
      onIteration: (i) => {
        seen.push(i);
        return i < 4;
      },
    }) as GbdtModel;
    expect(cut.rounds).toBe(5);
    expect(seen).toEqual([0, 1, 2, 3, 4]);
  });

  it('multiclass grows one tree per class per round', () => {
    const r = rng(11);
    const n = 450;
    const x0 = Float64Array.from({ length: n }, () => r.next());
    const x1 = Float64Array.from({ length: n }, () => r.next());
    const yy = Float64Array.from(x0, (v) => (v < 0.33 ? 0 : v < 0.66 ? 1 : 2));
    const m = gbdt.fit(matrix([x0, x1]), yy, {
      task: 'multiclass',
      nClasses: 3,
      seed: 0,
      params: { n_estimators: 15 },
    }) as GbdtModel;
    expect(m.nTrees).toBe(45);
    expect(m.trees()[4]!.classIndex).toBe(1);
    expect(accuracy(m.predict(matrix([x0, x1])), yy)).toBeGreaterThan(0.97);
  });

  it('regression losses: absolute error and Huber resist outliers; weights scale consistently', () => {
    const r = rng(12);
    const n = 800;
    const x = Float64Array.from({ length: n }, () => r.next());
    const yy = Float64Array.from(x, (v, i) => 3 * v + 0.1 * r.normal() + (i % 20 === 0 ? 50 : 0));
    const Xr = matrix([x]);
    const grid = matrix([Float64Array.of(0.1, 0.3, 0.5, 0.7, 0.9)]);
    const err = (p: Float64Array) =>
      Math.max(...Array.from(p, (v, i) => Math.abs(v - 3 * grid.columns[0]![i]!)));
    const sq = gbdt.fit(Xr, yy, { task: 'regression', nClasses: 0, seed: 0 });
    const l1 = gbdt.fit(Xr, yy, {
      task: 'regression',
      nClasses: 0,
      seed: 0,
      params: { objective: 'absolute_error' },
    });
    const hu = gbdt.fit(Xr, yy, { task: 'regression', nClasses: 0, seed: 0, params: { objective: 'huber' } });
    expect(err(l1.predict(grid))).toBeLessThan(0.3);
    expect(err(hu.predict(grid))).toBeLessThan(0.5);
    expect(err(sq.predict(grid))).toBeGreaterThan(err(l1.predict(grid)));
    // Uniform weights change nothing.
    const w2 = gbdt.fit(Xr, yy, {
      task: 'regression',
      nClasses: 0,
      seed: 0,
      weights: new Float64Array(n).fill(2),
    });
    const a = sq.predict(grid);
    const b = w2.predict(grid);
    for (let i = 0; i < 5; i++) expect(b[i]).toBeCloseTo(a[i]!, 9);
  });

  it('never predicts NaN, even for rows of missing or infinite values', () => {
    const m = gbdt.fit(X, y, { task: 'binary', nClasses: 2, seed: 0 });
    const odd = matrix(
      Array.from({ length: 5 }, (_, j) =>
        Float64Array.of(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, j),
      ),
    );
    expect(m.predictProba(odd).every((v) => Number.isFinite(v))).toBe(true);
    expect(() => m.predict(matrix([Float64Array.of(1)]))).toThrow(InputError);
  });
});
