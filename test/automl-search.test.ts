import { beforeAll, describe, expect, it } from 'vitest';
import { stackRepetitions } from '../src/automl/confirm.js';
import { crossValidate } from '../src/automl/cv.js';
import { decideEnsemble, greedySelect } from '../src/automl/ensemble.js';
import { Flow2 } from '../src/automl/flow2.js';
import { chooseEvalMethod, search, searchRepetitions } from '../src/automl/search.js';
import { initConfig, spaceFor } from '../src/automl/space.js';
import { type Dataset, prepareDataset } from '../src/data/prepare.js';
import { holdout, stratifiedKFold } from '../src/data/split.js';
import { getMetric } from '../src/evaluate/metrics/registry.js';
import { getLearner } from '../src/learners/registry.js';
import { rng } from '../src/util/random.js';

const DATA = 'data/datasets';
const sets: Record<string, Dataset> = {};

beforeAll(async () => {
  for (const [f, t] of [
    ['breast_cancer', 'target'],
    ['wine', 'target'],
    ['diabetes', 'target'],
  ] as const) {
    const ds = await prepareDataset(`${DATA}/${f}.csv`, { target: t });
    ds.table.db.close();
    sets[f] = ds;
  }
});

const run = (name: string, extra: Partial<Parameters<typeof search>[0]> = {}) => {
  const ds = sets[name]!;
  const task = ds.target.task;
  return search({
    X: ds.X,
    y: ds.target.y,
    task,
    nClasses: ds.target.classes.length,
    metric: task === 'binary' ? 'roc_auc' : task === 'multiclass' ? 'log_loss' : 'r2',
    trials: 12,
    seed: 0,
    ...extra,
  });
};

