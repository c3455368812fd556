/**
 * The fast gbdt predictor (flattened forest, eight rows walked at once without branches) must give
 * exactly the raw scores of the plain tree-by-tree walk, on real datasets with numeric, categorical and
 * missing values, unseen or malformed category codes, infinities, deep trees and truncated rounds.
 */
import { describe, expect, it } from 'vitest';
import { prepareDataset } from '../src/data/prepare.js';
import { gbdt } from '../src/learners/gbdt/index.js';
import { sigmoid } from '../src/learners/gbdt/losses.js';
import type { GbdtModel, GbdtState } from '../src/learners/gbdt/model.js';
import { walkRawScores } from '../src/learners/gbdt/predict.js';
import { treeFromJSON } from '../src/learners/gbdt/treeData.js';
import type { FeatureMatrix } from '../src/learners/types.js';
import { rng } from '../src/util/random.js';

async function load(name: string, target: string) {
  return prepareDataset(new URL(`../data/datasets/${name}.csv`, import.meta.url).pathname, { target });
}

function reference(model: GbdtModel, X: FeatureMatrix, rounds?: number): Float64Array {
  const s = model.toJSON().state as GbdtState;
  const nTrees = rounds === undefined ? s.trees.length : rounds * s.nOutputs;
  const trees = s.trees.slice(0, nTrees).map(treeFromJSON);
  return walkRawScores(trees, Float64Array.from(s.initScore), s.nOutputs, X);
}

/** X with a share of cells replaced by NaN, and for categorical columns some unseen, negative or fractional codes. */
function perturb(X: FeatureMatrix, seed: number): FeatureMatrix {
  const r = rng(seed);
  const columns = X.columns.map((c, j) => {
    const out = Float64Array.from(c);
    for (let i = 0; i < out.length; i++) {
      const u = r.next();
      if (u < 0.1) out[i] = Number.NaN;
      else if (X.categories[j] && u < 0.14) out[i] = [999, -1, 1.5, 40][i % 4]!;
      else if (!X.categories[j] && u < 0.12)
        out[i] = i % 2 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
    }
    return out;
  });
  return { ...X, columns };
}

function expectSame(model: GbdtModel, X: FeatureMatrix, rounds?: number): void {
  const fast = model.predictRaw(X, rounds);
  const ref = reference(model, X, rounds);
  expect(fast.length).toBe(ref.length);
  let mismatches = 0;
  for (let i = 0; i < ref.length; i++) if (!Object.is(fast[i], ref[i])) mismatches++;
  expect(mismatches).toBe(0);
}

describe('gbdt fast prediction equals the plain tree walk', () => {
  it('binary, numeric features (breast_cancer), with missing values and infinities', async () => {
    const d = await load('breast_cancer', 'target');
    const m = gbdt.fit(d.X, d.target.y, { task: 'binary', nClasses: 2, seed: 0 }) as GbdtModel;
    expectSame(m, d.X);
    expectSame(m, perturb(d.X, 1));
    expectSame(m, d.X, 7);
    const p = m.predictProba(d.X);
    const raw = reference(m, d.X);
    for (let i = 0; i < d.X.nRows; i++) expect(p[2 * i + 1]).toBe(sigmoid(raw[i]!));
  });

  it('multiclass with categorical features and missing values (penguins), deep trees', async () => {
    const d = await load('penguins', 'species');
    expect(d.X.categories.some((c) => c)).toBe(true);
    for (const params of [{}, { num_leaves: 63, min_child_samples: 2, n_estimators: 30 }]) {
      const m = gbdt.fit(d.X, d.target.y, {
        task: 'multiclass',
        nClasses: d.target.classes.length,
        seed: 0,
        params,
      }) as GbdtModel;
      expectSame(m, d.X);
      expectSame(m, perturb(d.X, 2));
      expectSame(m, perturb(d.X, 3), 5);
    }
  });

  it('binary with many categorical and missing values (modeldata_credit)', async () => {
    const d = await load('modeldata_credit', 'Status');
    const m = gbdt.fit(d.X, d.target.y, {
      task: 'binary',
      nClasses: 2,
      seed: 0,
      params: { n_estimators: 40, num_leaves: 80, max_cat_to_onehot: 8 },
    }) as GbdtModel;
    const s = m.toJSON().state as GbdtState;
    expect(s.trees.some((t) => t.categories.some((c) => c !== null))).toBe(true);
    expect(s.trees.some((t) => t.leafValue.length > 32)).toBe(true);
    expectSame(m, d.X);
    expectSame(m, perturb(d.X, 4));
  });

  it('regression with missing values (airquality), including missing-versus-present splits', async () => {
    const d = await load('airquality', 'Temp');
    const m = gbdt.fit(d.X, d.target.y, { task: 'regression', nClasses: 0, seed: 0 }) as GbdtModel;
    expectSame(m, d.X);
    expectSame(m, perturb(d.X, 5));
    // A feature whose only signal is being missing: split threshold +Infinity, missing right.
    const n = 400;
    const x0 = new Float64Array(n);
    const x1 = new Float64Array(n);
    const y = new Float64Array(n);
    const r = rng(9);
    for (let i = 0; i < n; i++) {
      x0[i] = i % 3 === 0 ? Number.NaN : r.next();
      x1[i] = r.next();
      y[i] = (i % 3 === 0 ? 5 : 0) + x1[i]!;
    }
    const X: FeatureMatrix = { nRows: n, columns: [x0, x1], names: ['a', 'b'], categories: [null, null] };
    const m2 = gbdt.fit(X, y, { task: 'regression', nClasses: 0, seed: 0 }) as GbdtModel;
    const s = m2.toJSON().state as GbdtState;
    expect(s.trees.some((t) => t.threshold.some((v) => v === null))).toBe(true);
    expectSame(m2, X);
    expectSame(m2, perturb(X, 6));
  });

  it('handles fewer rows than a block, single rows, empty input, single-leaf trees and JSON round trips', async () => {
    const d = await load('iris', 'target');
    const m = gbdt.fit(d.X, d.target.y, { task: 'multiclass', nClasses: 3, seed: 0 }) as GbdtModel;
    for (const k of [0, 1, 7, 8, 9, 150]) {
      const idx = Int32Array.from({ length: k }, (_, i) => (i * 37) % d.X.nRows);
      const X: FeatureMatrix = {
        ...d.X,
        nRows: k,
        columns: d.X.columns.map((c) => Float64Array.from(idx, (i) => c[i]!)),
      };
      expectSame(m, X);
    }
    // Trees without a split (a single leaf): min_child_samples larger than the data.
    const stump = gbdt.fit(d.X, d.target.y, {
      task: 'multiclass',
      nClasses: 3,
      seed: 0,
      params: { min_child_samples: 1000, n_estimators: 3 },
    }) as GbdtModel;
    expect((stump.toJSON().state as GbdtState).trees.every((t) => t.feature.length === 0)).toBe(true);
    expectSame(stump, d.X);
    const back = gbdt.fromJSON(JSON.parse(JSON.stringify(m.toJSON()))) as GbdtModel;
    expect(Array.from(back.predictRaw(d.X))).toEqual(Array.from(m.predictRaw(d.X)));
  });
});
