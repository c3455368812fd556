/**
 * Every fast gbdt prediction path (the flattened table walk, trees compiled to JavaScript, compiled trees
 * split across worker threads) must give exactly the raw scores of the plain tree-by-tree walk, on real
 * datasets with numeric, categorical and missing values, unseen or malformed category codes, infinities,
 * deep trees and truncated rounds.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { prepareDataset } from '../src/data/prepare.js';
import { gbdt } from '../src/learners/gbdt/index.js';
import { sigmoid } from '../src/learners/gbdt/losses.js';
import type { GbdtModel, GbdtState } from '../src/learners/gbdt/model.js';
import {
  compiledForest,
  flattenForest,
  type PredictSettings,
  predictSettings,
  walkRawScores,
} from '../src/learners/gbdt/predict.js';
import { parallelForestScores, workerFailures } from '../src/learners/gbdt/predict-workers.js';
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

function withSettings<T>(settings: Partial<PredictSettings>, fn: () => T): T {
  const saved = { ...predictSettings };
  Object.assign(predictSettings, settings);
  try {
    return fn();
  } finally {
    Object.assign(predictSettings, saved);
  }
}

/** The prediction paths: table walk, compiled on one thread, compiled with a worker for any batch size. */
const PATHS: Partial<PredictSettings>[] = [
  { compile: 'never', workers: 0 },
  { compile: 'always', workers: 0 },
  { compile: 'always', workers: 1, minParallelWork: 0 },
];

function countMismatches(a: Float64Array, b: Float64Array): number {
  expect(a.length).toBe(b.length);
  let mismatches = 0;
  for (let i = 0; i < b.length; i++) if (!Object.is(a[i], b[i])) mismatches++;
  return mismatches;
}

function expectSame(model: GbdtModel, X: FeatureMatrix, rounds?: number): void {
  const ref = reference(model, X, rounds);
  for (const path of PATHS) {
    // A fresh model each time: the compiled forest is cached per model.
    const m = gbdt.fromJSON(model.toJSON()) as GbdtModel;
    const fast = withSettings(path, () => m.predictRaw(X, rounds));
    expect({ path, mismatches: countMismatches(fast, ref) }).toEqual({ path, mismatches: 0 });
  }
}

