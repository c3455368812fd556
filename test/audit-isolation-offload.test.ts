/**
 * The isolation forest scored on a worker thread gives exactly the scores computed in place (same seeded
 * code on a copy of the columns), and the top rows are chosen as a full sort would choose them.
 */
import { describe, expect, it } from 'vitest';
import { highest } from '../src/audit/checks/multivariate-outliers.js';
import { fitIsolationForest, isolationScores } from '../src/audit/stats/isolation-forest.js';
import { isolationScoresOffThread, scoreOnWorker } from '../src/audit/stats/isolation-offload.js';
import { rng } from '../src/util/random.js';

function data(n: number, seed: number): Float64Array[] {
  const r = rng(seed);
  const a = Float64Array.from({ length: n }, () => r.normal());
  const b = Float64Array.from(a, (x) => 2 * x + 0.1 * r.normal());
  const c = Float64Array.from({ length: n }, () => Math.floor(r.next() * 5));
  // A few rows far from the rest.
  for (let i = 0; i < n; i += 2999) {
    a[i] = 10 + i / 1000;
    b[i] = -2 * a[i]!;
  }
  return [a, b, c];
}

describe('isolation forest on a worker thread', () => {
  it('scores every row exactly as in place', { timeout: 60_000 }, async () => {
    const cols = data(30_000, 3);
    const options = { trees: 100, sampleSize: 256, seed: 7 };
    const inPlace = isolationScores(fitIsolationForest(cols, 30_000, options), cols, 30_000);
    const onWorker = await scoreOnWorker(cols, 30_000, options);
    expect(onWorker).toBeInstanceOf(Float64Array);
    expect(onWorker.length).toBe(30_000);
    expect(Array.from(onWorker)).toEqual(Array.from(inPlace));
    // The injected rows score above every ordinary row's median.
    const median = Float64Array.from(onWorker).sort()[15_000]!;
    for (let i = 0; i < 30_000; i += 2999) expect(onWorker[i]!).toBeGreaterThan(median);
  });

  it('computes small inputs in place, with the same scores', async () => {
    const cols = data(500, 4);
    const options = { trees: 50, sampleSize: 128, seed: 1 };
    const expected = isolationScores(fitIsolationForest(cols, 500, options), cols, 500);
    expect(Array.from(await isolationScoresOffThread(cols, 500, options))).toEqual(Array.from(expected));
  });
});

describe('highest', () => {
  it('picks the k highest scores as a full sort does, earlier rows first among ties', () => {
    const r = rng(9);
    // Few distinct values: many ties.
    const scores = Float64Array.from({ length: 5000 }, () => Math.floor(r.next() * 40) / 40);
    const sorted = Array.from({ length: scores.length }, (_, i) => i).sort(
      (a, b) => scores[b]! - scores[a]! || a - b,
    );
    for (const k of [1, 10, 100]) expect(highest(scores, k)).toEqual(sorted.slice(0, k));
    expect(highest(Float64Array.of(0.5, 0.7), 10)).toEqual([1, 0]);
  });
});
