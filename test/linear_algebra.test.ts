/** The numeric kernels under the linear learners: Cholesky, pivoted-Cholesky minimum-norm solves, L-BFGS / OWL-QN. */
import { describe, expect, it } from 'vitest';
import { minimizeLbfgs } from '../src/util/lbfgs.js';
import { cholesky, choleskySolve, gram, psdSolve } from '../src/util/linalg.js';

function matVec(a: Float64Array, p: number, x: Float64Array): Float64Array {
  return Float64Array.from({ length: p }, (_, i) => {
    let s = 0;
    for (let j = 0; j < p; j++) s += a[i * p + j]! * x[j]!;
    return s;
  });
}

describe('linalg', () => {
  const A = Float64Array.from([4, 2, 0.6, 2, 5, 1, 0.6, 1, 3]);
  const b = Float64Array.from([1, -2, 0.5]);

  it('Cholesky solves a positive definite system', () => {
    const l = Float64Array.from(A);
    expect(cholesky(l, 3)).toBe(true);
    const x = choleskySolve(l, 3, Float64Array.from(b));
    const back = matVec(A, 3, x);
    back.forEach((v, i) => {
      expect(v).toBeCloseTo(b[i]!, 13);
    });
    expect(cholesky(Float64Array.from([1, 2, 2, 1]), 2)).toBe(false);
  });

  it('psdSolve equals the Cholesky solution when full rank', () => {
    const x = psdSolve(A, 3, b);
    const l = Float64Array.from(A);
    cholesky(l, 3);
    const y = choleskySolve(l, 3, Float64Array.from(b));
    x.forEach((v, i) => {
      expect(v).toBeCloseTo(y[i]!, 13);
    });
  });

  it('psdSolve gives the minimum-norm solution of a singular consistent system', () => {
    // Columns: c0, c1, c0 + c1 -> rank 2; b in the range.
    const c0 = Float64Array.from([1, 0, 2, -1]);
    const c1 = Float64Array.from([0, 1, 1, 3]);
    const c2 = Float64Array.from(c0, (v, i) => v + c1[i]!);
    const G = gram([c0, c1, c2], 4);
    const target = Float64Array.from([1, 2, 3, 4]);
    const rhs = Float64Array.from([c0, c1, c2], (c) => c.reduce((s, v, i) => s + v * target[i]!, 0));
    const x = psdSolve(G, 3, rhs);
    // Normal equations hold, and x is orthogonal to the null vector (1, 1, -1).
    const r = matVec(G, 3, x);
    r.forEach((v, i) => {
      expect(v).toBeCloseTo(rhs[i]!, 10);
    });
    expect(x[0]! + x[1]! - x[2]!).toBeCloseTo(0, 10);
    expect(Array.from(psdSolve(new Float64Array(4), 2, Float64Array.from([1, 1])))).toEqual([0, 0]);
  });
});

describe('L-BFGS', () => {
  it('minimizes the Rosenbrock function', () => {
    const res = minimizeLbfgs(
      (x, g) => {
        const a = x[0]!;
        const b = x[1]!;
        g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
        g[1] = 200 * (b - a * a);
        return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
      },
      Float64Array.from([-1.2, 1]),
      { gtol: 1e-10, maxIter: 500 },
    );
    expect(res.converged).toBe(true);
    expect(res.x[0]).toBeCloseTo(1, 7);
    expect(res.x[1]).toBeCloseTo(1, 7);
  });

  it('OWL-QN solves a separable L1 problem exactly (soft thresholding)', () => {
    // f(x) = sum 0.5 * (x_i - c_i)^2 + lambda |x_i|  =>  x_i = sign(c_i) max(|c_i| - lambda, 0)
    const c = Float64Array.from([3, -0.5, 0.2, -2, 1]);
    const lambda = 0.8;
    const res = minimizeLbfgs(
      (x, g) => {
        let f = 0;
        for (let i = 0; i < 5; i++) {
          g[i] = x[i]! - c[i]!;
          f += 0.5 * (x[i]! - c[i]!) ** 2;
        }
        return f;
      },
      new Float64Array(5),
      { l1: new Float64Array(5).fill(lambda), gtol: 1e-12 },
    );
    const expected = Array.from(c, (v) => Math.sign(v) * Math.max(Math.abs(v) - lambda, 0));
    res.x.forEach((v, i) => {
      expect(v).toBeCloseTo(expected[i]!, 10);
    });
    expect(res.x[1]).toBe(0);
    expect(res.x[2]).toBe(0);
  });
});
