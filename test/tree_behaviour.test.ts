/**
 * decision_tree behaviour: missing values, categorical splits, stopping rules, sample weights, input
 * errors, serialization and the plain-array form.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/errors.js';
import { type DecisionTreeModel, decisionTree } from '../src/learners/tree/index.js';
import type { FeatureMatrix } from '../src/learners/types.js';
import { rng } from '../src/util/random.js';

function matrix(
  columns: number[][],
  categories: (string[] | null)[] = columns.map(() => null),
): FeatureMatrix {
  return {
    nRows: columns[0]!.length,
    columns: columns.map((c) => Float64Array.from(c)),
    names: columns.map((_, j) => `x${j}`),
    categories,
  };
}

const fitClf = (X: FeatureMatrix, y: number[], params = {}, nClasses = 2) =>
  decisionTree.fit(X, Float64Array.from(y), {
    task: nClasses === 2 ? 'binary' : 'multiclass',
    nClasses,
    params,
  }) as DecisionTreeModel;

describe('decision_tree: missing values', () => {
  it('learns where missing values go and predicts them without NaN', () => {
    // class 1 exactly when x0 is missing or large
    const x0: number[] = [];
    const y: number[] = [];
    const r = rng(1);
    for (let i = 0; i < 200; i++) {
      const miss = i % 4 === 0;
      const v = r.next() * 10;
      x0.push(miss ? Number.NaN : v);
      y.push(miss || v > 7 ? 1 : 0);
    }
    const m = fitClf(matrix([x0]), y, { max_depth: 2 });
    const p = m.predict(matrix([[Number.NaN, 1, 9, Number.NaN]]));
    expect(Array.from(p)).toEqual([1, 0, 1, 1]);
    const acc = m.predict(matrix([x0])).reduce((a, v, i) => a + (v === y[i] ? 1 : 0), 0) / y.length;
    expect(acc).toBe(1);
  });

  it('splits on "missing vs present" when that is the signal', () => {
    const x0 = [1, 1, 1, Number.NaN, Number.NaN, Number.NaN, 1, Number.NaN];
    const y = [0, 0, 0, 1, 1, 1, 0, 1];
    const m = fitClf(matrix([x0]), y);
    expect(m.tree.nNodes).toBe(3);
    expect(m.tree.threshold[0]).toBe(Number.POSITIVE_INFINITY);
    expect(m.tree.missingLeft[0]).toBe(0);
    expect(Array.from(m.predict(matrix([[Number.NaN, 1, 5]])))).toEqual([1, 0, 0]);
  });

  it('never splits on a feature missing everywhere, and never predicts NaN', () => {
    const n = 60;
    const allMissing = new Array(n).fill(Number.NaN);
    const x1 = Array.from({ length: n }, (_, i) => i);
    const y = x1.map((v) => (v < 30 ? 0 : 1));
    const m = fitClf(matrix([allMissing, x1]), y);
    for (let i = 0; i < m.tree.nNodes; i++) expect(m.tree.feature[i]).not.toBe(0);
    const p = m.predictProba(
      matrix([
        [1, Number.NaN],
        [Number.NaN, Number.NaN],
      ]),
    );
    for (const v of p) expect(Number.isFinite(v)).toBe(true);
  });

  it('sends missing values of a split trained without them to the larger child', () => {
    const x0 = Array.from({ length: 10 }, (_, i) => i);
    const y = x0.map((v) => (v < 7 ? 0 : 1));
    const m = fitClf(matrix([x0]), y);
    expect(m.tree.missingLeft[0]).toBe(1);
    expect(Array.from(m.predict(matrix([[Number.NaN]])))).toEqual([0]);
  });
});

describe('decision_tree: categorical features', () => {
  // class 1 for categories {0, 3, 5} of 6: no single threshold on the codes separates them
  const codes: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < 120; i++) {
    const c = i % 6;
    codes.push(c);
    y.push(c === 0 || c === 3 || c === 5 ? 1 : 0);
  }
  const cats = ['a', 'b', 'c', 'd', 'e', 'f'];

  it("'sorted' finds the best two-group partition of the categories in one split", () => {
    const m = fitClf(matrix([codes], [cats]), y, { max_depth: 1 });
    expect(m.tree.nNodes).toBe(3);
    const left = Array.from(m.tree.catLeft[0]!);
    expect(left.length === 3 && (left.join() === '0,3,5' || left.join() === '1,2,4')).toBe(true);
    expect(Array.from(m.predict(matrix([[0, 1, 2, 3, 4, 5]], [cats])))).toEqual([1, 0, 0, 1, 0, 1]);
  });

  it("'ordinal' splits codes as numbers", () => {
    const m = fitClf(matrix([codes], [cats]), y, { max_depth: 1, categorical: 'ordinal' });
    expect(m.tree.catLeft[0]).toBeNull();
    expect(Number.isFinite(m.tree.threshold[0]!)).toBe(true);
  });

  it('unseen and missing categories get a prediction', () => {
    const m = fitClf(matrix([codes], [cats]), y, { max_depth: 1 });
    const p = m.predictProba(matrix([[9, Number.NaN, -1]], [cats]));
    for (const v of p) expect(Number.isFinite(v)).toBe(true);
  });
});

describe('decision_tree: growth controls', () => {
  const r = rng(7);
  const n = 400;
  const a = Array.from({ length: n }, () => r.next());
  const b = Array.from({ length: n }, () => r.next());
  const y = a.map((v, i) => (v + b[i]! + 0.3 * r.next() > 1.1 ? 1 : 0));
  const X = matrix([a, b]);

  it('max_depth, min_samples_leaf, max_leaf_nodes are respected', () => {
    const d = fitClf(X, y, { max_depth: 4 }).tree;
    const depth = new Int32Array(d.nNodes);
    for (let i = 0; i < d.nNodes; i++)
      if (d.feature[i]! >= 0) depth[d.left[i]!] = depth[d.right[i]!] = depth[i]! + 1;
    expect(Math.max(...depth)).toBe(4);
    const l = fitClf(X, y, { min_samples_leaf: 15 }).tree;
    for (let i = 0; i < l.nNodes; i++)
      if (l.feature[i]! < 0) expect(l.nSamples[i]).toBeGreaterThanOrEqual(15);
    const b7 = fitClf(X, y, { max_leaf_nodes: 7 }).tree;
    expect(Array.from(b7.feature).filter((f) => f < 0).length).toBe(7);
  });

  it('a fully grown tree fits its training data', () => {
    const m = fitClf(X, y);
    expect(Array.from(m.predict(X))).toEqual(y);
  });

  it('integer sample weights equal repeated rows', () => {
    const w = Float64Array.from({ length: n }, (_, i) => 1 + (i % 3));
    const rep: number[][] = [[], []];
    const yr: number[] = [];
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < w[i]!; k++) {
        rep[0]!.push(a[i]!);
        rep[1]!.push(b[i]!);
        yr.push(y[i]!);
      }
    }
    const mw = decisionTree.fit(X, Float64Array.from(y), {
      task: 'binary',
      nClasses: 2,
      weights: w,
      params: { max_depth: 5 },
    }) as DecisionTreeModel;
    const mr = fitClf(matrix(rep), yr, { max_depth: 5 });
    expect(Array.from(mw.tree.feature)).toEqual(Array.from(mr.tree.feature));
    expect(Array.from(mw.tree.threshold)).toEqual(Array.from(mr.tree.threshold));
    expect(Array.from(mw.tree.weightedNSamples)).toEqual(Array.from(mr.tree.weightedNSamples));
  });

  it('entropy and max_features sampling give valid trees, deterministic per seed', () => {
    const grow = (seed: number) =>
      decisionTree.fit(X, Float64Array.from(y), {
        task: 'binary',
        nClasses: 2,
        seed,
        params: { criterion: 'entropy', max_features: 1e-9 },
      });
    expect(JSON.stringify(grow(3).toJSON())).toBe(JSON.stringify(grow(3).toJSON()));
    const acc =
      grow(3)
        .predict(X)
        .reduce((s, v, i) => s + (v === y[i] ? 1 : 0), 0) / n;
    expect(acc).toBe(1);
  });

  it('regression tree predicts the leaf means', () => {
    const yr = a.map((v) => (v < 0.5 ? 10 : 20));
    const m = decisionTree.fit(matrix([a]), Float64Array.from(yr), {
      task: 'regression',
      nClasses: 0,
    }) as DecisionTreeModel;
    expect(m.tree.nNodes).toBe(3);
    expect(Array.from(m.predict(matrix([[0.1, 0.9]])))).toEqual([10, 20]);
  });
});

describe('decision_tree: infinite feature values', () => {
  it('splits between -Infinity and +Infinity without a NaN threshold', () => {
    const inf = Number.POSITIVE_INFINITY;
    const m = fitClf(matrix([[-inf, -inf, inf, inf, inf]]), [0, 0, 1, 1, 1]);
    expect(m.tree.threshold[0]).toBe(-inf);
    expect(Array.from(m.predict(matrix([[-inf, inf, 0]])))).toEqual([0, 1, 1]);
    const back = decisionTree.fromJSON(JSON.parse(JSON.stringify(m.toJSON()))) as DecisionTreeModel;
    expect(back.tree.threshold[0]).toBe(-inf);
  });
});

describe('decision_tree: input errors', () => {
  const X = matrix([[1, 2, 3, 4]]);
  it('single-class target', () => {
    expect(() => fitClf(X, [1, 1, 1, 1])).toThrow(InputError);
  });
  it('class index out of range, NaN regression target, bad parameters, wrong width at predict', () => {
    expect(() => fitClf(X, [0, 1, 2, 0])).toThrow(InputError);
    expect(() =>
      decisionTree.fit(X, Float64Array.from([1, Number.NaN, 2, 3]), { task: 'regression', nClasses: 0 }),
    ).toThrow(InputError);
    expect(() => fitClf(X, [0, 1, 0, 1], { max_depth: 0 })).toThrow(InputError);
    expect(() => fitClf(X, [0, 1, 0, 1], { criterion: 'squared_error' })).toThrow(InputError);
    expect(() => fitClf(X, [0, 1, 0, 1], { bogus: 1 })).toThrow(InputError);
    expect(() => fitClf(X, [0, 1, 0, 1]).predict(matrix([[1], [2]]))).toThrow(InputError);
  });
});

describe('decision_tree: serialization and plain arrays', () => {
  it('JSON round trip predicts identically (numeric, categorical, missing)', () => {
    const r = rng(3);
    const n = 300;
    const num = Array.from({ length: n }, () => (r.next() < 0.1 ? Number.NaN : r.next()));
    const cat = Array.from({ length: n }, () => (r.next() < 0.1 ? Number.NaN : r.int(5)));
    const y = num.map((v, i) =>
      (Number.isNaN(v) ? 0.5 : v) + (cat[i] === 2 ? 0.6 : 0) + r.next() * 0.3 > 0.8 ? 1 : 0,
    );
    const X = matrix([num, cat], [null, ['a', 'b', 'c', 'd', 'e']]);
    const m = fitClf(X, y);
    const back = decisionTree.fromJSON(JSON.parse(JSON.stringify(m.toJSON())));
    expect(Array.from(back.predictProba(X))).toEqual(Array.from(m.predictProba(X)));
    const plain = m.trees()[0]!;
    expect(plain.feature.length).toBe(m.tree.nNodes);
    expect(plain.value[0]!.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    expect(plain.weightedNSamples[0]).toBe(n);
    const imp = m.featureImportances();
    expect(imp.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
  });
});
