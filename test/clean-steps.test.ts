/** Cleaning steps on their own and in pipelines; numbers pinned from test/fixtures/clean_steps_sklearn.py. */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  applyPipeline,
  fitOrApplyPlan,
  fitPipeline,
  makePlan,
  readPlan,
  runSteps,
} from '../src/clean/pipeline.js';
import { parseDateText, parseNumberText } from '../src/clean/steps/fix-types.js';
import {
  type CategoricalColumn,
  categoricalFromStrings,
  type Frame,
  type NumericColumn,
} from '../src/data/frame.js';
import { loadTable } from '../src/data/load.js';
import { inferSchema } from '../src/data/schema.js';
import { toFrame } from '../src/data/toFrame.js';
import { InputError } from '../src/errors.js';

async function read(name: string, options: { target?: string } = {}): Promise<Frame> {
  const table = await loadTable(`data/datasets/${name}.csv`);
  try {
    return (await toFrame(table, await inferSchema(table, options))).frame;
  } finally {
    table.db.close();
  }
}

const num = (f: Frame, name: string) => (f.columns.find((c) => c.name === name) as NumericColumn).values;
const cat = (f: Frame, name: string) => f.columns.find((c) => c.name === name) as CategoricalColumn;
const fitPlan = (f: Frame, steps: object[], target?: string) =>
  fitPipeline(f, makePlan(steps as never, target), { seed: 0, target });
const frame = (n: number, columns: Frame['columns']): Frame => ({
  nRows: n,
  rowNumbers: Int32Array.from({ length: n }, (_, i) => i + 1),
  columns,
});

describe('scale and encode match scikit-learn on penguins', () => {
  let pen: Frame;
  const MEAS = ['bill_length_mm', 'bill_depth_mm', 'flipper_length_mm', 'body_mass_g'];
  beforeAll(async () => {
    pen = await read('penguins', { target: 'species' });
  });

  it('standard scaling: StandardScaler mean_ and scale_', () => {
    const r = fitPlan(pen, [{ step: 'scale', options: { columns: MEAS } }]);
    const p = r.steps[0]!.params as { columns: { center: number; scale: number }[] };
    const want = {
      center: [43.9219298245614, 17.151169590643274, 200.91520467836258, 4201.754385964912],
      scale: [5.4515960231618195, 1.9719039187562524, 14.041140568589102, 800.781229238452],
    };
    p.columns.forEach((c, j) => {
      expect(c.center).toBeCloseTo(want.center[j]!, 10);
      expect(c.scale).toBeCloseTo(want.scale[j]!, 10);
    });
    const row1 = [-0.8844987420334891, 0.7854492273303183, -1.418346649339451, -0.5641420770995512];
    for (const [j, m] of MEAS.entries()) expect(num(r.frame, m)[0]).toBeCloseTo(row1[j]!, 12);
  });

  it('robust scaling: RobustScaler center_ and scale_', () => {
    const r = fitPlan(pen, [{ step: 'scale', options: { columns: MEAS, method: 'robust' } }]);
    const p = r.steps[0]!.params as { columns: { center: number; scale: number }[] };
    expect(p.columns.map((c) => c.center)).toEqual([44.45, 17.3, 197, 4050]);
    for (const [j, c] of p.columns.entries()) expect(c.scale).toBeCloseTo([9.275, 3.1, 23, 1200][j]!, 12);
  });

  it('one-hot with rare categories grouped: OneHotEncoder(min_frequency=0.2)', () => {
    const r = fitPlan(
      pen,
      [{ step: 'encode', options: { columns: ['island'], min_frequency: 0.2 } }],
      'species',
    );
    const names = r.frame.columns.map((c) => c.name).filter((n) => n.startsWith('island'));
    expect(names).toEqual(['island=Biscoe', 'island=Dream', 'island=__other__']);
    expect(names.map((n) => num(r.frame, n).reduce((a, b) => a + b, 0))).toEqual([168, 124, 52]);
    // An unseen island goes to the infrequent column, as handle_unknown='infrequent_if_exist'.
    const next = frame(1, [categoricalFromStrings('island', ['Atlantis'])]);
    const out = runSteps(next, r.steps, 'predict');
    expect(names.map((n) => num(out.frame, n)[0])).toEqual([0, 0, 1]);
    expect(out.log[0]!.cells).toEqual([{ column: 'island', action: 'unseen', count: 1, rows: [1] }]);
  });
});