describe('search', () => {
  it('is deterministic with --trials and --seed, and starts cheap', () => {
    const a = run('wine');
    const b = run('wine');
    const view = (r: ReturnType<typeof search>) => r.trials.map((t) => [t.learner, t.params, t.scores]);
    expect(view(a)).toEqual(view(b));
    expect(a.trials).toHaveLength(13);
    expect(a.trials[0]!.learner).toBe('baseline');
    // The first searched configuration is gbdt's low-cost start: 4 trees of 4 leaves.
    expect(a.trials[1]!.learner).toBe('gbdt');
    expect(a.trials[1]!.params).toMatchObject({ n_estimators: 4, num_leaves: 4 });
    // A different seed explores differently.
    const c = run('wine', { seed: 1, trials: 4 });
    expect(view(c)).not.toEqual(view(a).slice(0, 5));
  });

  it('beats the baseline and reaches near-anchor cross-validation scores with few trials', () => {
    // Anchors (bench/sklearn_xgboost_5fold.jsonl, 5-fold): breast_cancer accuracy 0.9789 (logreg),
    // wine accuracy 0.9832 (logreg), diabetes r2 0.4896 (ridge).
    const bc = run('breast_cancer', { trials: 8 });
    expect(bc.baseline.mean).toBeCloseTo(0.5, 6);
    expect(bc.best.mean).toBeGreaterThan(0.99);
    const yb = sets.breast_cancer!.target.y;
    const acc = getMetric('accuracy').fn(yb, bc.bestOof.oof, null, 2);
    expect(acc).toBeGreaterThan(0.9789 - 0.02);

    const wine = run('wine', { trials: 10 });
    expect(wine.best.mean).toBeLessThan(wine.baseline.mean / 5); // log loss
    const yw = sets.wine!.target.y;
    expect(getMetric('accuracy').fn(yw, wine.bestOof.oof, null, 3)).toBeGreaterThan(0.9832 - 0.03);

    const dia = run('diabetes', { trials: 10 });
    expect(dia.baseline.mean).toBeLessThan(0);
    expect(dia.best.mean).toBeGreaterThan(0.4896 - 0.03);
  });

  it('uses only the rows it is given: every fold index is a row of the search data', () => {
    const r = run('wine', { trials: 3 });
    const n = sets.wine!.target.y.length;
    const seen = new Uint8Array(n);
    for (const f of r.folds) {
      for (const i of f.test) seen[i]!++;
      for (const i of f.train) expect(i).toBeLessThan(n);
    }
    expect(Array.from(seen).every((v) => v === 1)).toBe(true);
  });

  it('stops on the time budget (fake clock), always running the baseline and one cheap configuration', () => {
    let t = 0;
    const slow = () => {
      t += 1;
      return t;
    }; // one second per clock reading: the budget is gone at once
    const r = run('breast_cancer', { trials: undefined, timeBudget: 0.5, clock: slow });
    expect(r.trials.map((x) => x.learner)).toEqual(['baseline', 'gbdt']);
    expect(r.budgetTooSmall).toBe(true);
    expect(r.notes.join(' ')).toMatch(/time budget/);

    let u = 0;
    const steady = () => {
      u += 0.01;
      return u;
    };
    const s = run('breast_cancer', { trials: undefined, timeBudget: 3, clock: steady });
    expect(s.budgetTooSmall).toBe(false);
    expect(s.trials.length).toBeGreaterThan(2);
    // The search stopped close to the budget: the clock moved at most a few trials' worth past it.
    expect(s.elapsed).toBeGreaterThanOrEqual(3);
    expect(s.elapsed).toBeLessThan(6);
  });

  it('confirms the best trials on fresh folds and chooses on those folds only', () => {
    const s = run('wine');
    expect(s.confirmRepetitions).toBe(2);
    const confirmed = s.trials.filter((t) => t.confirmed);
    expect(confirmed.length).toBeGreaterThan(1);
    // wine (178 rows) is small: the search itself scores on 5 repetitions of 5-fold.
    expect(s.searchRepetitions).toBe(5);
    expect(s.trials.filter((t) => !t.confirmed).every((t) => t.repeats === 5 && t.scores.length === 25)).toBe(
      true,
    );
    for (const t of confirmed) {
      expect(t.repeats).toBe(2);
      expect(t.scores).toHaveLength(10);
      expect(t.loss).toBeCloseTo(t.scores.reduce((a, b) => a + b, 0) / 10, 12); // log loss: loss = mean
      expect(s.best.loss).toBeLessThanOrEqual(t.loss);
    }
    expect(s.best.confirmed).toBe(true);
    // The first block of scores is plain 5-fold cross-validation on stratified folds seeded seed + 1, the
    // second on folds seeded seed + 2; the search's own folds (seed) no longer count.
    const ds = sets.wine!;
    const cvOn = (foldSeed: number) =>
      crossValidate({
        learner: getLearner(s.best.learner),
        params: s.best.params,
        X: ds.X,
        y: ds.target.y,
        task: 'multiclass',
        nClasses: 3,
        folds: stratifiedKFold(ds.target.y, 5, foldSeed),
        score: getMetric('log_loss').fn,
        seed: 0,
      }).scores;
    expect(s.best.scores).toEqual([...cvOn(1), ...cvOn(2)]);
    // Without the round, every trial keeps its one repetition.
    const plain = run('wine', { confirm: false });
    expect(plain.confirmRepetitions).toBe(0);
    expect(plain.trials.every((t) => !t.confirmed && t.repeats === 5 && t.scores.length === 25)).toBe(true);
  });

  it('confirms on fresh holdout splits when the search validates on a holdout split', () => {
    const s = run('breast_cancer', { evalMethod: 'holdout', trials: 6 });
    expect(s.evalMethod).toBe('holdout');
    expect(s.confirmRepetitions).toBe(2);
    expect(s.notes.join(' ')).toMatch(/2 fresh holdout split/);
    const ds = sets.breast_cancer!;
    const y = ds.target.y;
    // Each confirmed trial's scores are its scores on the 10% holdout splits seeded 1 and 2.
    const onHoldout = (t: (typeof s.trials)[number], splitSeed: number) =>
      crossValidate({
        learner: getLearner(t.learner),
        params: t.params,
        X: ds.X,
        y,
        task: 'binary',
        nClasses: 2,
        folds: [holdout(y.length, { testSize: 0.1, seed: splitSeed, stratify: y })],
        score: getMetric('roc_auc').fn,
        seed: 0,
      }).scores[0]!;
    const confirmed = s.trials.filter((t) => t.confirmed);
    expect(confirmed.length).toBeGreaterThan(1);
    for (const t of confirmed) expect(t.scores).toEqual([onHoldout(t, 1), onHoldout(t, 2)]);
    expect(s.best.confirmed).toBe(true);
  });

  it('scores every search trial on repeated k-fold when the data is small', () => {
    expect(searchRepetitions(1000, 'cv', false)).toBe(1);
    expect(searchRepetitions(999, 'cv', false)).toBe(2);
    expect(searchRepetitions(569, 'cv', false)).toBe(2);
    expect(searchRepetitions(455, 'cv', false)).toBe(3);
    expect(searchRepetitions(178, 'cv', false)).toBe(5);
    expect(searchRepetitions(20, 'cv', false)).toBe(5);
    expect(searchRepetitions(178, 'cv', true)).toBe(1); // time-ordered folds are fixed
    expect(searchRepetitions(178, 'holdout', false)).toBe(1);
    // breast_cancer (569 rows): 2 repetitions, the first on the folds seeded `seed`, the second `seed + 1000`.
    const s = run('breast_cancer', { trials: 3, confirm: false });
    expect(s.searchRepetitions).toBe(2);
    expect(s.notes.join(' ')).toMatch(/2 repetitions of 5-fold/);
    const ds = sets.breast_cancer!;
    const t = s.best;
    const cvOn = (foldSeed: number) =>
      crossValidate({
        learner: getLearner(t.learner),
        params: t.params,
        X: ds.X,
        y: ds.target.y,
        task: 'binary',
        nClasses: 2,
        folds: stratifiedKFold(ds.target.y, 5, foldSeed),
        score: getMetric('roc_auc').fn,
        seed: 0,
      });
    const first = cvOn(0);
    expect(t.repeats).toBe(2);
    expect(t.scores).toEqual([...first.scores, ...cvOn(1000).scores]);
    // The returned folds and out-of-fold predictions are the first repetition's.
    expect(s.folds.map((f) => Array.from(f.test))).toEqual(
      stratifiedKFold(ds.target.y, 5, 0).map((f) => Array.from(f.test)),
    );
    expect(Array.from(s.bestOof.oofProba!)).toEqual(Array.from(first.oofProba!));
  });

  it('stacks repetitions into one ensemble problem with the folds offset per repetition', () => {
    const y = Float64Array.from([0, 1, 0, 1]);
    const c = (v: number) => ({ oof: new Float64Array(4).fill(v), oofProba: new Float64Array(8).fill(v) });
    const folds = [
      { train: Int32Array.from([2, 3]), test: Int32Array.from([0, 1]) },
      { train: Int32Array.from([0, 1]), test: Int32Array.from([2, 3]) },
    ];
    const st = stackRepetitions(y, 'binary', 2, [[c(0.1), c(0.2)]], [folds, folds]);
    expect(Array.from(st.y)).toEqual([0, 1, 0, 1, 0, 1, 0, 1]);
    expect(Array.from(st.candidates[0]!.oof)).toEqual([0.1, 0.1, 0.1, 0.1, 0.2, 0.2, 0.2, 0.2]);
    expect(st.candidates[0]!.oofProba).toHaveLength(16);
    expect(st.parts.map((p) => Array.from(p))).toEqual([
      [0, 1],
      [2, 3],
      [4, 5],
      [6, 7],
    ]);
  });

  it('chooses cross-validation or holdout like FLAML', () => {
    expect(chooseEvalMethod(455, 30, 60)).toBe('cv');
    expect(chooseEvalMethod(16000, 16, 60)).toBe('holdout');
    expect(chooseEvalMethod(16000, 16, 3600)).toBe('cv');
    expect(chooseEvalMethod(16000, 16, null)).toBe('cv');
    expect(chooseEvalMethod(200_000, 3, null)).toBe('holdout');
  });

  it('rejects learners that do not fit the task', () => {
    expect(() => run('diabetes', { learners: ['logistic_regression'] })).toThrow(
      /does not handle regression/,
    );
    expect(() => run('diabetes', { learners: ['nope'] })).toThrow(/unknown learner/);
  });
});

