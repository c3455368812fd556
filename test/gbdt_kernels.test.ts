import { readFileSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ESM script without type declarations
import { compileKernels, kernelsModuleSource } from '../scripts/build-kernels.mjs';
import { type Dataset, prepareDataset } from '../src/data/prepare.js';
import { binFeatures } from '../src/learners/gbdt/binning.js';
import { gbdt } from '../src/learners/gbdt/index.js';
import type { GbdtParams } from '../src/learners/gbdt/params.js';
import { TreeGrower } from '../src/learners/gbdt/tree.js';
import { setWasmKernels } from '../src/learners/gbdt/wasm.js';
import type { FeatureMatrix } from '../src/learners/types.js';
import { rng } from '../src/util/random.js';

const sets: Record<string, Dataset> = {};
beforeAll(async () => {
  for (const [f, t] of [
    ['breast_cancer', 'target'],
    ['digits', 'target'],
    ['penguins', 'species'],
    ['airquality', 'Ozone'],
    ['modeldata_credit', 'Status'],
  ] as const) {
    const ds = await prepareDataset(`data/datasets/${f}.csv`, { target: t });
    ds.table.db.close();
    sets[f] = ds;
  }
});

afterEach(() => setWasmKernels(true));

/** The serialized model fitted with the WebAssembly kernels on and off. */
function bothWays(
  X: FeatureMatrix,
  y: Float64Array,
  task: 'binary' | 'multiclass' | 'regression',
  nClasses: number,
  params: Partial<GbdtParams>,
) {
  const fitWith = (on: boolean) => {
    setWasmKernels(on);
    return JSON.stringify(gbdt.fit(X, y, { task, nClasses, seed: 3, params: params as GbdtParams }).toJSON());
  };
  return { wasm: fitWith(true), js: fitWith(false) };
}

describe('gbdt WebAssembly kernels', () => {
  it('are the compiled kernels.wat (rebuild with npm run build:kernels)', async () => {
    const committed = readFileSync('src/learners/gbdt/kernels-wasm.ts', 'utf8');
    expect(committed).toBe(kernelsModuleSource(await compileKernels()));
  });

  it('run in a grower memory when WebAssembly is on, and not when it is off', () => {
    const ds = sets.breast_cancer!;
    const data = binFeatures(ds.X, 255, 3, 200_000, rng(0));
    const grow = {
      numLeaves: 31,
      maxDepth: -1,
      lambdaL1: 0,
      lambdaL2: 0,
      minChildSamples: 20,
      minChildWeight: 1e-3,
    };
    const rest = {
      minSplitGain: 0,
      maxCatToOnehot: 4,
      maxCatThreshold: 32,
      catSmooth: 10,
      catL2: 10,
      minDataPerGroup: 100,
    };
    const on = new TreeGrower(data, { ...grow, ...rest });
    expect(on.gh.buffer).toBeInstanceOf(ArrayBuffer);
    expect(on.gh.buffer).toBe(on.rows.buffer); // one kernel memory
    setWasmKernels(false);
    const off = new TreeGrower(data, { ...grow, ...rest });
    expect(off.gh.buffer).not.toBe(off.rows.buffer);
  });

  // Every path: dense numeric bins (breast_cancer), the sparse layout (digits), categorical splits and
  // missing values (penguins, airquality, credit), feature and row sampling (hist_subset), L1 (the
  // kernel's leafScore path), multiclass and regression.
  it.each([
    ['breast_cancer', {}],
    ['digits', { n_estimators: 15 }],
    ['penguins', { min_child_samples: 5 }],
    // Leaves down to one row: up to rows / 2 splittable leaves hold a histogram (the pool's bound).
    [
      'penguins',
      { min_child_samples: 1, min_child_weight: 0, lambda_l2: 1, num_leaves: 400, n_estimators: 12 },
    ],
    ['airquality', { lambda_l1: 0.5, lambda_l2: 1 }],
    ['modeldata_credit', { colsample: 0.6, subsample: 0.7, n_estimators: 40 }],
  ] as const)('fit the same model bit for bit as the JavaScript loops on %s', (name, params) => {
    const ds = sets[name]!;
    const { wasm, js } = bothWays(ds.X, ds.target.y, ds.target.task, ds.target.classes.length, params);
    expect(wasm).toBe(js);
    expect(JSON.parse(wasm).state.trees.length).toBeGreaterThan(10);
  });

  it('handle more than 65,536 bins in all (32-bit bin indices)', () => {
    const n = 600;
    const F = 300;
    const r = rng(11);
    const columns = Array.from({ length: F }, () => Float64Array.from({ length: n }, () => r.next()));
    const y = Float64Array.from({ length: n }, (_, i) => (columns[0]![i]! + columns[1]![i]! > 1 ? 1 : 0));
    const X: FeatureMatrix = {
      nRows: n,
      names: columns.map((_, j) => `x${j}`),
      categories: columns.map(() => null),
      columns,
    };
    expect(binFeatures(X, 255, 1, 200_000, rng(0)).bins).toBeInstanceOf(Uint32Array);
    const { wasm, js } = bothWays(X, y, 'binary', 2, { n_estimators: 5, min_data_in_bin: 1, colsample: 0.5 });
    expect(wasm).toBe(js);
  });
});