describe('outliers', () => {
  it('Tukey fences on credit Income (numpy percentiles) and clipping with every change logged', async () => {
    const credit = await read('modeldata_credit', { target: 'Status' });
    const r = fitPlan(
      credit,
      [{ step: 'outliers', options: { columns: ['Income'], action: 'clip' } }],
      'Status',
    );
    const f = (r.steps[0]!.params as { columns: { low: number; high: number }[] }).columns[0]!;
    expect([f.low, f.high]).toEqual([-30, 290]);
    expect(r.log[0]!.cells[0]).toMatchObject({ column: 'Income', action: 'clipped', count: 207 });
    const v = Array.from(num(r.frame, 'Income')).filter((x) => !Number.isNaN(x));
    expect(v.reduce((a, b) => a + b, 0) / v.length).toBeCloseTo(136.929044930027, 9);
    expect(r.frame.nRows).toBe(credit.nRows);
  });

  it('drop removes rows when cleaning but never at prediction time; flag adds an indicator', () => {
    const f = frame(6, [{ kind: 'numeric', name: 'x', values: Float64Array.from([1, 2, 3, 4, 5, 100]) }]);
    const dropped = fitPlan(f, [{ step: 'outliers', options: { action: 'drop' } }]);
    expect(dropped.frame.nRows).toBe(5);
    expect(dropped.log[0]!.rowsDropped).toEqual({ count: 1, rows: [6] });
    expect(applyPipeline(f, dropped.steps).nRows).toBe(6);
    const flagged = fitPlan(f, [{ step: 'outliers', options: { action: 'flag' } }]);
    expect(Array.from(num(flagged.frame, 'x__outlier'))).toEqual([0, 0, 0, 0, 0, 1]);
    const missing = fitPlan(f, [
      { step: 'outliers', options: { action: 'missing' } },
      { step: 'impute', options: { strategy: 'median' } },
    ]);
    expect(Array.from(num(missing.frame, 'x'))).toEqual([1, 2, 3, 4, 5, 3]);
  });
});