describe('FLOW2', () => {
  it('starts at the low-cost point, then the known-good defaults, then walks to a better region', () => {
    const space = spaceFor('gbdt', 'binary', 1000, 10, 2)!;
    const f = new Flow2(space, rng(0));
    const first = f.propose()!;
    expect(first).toMatchObject(initConfig(space));
    f.report(10);
    expect(f.propose()).toMatchObject(space.defaults[0]!);
    f.report(11);
    // Loss falls with log(n_estimators) towards 256 and learning rate towards 0.05: FLOW2 follows it.
    const loss = (p: Record<string, unknown>) =>
      Math.abs(Math.log2(p.n_estimators as number) - 8) +
      Math.abs(Math.log2((p.learning_rate as number) / 0.05));
    let best = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 300; i++) {
      const p = f.propose()!;
      const l = loss(p);
      best = Math.min(best, l);
      f.report(l);
    }
    expect(best).toBeLessThan(1);
  });
});

describe('ensemble selection', () => {
  const y = () => sets.diabetes!.target.y;
  const noisy = (seed: number) => {
    const r = rng(seed);
    return Float64Array.from(y(), (v) => v + 40 * r.normal());
  };
  const parts = (n: number) =>
    Array.from({ length: 5 }, (_, f) =>
      Int32Array.from({ length: n }, (_, i) => i).filter((i) => i % 5 === f),
    );

  it('keeps an average of independent errors (it helps) and refuses copies of one model (it does not)', () => {
    const metric = getMetric('r2');
    const n = y().length;
    const a = noisy(1);
    const b = noisy(2);
    const helps = decideEnsemble(
      {
        task: 'regression',
        nClasses: 0,
        y: y(),
        metric,
        candidates: [
          { oof: a, oofProba: null },
          { oof: b, oofProba: null },
        ],
      },
      parts(n),
    );
    expect(helps.keep).toBe(true);
    expect(helps.weights[0]).toBeGreaterThan(0.2);
    expect(helps.weights[1]).toBeGreaterThan(0.2);
    expect(helps.ensembleLoss).toBeLessThan(helps.singleLoss);

    const same = decideEnsemble(
      {
        task: 'regression',
        nClasses: 0,
        y: y(),
        metric,
        candidates: [
          { oof: a, oofProba: null },
          { oof: Float64Array.from(a), oofProba: null },
        ],
      },
      parts(n),
    );
    expect(same.keep).toBe(false);
    // A copy with a bias only hurts: it gets no weight.
    const worse = Float64Array.from(a, (v) => v + 100);
    const sel = greedySelect(
      {
        task: 'regression',
        nClasses: 0,
        y: y(),
        metric,
        candidates: [
          { oof: a, oofProba: null },
          { oof: worse, oofProba: null },
        ],
      },
      Int32Array.from({ length: n }, (_, i) => i),
    );
    expect(sel.picks.every((p) => p === 0)).toBe(true);
  });
});