/** Rows of X drawn at random (with replacement) until there are n. */
function sampleRows(X: FeatureMatrix, n: number, seed: number): FeatureMatrix {
  const r = rng(seed);
  const idx = Int32Array.from({ length: n }, () => Math.floor(r.next() * X.nRows));
  return { ...X, nRows: n, columns: X.columns.map((c) => Float64Array.from(idx, (i) => c[i]!)) };
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

  it('regression with many-valued categorical splits (modeldata_ames), some sending missing values left', async () => {
    const d = await load('modeldata_ames', 'Sale_Price');
    const m = gbdt.fit(d.X, d.target.y, { task: 'regression', nClasses: 0, seed: 0 }) as GbdtModel;
    const s = m.toJSON().state as GbdtState;
    const catNodes = s.trees.flatMap((t) => t.categories.map((c, i) => ({ c, left: t.defaultLeft[i] })));
    // Sets of more than a few codes (compiled as bitset lookups) and categorical nodes with missing left.
    expect(catNodes.some(({ c }) => c !== null && c.length > 6)).toBe(true);
    expect(catNodes.some(({ c, left }) => c !== null && left === 1)).toBe(true);
    expectSame(m, d.X);
    expectSame(m, perturb(d.X, 12));
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

describe('gbdt compiled prediction', () => {
  it('splits large batches across worker threads and over several kernel sweeps, with identical scores', async () => {
    const d = await load('modeldata_credit', 'Status');
    const m = gbdt.fit(d.X, d.target.y, {
      task: 'binary',
      nClasses: 2,
      seed: 0,
      params: { n_estimators: 30, num_leaves: 40, max_cat_to_onehot: 8 },
    }) as GbdtModel;
    const X = perturb(sampleRows(d.X, 20_011, 7), 8);
    const ref = reference(m, X);
    const s = m.toJSON().state as GbdtState;
    const trees = s.trees.map(treeFromJSON);
    const forest = flattenForest(trees, new Int32Array(trees.length), 1, X.columns.length);
    const c = withSettings({ compile: 'always' }, () => compiledForest(forest, X.nRows));
    expect(c).not.toBeNull();
    // help = false: the workers score every chunk (rounds of up to 8192 rows are scored here anyway).
    for (const [threads, span, help] of [
      [1, 1 << 20, false],
      [2, 1 << 20, true],
      [3, 12_000, false],
    ] as const) {
      const out = new Float64Array(X.nRows).fill(s.initScore[0]!);
      expect(parallelForestScores(c!, 1, X, out, threads, span, help)).toBe(true);
      expect(countMismatches(out, ref)).toBe(0);
    }
    // More forests than a worker keeps: evicted ones are sent again.
    for (let k = 0; k < 10; k++) {
      const other = flattenForest(trees.slice(0, k + 1), new Int32Array(k + 1), 1, X.columns.length);
      const ck = withSettings({ compile: 'always' }, () => compiledForest(other, X.nRows))!;
      const out = new Float64Array(X.nRows).fill(s.initScore[0]!);
      expect(parallelForestScores(ck, 1, X, out, 1, 1 << 20, false)).toBe(true);
      const want = walkRawScores(trees.slice(0, k + 1), Float64Array.from(s.initScore), 1, X);
      expect(countMismatches(out, want)).toBe(0);
    }
    const again = new Float64Array(X.nRows).fill(s.initScore[0]!);
    expect(parallelForestScores(c!, 1, X, again, 1, 1 << 20, false)).toBe(true);
    expect(countMismatches(again, ref)).toBe(0);
    expect(workerFailures.rounds).toBe(0);
    // A worker that cannot score (here: its copy of the source does not compile) leaves its rows to this thread.
    const broken = { ...c!, id: -1, src: { ...c!.src, source: 'syntax error(' } };
    const out = new Float64Array(X.nRows).fill(s.initScore[0]!);
    expect(parallelForestScores(broken, 1, X, out, 1, 1 << 20, false)).toBe(true);
    expect(workerFailures.rounds).toBe(1);
    expect(countMismatches(out, ref)).toBe(0);
    // Through the model, with a worker whenever the batch is worth it.
    const fast = withSettings({ compile: 'always', workers: 'auto', minParallelWork: 0 }, () =>
      m.predictRaw(X),
    );
    expect(countMismatches(fast, ref)).toBe(0);
  });

  it('keeps the table walk when the source is too big or code generation is forbidden', async () => {
    const d = await load('penguins', 'species');
    const m = gbdt.fit(d.X, d.target.y, {
      task: 'multiclass',
      nClasses: d.target.classes.length,
      seed: 0,
    }) as GbdtModel;
    const X = perturb(d.X, 11);
    const ref = reference(m, X);
    const s = m.toJSON().state as GbdtState;
    const trees = s.trees.map(treeFromJSON);
    const outputs = Int32Array.from(trees, (_, t) => t % s.nOutputs);
    const tooBig = flattenForest(trees, outputs, s.nOutputs, X.columns.length);
    expect(
      withSettings({ compile: 'always', maxSourceChars: 1000 }, () => compiledForest(tooBig, 1)),
    ).toBeNull();
    // A Content-Security-Policy without 'unsafe-eval' makes the Function constructor throw.
    const forbidden = flattenForest(trees, outputs, s.nOutputs, X.columns.length);
    const saved = globalThis.Function;
    globalThis.Function = class {
      constructor() {
        throw new EvalError('code generation from strings disallowed');
      }
    } as unknown as FunctionConstructor;
    let c: unknown;
    try {
      c = withSettings({ compile: 'always' }, () => compiledForest(forbidden, 1));
    } finally {
      globalThis.Function = saved;
    }
    expect(c).toBeNull();
    const fresh = gbdt.fromJSON(m.toJSON()) as GbdtModel;
    const fast = withSettings({ compile: 'always', maxSourceChars: 1000 }, () => fresh.predictRaw(X));
    expect(countMismatches(fast, ref)).toBe(0);
  });
});

describe('gbdt prediction stays browser-safe', () => {
  it('imports no Node built-ins (workers reach them through process.getBuiltinModule, in Node only)', () => {
    for (const name of ['predict.ts', 'codegen.ts', 'predict-workers.ts']) {
      const src = readFileSync(new URL(`../src/learners/gbdt/${name}`, import.meta.url), 'utf8');
      for (const m of src.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)) {
        expect(m[1]!.startsWith('.'), `${name} imports ${m[1]}`).toBe(true);
      }
    }
  });
});