describe('pipelines', () => {
  it('row-dropping steps never drop rows at prediction time', () => {
    const f = frame(4, [
      { kind: 'numeric', name: 'a', values: Float64Array.from([1, 1, Number.NaN, 2]) },
      categoricalFromStrings('y', ['p', 'p', 'q', null]),
    ]);
    const r = fitPlan(
      f,
      [
        { step: 'drop_missing', options: { columns: ['y'] } },
        { step: 'drop_duplicates' },
        { step: 'impute', options: { strategy: 'mean' } },
      ],
      'y',
    );
    expect(r.frame.nRows).toBe(2);
    expect(Array.from(num(r.frame, 'a'))).toEqual([1, 1]);
    const applied = applyPipeline(f, r.steps);
    expect(applied.nRows).toBe(4);
    // The mean of the training rows left after dropping (1 and NaN -> 1) fills the missing cell.
    expect(Array.from(num(applied, 'a'))).toEqual([1, 1, 1, 2]);
  });

  it('fitted params are plain JSON: a round trip through JSON gives the same output', async () => {
    const air = await read('airquality', { target: 'Ozone' });
    const steps = [
      { step: 'drop_missing', options: { columns: ['Ozone'] } },
      { step: 'impute', options: { strategy: 'knn', add_indicator: true } },
      { step: 'outliers', options: { action: 'clip' } },
      { step: 'scale', options: { method: 'robust' } },
    ];
    const r = fitPlan(air, steps, 'Ozone');
    const json = JSON.parse(JSON.stringify(r.steps));
    const a = applyPipeline(air, r.steps);
    const b = applyPipeline(air, json);
    expect(b.columns.map((c) => c.name)).toEqual([
      'Ozone',
      'Solar.R',
      'Solar.R__missing',
      'Wind',
      'Temp',
      'Month',
      'Day',
    ]);
    expect(b.nRows).toBe(153);
    for (const c of a.columns)
      expect(Array.from(num(b, c.name))).toEqual(Array.from((c as NumericColumn).values));
    // Same data and seed, same plan.
    expect(JSON.stringify(fitPlan(air, steps, 'Ozone').steps)).toBe(JSON.stringify(r.steps));
  });

  it('iterative imputation with gbdt models beats the mean on airquality', async () => {
    const air = await read('airquality');
    const truth = num(air, 'Wind');
    const masked = {
      ...air,
      columns: air.columns.map((c) =>
        c.name === 'Wind'
          ? { ...c, values: Float64Array.from(truth, (x, i) => (i % 5 === 0 ? Number.NaN : x)) }
          : c,
      ),
    } as Frame;
    const err = (f: Frame) => {
      let s = 0;
      let n = 0;
      num(f, 'Wind').forEach((x, i) => {
        if (i % 5 === 0) {
          s += (x - truth[i]!) ** 2;
          n++;
        }
      });
      return Math.sqrt(s / n);
    };
    const mean = err(fitPlan(masked, [{ step: 'impute', options: { strategy: 'mean' } }]).frame);
    const r = fitPlan(masked, [
      { step: 'impute', options: { strategy: 'iterative', estimator: 'gbdt', max_iter: 3 } },
    ]);
    expect(err(r.frame)).toBeLessThan(mean);
    expect(r.log[0]!.summary).toMatch(/iterative \(gbdt, \d rounds?/);
  });

  it('out-of-fold target encoding: a training row never sees its own target', () => {
    // Every row its own category: in-sample encoding would copy the target; out-of-fold gives the prior of other folds.
    const n = 50;
    const f = frame(n, [
      categoricalFromStrings(
        'g',
        Array.from({ length: n }, (_, i) => `c${i}`),
      ),
      { kind: 'numeric', name: 'y', values: Float64Array.from({ length: n }, (_, i) => i % 2) },
    ]);
    const r = fitPlan(f, [{ step: 'encode', options: { method: 'target', columns: ['g'] } }], 'y');
    const enc = num(r.frame, 'g');
    for (let i = 0; i < n; i++) expect(Math.abs(enc[i]! - 0.5)).toBeLessThan(0.1);
    // At prediction time each known category gets its smoothed training mean: (y + 10 * 0.5) / (1 + 10).
    const applied = applyPipeline(f, r.steps);
    expect(num(applied, 'g')[0]).toBeCloseTo(5 / 11, 12);
    expect(num(applied, 'g')[1]).toBeCloseTo(6 / 11, 12);
  });

  it('normalize_missing, normalize_categories and fix_types', () => {
    const f = frame(5, [
      { kind: 'numeric', name: 'income', values: Float64Array.from([10, 99999999, 12, -1, 11]) },
      categoricalFromStrings('city', ['New York', 'new-york ', 'NY', 'Boston', 'unknown']),
      categoricalFromStrings('price', ['$1,200.50', '(3)', '45%', 'n/a', '7']),
      categoricalFromStrings('day', ['2024-03-31', '2024/02/29', '2023-02-29', '2024-01-01T12:30:00Z', null]),
    ]);
    const r = fitPlan(f, [
      {
        step: 'normalize_missing',
        options: { columns: { income: { values: [99999999, -1] }, city: { tokens: ['Unknown'] } } },
      },
      { step: 'normalize_categories', options: { columns: ['city'], map: { city: { NY: 'New York' } } } },
      { step: 'fix_types', options: { columns: { price: 'number', day: 'datetime' } } },
    ]);
    expect(Array.from(num(r.frame, 'income'))).toEqual([10, Number.NaN, 12, Number.NaN, 11]);
    const city = cat(r.frame, 'city');
    expect(Array.from(city.codes, (k) => (k < 0 ? null : city.dictionary[k]))).toEqual([
      'New York',
      'New York',
      'New York',
      'Boston',
      null,
    ]);
    expect(Array.from(num(r.frame, 'price'))).toEqual([1200.5, -3, 45, Number.NaN, 7]);
    expect(Array.from(num(r.frame, 'day'))).toEqual([
      Date.UTC(2024, 2, 31),
      Date.UTC(2024, 1, 29),
      Number.NaN,
      Date.UTC(2024, 0, 1, 12, 30),
      Number.NaN,
    ]);
    // 'n/a' is a null spelling (set to missing by default in every other text column); '2023-02-29' is no date.
    expect(r.log[0]!.cells).toEqual([
      { column: 'income', action: 'set_missing', count: 2, rows: [2, 4] },
      { column: 'city', action: 'set_missing', count: 1, rows: [5] },
      { column: 'price', action: 'set_missing', count: 1, rows: [4] },
    ]);
    expect(r.log[2]!.cells.filter((c) => c.action === 'unparseable')).toEqual([
      { column: 'day', action: 'unparseable', count: 1, rows: [3] },
    ]);
    expect(parseNumberText('1,23')).toBeNaN();
    expect(parseDateText('2024-13-01')).toBeNaN();
  });
});

describe('fix_types guards', () => {
  it('min_share keeps a listed column as text when most values are not numbers', () => {
    const f = frame(4, [
      categoricalFromStrings('q', ['1', '2', 'n.a.', 'twelve']),
      categoricalFromStrings('p', ['1,000', '2,500', '3', 'x']),
    ]);
    const r = fitPlan(f, [
      { step: 'fix_types', options: { columns: { q: 'number', p: 'number' }, min_share: 0.7 } },
    ]);
    expect(r.steps[0]!.params).toEqual({ columns: [{ column: 'p', to: 'number' }] });
    expect(r.frame.columns.map((c) => c.kind)).toEqual(['categorical', 'numeric']);
    expect(Array.from(num(r.frame, 'p'))).toEqual([1000, 2500, 3, Number.NaN]);
  });

  it('a fitted plan accepts numbers where it converted text, and rejects other kind changes', () => {
    const f = frame(3, [
      categoricalFromStrings('p', ['1,000', '2', '3']),
      categoricalFromStrings('c', ['a', 'b', 'a']),
    ]);
    const fitted = fitOrApplyPlan(
      f,
      makePlan([{ step: 'fix_types', options: { columns: { p: 'number' } } }]),
      { seed: 0 },
    );
    const next = frame(2, [
      { kind: 'numeric', name: 'p', values: Float64Array.from([5, 6]) },
      categoricalFromStrings('c', ['a', 'a']),
    ]);
    expect(Array.from(num(fitOrApplyPlan(next, fitted.plan, { seed: 0 }).frame, 'p'))).toEqual([5, 6]);
    const wrong = frame(2, [
      categoricalFromStrings('p', ['5', '6']),
      { kind: 'numeric', name: 'c', values: Float64Array.from([1, 2]) },
    ]);
    expect(() => fitOrApplyPlan(wrong, fitted.plan, { seed: 0 }, 'plan.json')).toThrow(
      /plan.json: column 'c' is numeric here but text in the data the plan was fitted on/,
    );
  });
});

describe('readPlan', () => {
  it.each([
    ['not json', /not valid JSON/],
    [{ steps: [] }, /"format" must be "mlqa-clean-plan"/],
    [{ format: 'mlqa-clean-plan', version: 2, steps: [] }, /plan version 2 is not supported/],
    [
      { format: 'mlqa-clean-plan', version: 1, steps: [{ step: 'impute', params: { strategy: 'mode' } }] },
      /step 1: impute: params 'strategy'/,
    ],
    [
      { format: 'mlqa-clean-plan', version: 1, steps: [{ options: {} }] },
      /step 1: must be an object with a "step" name/,
    ],
  ])('%j', (plan, message) => {
    const text = typeof plan === 'string' ? plan : JSON.stringify(plan);
    expect(() => readPlan(text, 'plan.json')).toThrow(InputError);
    expect(() => readPlan(text, 'plan.json')).toThrow(message);
  });
});
