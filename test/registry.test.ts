/**
 * The learner registry and the contract every learner of this family keeps: frames with missing values,
 * categorical, constant and all-missing columns; no NaN predictions; probabilities summing to 1; JSON
 * round trips with identical predictions; determinism; clear errors on bad input.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/errors.js';
import { getLearner, learnerNames, learners, learnersFor, restoreModel } from '../src/learners/registry.js';
import type { FeatureMatrix, Task } from '../src/learners/types.js';
import { rng } from '../src/util/random.js';

const MINE = ['logistic_regression', 'linear_regression', 'ridge', 'lasso', 'knn', 'naive_bayes', 'baseline'];

function messyData(n: number, seed: number): { X: FeatureMatrix; latent: Float64Array } {
  const r = rng(seed);
  const x1 = new Float64Array(n);
  const cat = new Float64Array(n);
  const latent = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x1[i] = r.next() < 0.1 ? Number.NaN : r.normal() * 10 + 50;
    // levels a..d common, e rare; some missing
    const u = r.next();
    cat[i] = u < 0.05 ? Number.NaN : u < 0.07 ? 4 : Math.floor(r.next() * 4);
    latent[i] =
      (Number.isNaN(x1[i]!) ? 0 : (x1[i]! - 50) / 10) +
      (cat[i] === 1 ? 1.5 : cat[i] === 2 ? -1 : 0) +
      r.normal() * 0.5;
  }
  return {
    X: {
      nRows: n,
      columns: [x1, new Float64Array(n).fill(7), new Float64Array(n).fill(Number.NaN), cat],
      names: ['x1', 'constant', 'empty', 'cat'],
      categories: [null, null, null, ['a', 'b', 'c', 'd', 'e']],
    },
    latent,
  };
}

function targetFor(task: Task, latent: Float64Array): { y: Float64Array; nClasses: number } {
  if (task === 'regression') return { y: Float64Array.from(latent, (v) => 3 * v + 10), nClasses: 0 };
  if (task === 'binary') return { y: Float64Array.from(latent, (v) => (v > 0 ? 1 : 0)), nClasses: 2 };
  return { y: Float64Array.from(latent, (v) => (v < -0.7 ? 0 : v < 0.7 ? 1 : 2)), nClasses: 3 };
}

describe('registry', () => {
  it('lists every learner under its own name', () => {
    for (const name of [...MINE, 'gbdt', 'decision_tree', 'random_forest', 'extra_trees'])
      expect(learners[name]?.name).toBe(name);
    expect(learnerNames()).toEqual([...learnerNames()].sort());
    expect(learnersFor('regression')).toContain('ridge');
    expect(learnersFor('regression')).not.toContain('logistic_regression');
    expect(learnersFor('multiclass')).toContain('naive_bayes');
  });

  it('getLearner names the valid learners when the name is unknown', () => {
    expect(getLearner('knn').name).toBe('knn');
    expect(() => getLearner('svm')).toThrow(InputError);
    expect(() => getLearner('svm')).toThrow(/unknown learner 'svm'; valid learners: .*logistic_regression/);
    expect(() => getLearner('toString')).toThrow(InputError);
    expect(() =>
      restoreModel({ learner: 'nope', task: 'binary', nClasses: 2, params: {}, state: null }),
    ).toThrow(/unknown learner 'nope'/);
  });
});

describe('learner contract', () => {
  const train = messyData(160, 1);
  const test = messyData(60, 2);
  for (const name of MINE) {
    const learner = getLearner(name);
    for (const task of learner.tasks) {
      it(`${name} ${task}: fits messy frames, finite predictions, JSON round trip, deterministic`, () => {
        const { y, nClasses } = targetFor(task, train.latent);
        const opts = { task, nClasses, seed: 3 };
        const model = learner.fit(train.X, y, opts);
        expect(model.learner).toBe(name);
        expect(model.task).toBe(task);
        const pred = model.predict(test.X);
        expect(pred.length).toBe(60);
        for (const v of pred) expect(Number.isFinite(v)).toBe(true);
        if (task === 'regression') {
          expect(() => model.predictProba(test.X)).toThrow(/classification/);
        } else {
          const P = model.predictProba(test.X);
          expect(P.length).toBe(60 * nClasses);
          for (let i = 0; i < 60; i++) {
            let s = 0;
            for (let k = 0; k < nClasses; k++) {
              const v = P[i * nClasses + k]!;
              expect(v >= 0 && v <= 1).toBe(true);
              s += v;
            }
            expect(s).toBeCloseTo(1, 10);
          }
          // Better than chance on held-out rows (baseline excepted).
          if (name !== 'baseline') {
            const yt = targetFor(task, test.latent).y;
            let ok = 0;
            for (let i = 0; i < 60; i++) if (pred[i] === yt[i]) ok++;
            expect(ok / 60).toBeGreaterThan(task === 'binary' ? 0.7 : 0.55);
          }
        }
        const json = JSON.parse(JSON.stringify(model.toJSON()));
        const back = restoreModel(json);
        expect(Array.from(back.predict(test.X))).toEqual(Array.from(pred));
        if (task !== 'regression')
          expect(Array.from(back.predictProba(test.X))).toEqual(Array.from(model.predictProba(test.X)));
        expect(JSON.stringify(back.toJSON())).toBe(JSON.stringify(model.toJSON()));
        expect(JSON.stringify(learner.fit(train.X, y, opts).toJSON())).toBe(JSON.stringify(model.toJSON()));
      });
    }

    it(`${name}: bad targets are InputErrors naming the row`, () => {
      const clf = learner.tasks.includes('binary');
      const task: Task = clf ? 'binary' : 'regression';
      const { y, nClasses } = targetFor(task, train.latent);
      const bad = Float64Array.from(y);
      bad[6] = Number.NaN;
      expect(() => learner.fit(train.X, bad, { task, nClasses })).toThrow(/row 7/);
      bad[6] = Number.POSITIVE_INFINITY;
      expect(() => learner.fit(train.X, bad, { task, nClasses })).toThrow(InputError);
      expect(() => learner.fit(train.X, y.subarray(1), { task, nClasses })).toThrow(InputError);
      if (clf) {
        const single = () => learner.fit(train.X, new Float64Array(160), { task, nClasses });
        if (name === 'baseline') expect(() => single()).not.toThrow();
        else expect(single).toThrow(/single class/);
      }
      expect(() =>
        learner.fit(train.X, y, { task, nClasses, params: { no_such_param: 1 } as never }),
      ).toThrow(/unknown parameter 'no_such_param'/);
    });
  }

  it('features near the float limits still give finite predictions', () => {
    const n = 40;
    const X: FeatureMatrix = {
      nRows: n,
      columns: [
        Float64Array.from({ length: n }, (_, i) => (i % 2 ? 1e200 : -3e200) * (i + 1)),
        Float64Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 1e307 : -1e307)),
        Float64Array.from({ length: n }, (_, i) => i * 1e-300),
      ],
      names: ['a', 'b', 'c'],
      categories: [null, null, null],
    };
    for (const name of MINE) {
      const l = getLearner(name);
      for (const task of l.tasks) {
        const y = Float64Array.from({ length: n }, (_, i) => (task === 'regression' ? i : i % 2));
        for (const standardize of [true, false]) {
          const params = name === 'naive_bayes' || name === 'baseline' ? {} : { standardize };
          const m = l.fit(X, y, { task, nClasses: task === 'regression' ? 0 : 2, params });
          expect(m.predict(X).every(Number.isFinite), `${name} ${task} ${standardize}`).toBe(true);
          if (task !== 'regression') expect(m.predictProba(X).every(Number.isFinite)).toBe(true);
        }
      }
    }
  });

  it('unsupported tasks are rejected', () => {
    const { y } = targetFor('binary', train.latent);
    expect(() => getLearner('ridge').fit(train.X, y, { task: 'binary', nClasses: 2 })).toThrow(
      /task 'binary' is not supported/,
    );
    expect(() => getLearner('naive_bayes').fit(train.X, y, { task: 'regression', nClasses: 0 })).toThrow(
      InputError,
    );
  });
});

describe('iteration callbacks and browser safety', () => {
  it('onIteration returning false stops logistic_regression and lasso early', () => {
    const { X, latent } = messyData(160, 4);
    for (const [name, task] of [
      ['logistic_regression', 'multiclass'],
      ['lasso', 'regression'],
    ] as const) {
      const { y, nClasses } = targetFor(task, latent);
      const seen: number[] = [];
      const model = getLearner(name).fit(X, y, {
        task,
        nClasses,
        params: { tol: 1e-14 },
        onIteration: (i) => {
          seen.push(i);
          return i < 3;
        },
      }) as unknown as { state: { iterations: number; converged: boolean } };
      expect(seen).toEqual([1, 2, 3]);
      expect(model.state.iterations).toBe(3);
      expect(model.state.converged).toBe(false);
    }
  });

  it('the learners of this family import nothing from Node', () => {
    const root = new URL('../src/learners/', import.meta.url).pathname;
    const files: string[] = [
      `${root}registry.ts`,
      `${root}index.ts`,
      new URL('../src/util/lbfgs.ts', import.meta.url).pathname,
      new URL('../src/util/linalg.ts', import.meta.url).pathname,
    ];
    for (const dir of ['baseline', 'bayes', 'knn', 'linear', 'logistic', 'preprocess']) {
      for (const f of readdirSync(root + dir))
        if (statSync(`${root}${dir}/${f}`).isFile()) files.push(`${root}${dir}/${f}`);
    }
    expect(files.length).toBeGreaterThan(20);
    for (const f of files) {
      const src = readFileSync(f, 'utf8');
      expect(src, f).not.toMatch(/from ['"](node:|fs|path|os|child_process|worker_threads)/);
      expect(src, f).not.toMatch(/Math\.random/);
    }
  });
});
