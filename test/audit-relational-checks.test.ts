/**
 * Relational audit checks on real data with known answers, and on copies of real data with injected
 * faults. Reference numbers were computed offline with scipy 1.x / pandas / scikit-learn 1.2.1 (see the
 * comments next to each literal); the tests do not run Python.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type AuditContext, runCheck } from '../src/audit/check.js';
import { classImbalance } from '../src/audit/checks/class-imbalance.js';
import { conflictingLabels } from '../src/audit/checks/conflicting-labels.js';
import { duplicateRows } from '../src/audit/checks/duplicate-rows.js';
import { highCorrelation } from '../src/audit/checks/high-correlation.js';
import { multivariateOutliers } from '../src/audit/checks/multivariate-outliers.js';
import { nearDuplicates } from '../src/audit/checks/near-duplicates.js';
import { redundantColumn } from '../src/audit/checks/redundant-column.js';
import { relationalChecks } from '../src/audit/checks/relational-checks.js';
import { smallSample } from '../src/audit/checks/small-sample.js';
import { type TargetLeakage, targetLeakage } from '../src/audit/checks/target-leakage.js';
import { allChecks } from '../src/audit/registry.js';
import { associationMatrix, measureOf } from '../src/audit/stats/association-matrix.js';
import { correlationRatio } from '../src/audit/stats/correlation-ratio.js';
import { cramersV } from '../src/audit/stats/cramers-v.js';
import {
  averagePathLength,
  fitIsolationForest,
  isolationScores,
} from '../src/audit/stats/isolation-forest.js';
import { spearman } from '../src/audit/stats/rank.js';
import { categoricalFromStrings, column } from '../src/data/frame.js';
import { rng } from '../src/util/random.js';
import { auditContext, closeContext, DATA, readCsv, writeCsv } from './helpers/relational-context.js';

const open = new Map<string, Promise<AuditContext>>();
/** One context per file, target and options, shared by the tests (loading is the slow part). */
function ctxOf(
  path: string,
  target?: string,
  extra: { id?: string[]; sample?: number } = {},
): Promise<AuditContext> {
  const key = JSON.stringify([path, target, extra]);
  let ctx = open.get(key);
  if (!ctx) {
    ctx = auditContext(path, { target, ...extra });
    open.set(key, ctx);
  }
  return ctx;
}
const dataset = (name: string) => join(DATA, name);
afterAll(async () => {
  for (const c of open.values()) closeContext(await c);
});

describe('relational check list', () => {
  it('has unique snake_case ids, descriptions and defaults', () => {
    const ids = relationalChecks.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([
      'duplicate_rows',
      'near_duplicates',
      'conflicting_labels',
      'target_leakage',
      'redundant_column',
      'high_correlation',
      'multivariate_outliers',
      'class_imbalance',
      'small_sample',
    ]);
    for (const c of relationalChecks) {
      expect(c.id).toMatch(/^[a-z]+(_[a-z]+)*$/);
      expect(c.description.length).toBeGreaterThan(10);
    }
  });
});

describe('duplicate_rows', () => {
  it('finds the exact duplicate in iris (pandas duplicated(): 1 row, row 143 repeats row 102)', async () => {
    const [f, ...rest] = await runCheck(duplicateRows, await ctxOf(dataset('iris.csv'), 'target'));
    expect(rest).toEqual([]);
    expect(f!.rows).toEqual([143]);
    expect(f!.count).toBe(1);
    expect(f!.value).toBeCloseTo(1 / 150, 12);
    expect(f!.severity).toBe('warning');
    expect(f!.evidence!.examples).toEqual([{ rows: [102, 143], count: 2 }]);
  });

  it('finds both duplicates in credit, missing values compared as equal (pandas: rows 1023 and 2930)', async () => {
    const [f] = await runCheck(duplicateRows, await ctxOf(dataset('modeldata_credit.csv'), 'Status'));
    expect(f!.rows).toEqual([1023, 2930]);
    expect(f!.evidence!.examples).toEqual([
      { rows: [1022, 1023], count: 2 },
      { rows: [2929, 2930], count: 2 },
    ]);
  });

  it('counts all copies in letter (pandas: 1,332 duplicated rows in 845 groups), listing at most 1000', async () => {
    const [f] = await runCheck(duplicateRows, await ctxOf(dataset('mlbench_letter.csv'), 'lettr'));
    expect(f!.count).toBe(1332);
    expect(f!.rows.length).toBe(1000);
    expect(f!.evidence!.groups).toBe(845);
    expect(f!.rows).toEqual([...f!.rows].sort((a, b) => a - b));
  });

  it('ignores the id column of tate_text (pandas duplicated(subset=non-id columns): 995 rows in 148 groups)', async () => {
    const ctx = await ctxOf(dataset('modeldata_tate_text.csv'));
    expect(ctx.schema.columns.find((c) => c.name === 'id')!.role).toBe('id');
    const [f] = await runCheck(duplicateRows, ctx);
    expect(f!.count).toBe(995);
    expect(f!.evidence!.groups).toBe(148);
    expect(f!.severity).toBe('error');
    expect(f!.evidence!.ignoredColumns).toEqual(['id']);
  });

  it('finds injected copies that differ only in an id column, and is silent on the clean file', async () => {
    const wine = readCsv('wine.csv');
    const withId = (lines: string[]) => lines.map((l, i) => `${1000 + i},${l}`);
    const lines = [...wine.lines, wine.lines[4]!, wine.lines[9]!, wine.lines[9]!];
    const path = writeCsv('wine_dups.csv', { header: `record_id,${wine.header}`, lines: withId(lines) });
    const ctx = await ctxOf(path, 'target');
    expect(ctx.schema.columns.find((c) => c.name === 'record_id')!.role).toBe('id');
    const [f] = await runCheck(duplicateRows, ctx);
    expect(f!.rows).toEqual([179, 180, 181]);
    expect(f!.evidence!.examples).toEqual([
      { rows: [10, 180, 181], count: 3 },
      { rows: [5, 179], count: 2 },
    ]);
    expect(f!.message).toContain('ignoring record_id');
    const clean = writeCsv('wine_ids.csv', { header: `record_id,${wine.header}`, lines: withId(wine.lines) });
    expect(await runCheck(duplicateRows, await ctxOf(clean, 'target'))).toEqual([]);
  });
});

describe('conflicting_labels', () => {
  it('finds the credit rows with identical features and different Status (pandas: rows 138 and 234)', async () => {
    const [f] = await runCheck(conflictingLabels, await ctxOf(dataset('modeldata_credit.csv'), 'Status'));
    expect(f!.rows).toEqual([138, 234]);
    expect(f!.evidence!.examples).toEqual([{ rows: [138, 234], count: 2, labels: { bad: 1, good: 1 } }]);
    expect(f!.columns).toEqual(['Status']);
  });

  it('finds an injected relabeled copy in iris and is silent on the original', async () => {
    const iris = readCsv('iris.csv');
    const row10 = iris.lines[9]!;
    const path = writeCsv('iris_conflict.csv', {
      header: iris.header,
      lines: [...iris.lines, row10.replace(/setosa$/, 'virginica')],
    });
    const [f] = await runCheck(conflictingLabels, await ctxOf(path, 'target'));
    expect(f!.rows).toEqual([10, 151]);
    expect(f!.count).toBe(2);
    expect(f!.evidence!.examples).toEqual([
      { rows: [10, 151], count: 2, labels: { setosa: 1, virginica: 1 } },
    ]);
    expect(await runCheck(conflictingLabels, await ctxOf(dataset('iris.csv'), 'target'))).toEqual([]);
  });

  it('does not apply without a classification target', async () => {
    const ctx = await ctxOf(dataset('diabetes.csv'), 'target');
    expect(conflictingLabels.applies!(ctx)).toBe(false);
  });
});

describe('near_duplicates', () => {
  it('finds a row equal to an earlier one up to case, spacing and rounding, and not exact copies', async () => {
    const p = readCsv('penguins.csv');
    // Row 1: "Adelie","Torgersen",39.1,18.7,181,3750,"male",2007
    const near = '"adelie "," TORGERSEN",39.10000001,18.7,181,3750,"Male",2007';
    const path = writeCsv('penguins_near.csv', { header: p.header, lines: [...p.lines, near, p.lines[1]!] });
    const [f, ...rest] = await runCheck(nearDuplicates, await ctxOf(path, 'species'));
    expect(rest).toEqual([]);
    expect(f!.rows).toEqual([345]);
    expect(f!.evidence!.examples).toEqual([
      {
        row: 345,
        matches: 1,
        differences: {
          species: ['Adelie', 'adelie '],
          island: ['Torgersen', ' TORGERSEN'],
          bill_length_mm: ['39.1', '39.10000001'],
          sex: ['male', 'Male'],
        },
      },
    ]);
    expect(await runCheck(nearDuplicates, await ctxOf(dataset('penguins.csv'), 'species'))).toEqual([]);
  });

  it('is a warning however many rows match (half of them here): telling copies apart needs a look', async () => {
    const p = readCsv('penguins.csv');
    const upper = p.lines.map((l) => l.replace(/^"([^"]*)"/, (_, s: string) => `"${s.toUpperCase()}"`));
    const path = writeCsv('penguins_upper.csv', { header: p.header, lines: [...p.lines, ...upper] });
    const [f, ...rest] = await runCheck(nearDuplicates, await ctxOf(path, 'species'));
    expect(rest).toEqual([]);
    expect(f!.count).toBe(344);
    expect(f!.value).toBe(0.5);
    expect(f!.severity).toBe('warning');
  });

  it('leaves exact duplicates to duplicate_rows (iris row 143)', async () => {
    expect(await runCheck(nearDuplicates, await ctxOf(dataset('iris.csv'), 'target'))).toEqual([]);
  });

  it('rounds to the `digits` threshold', async () => {
    const iris = readCsv('iris.csv');
    // Row 1 is 5.1,3.5,1.4,0.2,setosa: 5.1000004 rounds to 5.1 at 6 significant digits, not at 8.
    const path = writeCsv('iris_round.csv', {
      header: iris.header,
      lines: [...iris.lines, '5.1000004,3.5,1.4,0.2,setosa'],
    });
    const ctx = await ctxOf(path, 'target');
    const [f] = await runCheck(nearDuplicates, ctx);
    expect(f!.rows).toEqual([151]);
    expect(f!.evidence!.examples).toEqual([
      { row: 151, matches: 1, differences: { 'sepal length (cm)': ['5.1', '5.1000004'] } },
    ]);
    expect(await runCheck(nearDuplicates, ctx, { digits: 8 })).toEqual([]);
  });
});

describe('redundant_column', () => {
  it('finds the four charge = minutes x rate pairs in mlc_churn (numpy polyfit slope and intercept, corrcoef)', async () => {
    const ctx = await ctxOf(dataset('modeldata_mlc_churn.csv'), 'churn');
    const fs = await runCheck(redundantColumn, ctx);
    const linear = fs.filter((f) => f.evidence!.kind === 'linear');
    expect(linear.map((f) => f.columns)).toEqual([
      ['total_day_minutes', 'total_day_charge'],
      ['total_eve_minutes', 'total_eve_charge'],
      ['total_night_minutes', 'total_night_charge'],
      ['total_intl_minutes', 'total_intl_charge'],
    ]);
    const ref: [number, number, number][] = [
      [0.16999943192605424, 0.000657417426813743, 0.9999999509831994],
      [0.08499962555498439, 0.00028952735984319683, 0.9999997748632402],
      [0.045000204573817204, 6.810512135882311e-5, 0.9999992071867975],
      [0.26997515387624, 0.0007703654558790857, 0.999992657020837],
    ];
    linear.forEach((f, k) => {
      const [slope, intercept, r] = ref[k]!;
      expect(f.severity).toBe('warning');
      expect(f.evidence!.slope as number).toBeCloseTo(slope, 10);
      expect(f.evidence!.intercept as number).toBeCloseTo(intercept, 9);
      expect(f.value as number).toBeCloseTo(r, 12);
    });
    expect(linear[0]!.message).toBe(
      'total_day_charge is a linear function of total_day_minutes: total_day_charge = 0.169999 × total_day_minutes + 0.0006574 (Pearson r = 1.000000)',
    );
    // voice_mail_plan is "yes" exactly when number_vmail_messages > 0, except row 4903 (pandas).
    const fd = fs.filter((f) => f.evidence!.kind !== 'linear');
    expect(fd.length).toBe(1);
    expect(fd[0]!.columns).toEqual(['number_vmail_messages', 'voice_mail_plan']);
    expect(fd[0]!.severity).toBe('info');
    expect(fd[0]!.rows).toEqual([4903]);
    expect(fd[0]!.count).toBe(1);
  });

  it('still finds a derived column when a few of its values are corrupted, and lists those rows', async () => {
    const churn = readCsv('modeldata_mlc_churn.csv');
    const lines = churn.lines.map((l, k) => {
      if (![10, 20, 30].includes(k)) return l;
      const f = l.split(',');
      f[8] = '45.50'; // total_day_charge, far from 0.17 x total_day_minutes
      return f.join(',');
    });
    const ctx = await ctxOf(writeCsv('churn_bad_charge.csv', { header: churn.header, lines }), 'churn');
    const fs = await runCheck(redundantColumn, ctx);
    const day = fs.find((f) => f.columns.includes('total_day_charge'))!;
    expect(day.rows).toEqual([11, 21, 31]);
    expect(day.count).toBe(3);
    expect(day.evidence!.slope as number).toBeCloseTo(0.16999943192605424, 4);
    expect(day.message).toContain('except in 3 rows far off the line');
    expect(
      (await runCheck(highCorrelation, ctx)).filter((f) => f.columns.includes('total_day_charge')),
    ).toEqual([]);
  });

  it('finds a relabeled copy of a categorical column, and is silent on real data without one', async () => {
    const p = readCsv('penguins.csv');
    const code: Record<string, string> = { '"Torgersen"': 'T1', '"Biscoe"': 'B2', '"Dream"': 'D3' };
    const lines = p.lines.map((l) => `${l},${code[l.split(',')[1]!]}`);
    const path = writeCsv('penguins_island_code.csv', { header: `${p.header},island_code`, lines });
    const [f, ...rest] = await runCheck(redundantColumn, await ctxOf(path, 'species'));
    expect(rest).toEqual([]);
    expect(f!.columns.sort()).toEqual(['island', 'island_code']);
    expect(f!.evidence!.kind).toBe('one_to_one');
    expect(f!.value).toBe(1);
    for (const [file, target] of [
      ['penguins.csv', 'species'],
      ['breast_cancer.csv', 'target'],
      ['iris.csv', 'target'],
      ['wine.csv', 'target'],
    ]) {
      expect(await runCheck(redundantColumn, await ctxOf(dataset(file!), target))).toEqual([]);
    }
  });
});

describe('high_correlation', () => {
  it('groups the size features of breast_cancer (Spearman, scipy: mean radius ~ mean area 0.9996020278067481)', async () => {
    const fs = await runCheck(highCorrelation, await ctxOf(dataset('breast_cancer.csv'), 'target'));
    expect(fs.map((f) => f.columns)).toEqual([
      ['mean radius', 'mean perimeter', 'mean area', 'worst radius', 'worst perimeter', 'worst area'],
      ['radius error', 'perimeter error', 'area error'],
    ]);
    const pairs = fs[0]!.evidence!.pairs as { a: string; b: string; measure: string; value: number }[];
    const ra = pairs.find((x) => x.a === 'mean radius' && x.b === 'mean area')!;
    expect(ra.measure).toBe('spearman');
    expect(ra.value).toBeCloseTo(0.9996020278067481, 6);
    expect(fs[0]!.severity).toBe('warning');
    expect(fs[0]!.evidence!.pairCount).toBe(15);
  });

  it('leaves deterministic pairs to redundant_column and is silent on iris and wine', async () => {
    // mlc_churn: charge/minutes (linear) and voice_mail_plan/number_vmail_messages (functional) are not repeated here.
    expect(await runCheck(highCorrelation, await ctxOf(dataset('modeldata_mlc_churn.csv'), 'churn'))).toEqual(
      [],
    );
    expect(await runCheck(highCorrelation, await ctxOf(dataset('iris.csv'), 'target'))).toEqual([]);
    expect(await runCheck(highCorrelation, await ctxOf(dataset('wine.csv'), 'target'))).toEqual([]);
  });

  it('uses Cramér\u2019s V and the correlation ratio for categorical columns', async () => {
    const p = readCsv('penguins.csv');
    // A categorical copy of species with 4 of 344 rows changed: strongly but not perfectly associated.
    const lines = p.lines.map(
      (l, i) => `${l},${i % 90 === 7 ? 'other' : l.split(',')[0]!.replace(/"/g, '').toUpperCase()}`,
    );
    const path = writeCsv('penguins_species_copy.csv', { header: `${p.header},kind`, lines });
    const fs = await runCheck(highCorrelation, await ctxOf(path, 'year'));
    const f = fs.find((x) => x.columns.includes('kind'))!;
    expect(f.columns).toContain('species');
    const pair = (f.evidence!.pairs as { a: string; b: string; measure: string }[]).find(
      (x) => [x.a, x.b].includes('kind') && [x.a, x.b].includes('species'),
    )!;
    expect(pair.measure).toBe('cramers_v');
  });
});

describe('association statistics (reference: scipy.stats.spearmanr nan_policy=omit, scipy association(method=cramer), pandas groupby)', () => {
  const at = (m: ReturnType<typeof associationMatrix>, a: string, b: string) =>
    m.values[m.columns.indexOf(a) * m.columns.length + m.columns.indexOf(b)]!;

  it('Spearman matches scipy to 1e-9, with ties and with missing values', async () => {
    const iris = (await ctxOf(dataset('iris.csv'), 'target')).frame;
    const bc = (await ctxOf(dataset('breast_cancer.csv'), 'target')).frame;
    const air = (await ctxOf(dataset('airquality.csv'), 'Ozone')).frame;
    const credit = (await ctxOf(dataset('modeldata_credit.csv'), 'Status')).frame;
    const num = (f: typeof iris, n: string) => (column(f, n) as { values: Float64Array }).values;
    const cases: [typeof iris, string, string, number][] = [
      [iris, 'sepal length (cm)', 'petal length (cm)', 0.881898126434986],
      [iris, 'sepal width (cm)', 'petal width (cm)', -0.2890317486605841],
      [bc, 'mean radius', 'mean texture', 0.3409562685372812],
      [bc, 'mean radius', 'mean area', 0.9996020278067481],
      [air, 'Solar.R', 'Temp', 0.20742751596057607],
      [air, 'Ozone', 'Solar.R', 0.348186469956763],
      [credit, 'Income', 'Assets', 0.21327960181873265],
    ];
    for (const [f, a, b, ref] of cases) {
      expect(Math.abs(spearman(num(f, a), num(f, b)) - ref)).toBeLessThan(1e-9);
      expect(Math.abs(at(associationMatrix(f, [a, b]), a, b) - ref)).toBeLessThan(1e-9);
    }
  });

  it("Cramér's V (bias-uncorrected) and the correlation ratio match scipy / pandas", async () => {
    const peng = (await ctxOf(dataset('penguins.csv'), 'species')).frame;
    const credit = (await ctxOf(dataset('modeldata_credit.csv'), 'Status')).frame;
    const churn = (await ctxOf(dataset('modeldata_mlc_churn.csv'), 'churn')).frame;
    const cases: [typeof peng, string, string, number][] = [
      [peng, 'species', 'island', 0.6598431008795325],
      [peng, 'island', 'sex', 0.01315181039078428],
      [credit, 'Home', 'Marital', 0.26122995771591134],
      [churn, 'state', 'area_code', 0.10194539441682761],
      [churn, 'international_plan', 'voice_mail_plan', 0.0090538338348231],
      [peng, 'species', 'body_mass_g', 0.8183348664745757],
      [peng, 'island', 'bill_length_mm', 0.39246735959620677],
      [credit, 'Home', 'Income', 0.15374653049259643],
    ];
    for (const [f, a, b, ref] of cases) {
      const m = associationMatrix(f, [a, b]);
      expect(Math.abs(at(m, a, b) - ref)).toBeLessThan(1e-9);
      expect(at(m, b, a)).toBe(at(m, a, b));
    }
    const ca = column(peng, 'species') as { codes: Int32Array; dictionary: string[] };
    const cb = column(peng, 'island') as { codes: Int32Array; dictionary: string[] };
    expect(cramersV(ca.codes, ca.dictionary.length, cb.codes, cb.dictionary.length)).toBeCloseTo(
      0.6598431008795325,
      12,
    );
    const mass = column(peng, 'body_mass_g') as { values: Float64Array };
    expect(correlationRatio(ca.codes, ca.dictionary.length, mass.values)).toBeCloseTo(0.8183348664745757, 12);
  });

  it('associationMatrix: symmetric, unit diagonal, kinds per column, NaN for unmeasurable columns', async () => {
    const churn = (await ctxOf(dataset('modeldata_mlc_churn.csv'), 'churn')).frame;
    const cols = ['state', 'account_length', 'international_plan', 'total_day_minutes', 'total_day_charge'];
    const m = associationMatrix(churn, cols);
    expect(m.columns).toEqual(cols);
    // international_plan holds yes/no: a boolean, so numeric (0/1).
    expect(m.kinds).toEqual(['categorical', 'numeric', 'numeric', 'numeric', 'numeric']);
    expect(m.values.length).toBe(25);
    for (let i = 0; i < 5; i++) {
      expect(m.values[i * 5 + i]).toBe(1);
      for (let j = 0; j < 5; j++) expect(m.values[i * 5 + j]).toBe(m.values[j * 5 + i]);
    }
    expect(at(m, 'total_day_minutes', 'total_day_charge')).toBeCloseTo(1, 12);
    expect(measureOf('numeric', 'categorical')).toBe('correlation_ratio');
    // A near-unique categorical (every row its own level) has no meaningful association.
    const ids = categoricalFromStrings(
      'code',
      Array.from({ length: churn.nRows }, (_, i) => `c${i}`),
    );
    const withIds = { ...churn, columns: [...churn.columns, ids] };
    const m2 = associationMatrix(withIds, ['code', 'account_length']);
    expect(Number.isNaN(m2.values[1]!)).toBe(true);
    expect(Number.isNaN(m2.values[0]!)).toBe(true);
  });
});

describe('isolation forest', () => {
  it('normalizes path lengths like scikit-learn (_average_path_length)', () => {
    expect(averagePathLength(256)).toBeCloseTo(10.244770920119917, 12);
    expect(averagePathLength(100)).toBeCloseTo(8.364671030072245, 12);
    expect(averagePathLength(2)).toBe(1);
    expect(averagePathLength(1)).toBe(0);
  });

  it('is deterministic given a seed, and scores an isolated point near 1 and ordinary points near 0.5 or below', () => {
    const r = rng(7);
    const n = 1000;
    const x = Float64Array.from({ length: n }, () => r.normal());
    const y = Float64Array.from({ length: n }, () => r.normal());
    x[0] = 8;
    y[0] = -8;
    const a = isolationScores(fitIsolationForest([x, y], n, { seed: 3 }), [x, y], n);
    const b = isolationScores(fitIsolationForest([x, y], n, { seed: 3 }), [x, y], n);
    const c = isolationScores(fitIsolationForest([x, y], n, { seed: 4 }), [x, y], n);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
    expect(a[0]).toBeGreaterThan(0.75);
    const rest = Array.from(a.subarray(1)).sort((p, q) => p - q);
    expect(rest[Math.floor(n / 2)]).toBeLessThan(0.5);
    expect(Math.max(...rest)).toBeLessThan(a[0]!);
  });
});

describe('multivariate_outliers', () => {
  it('finds iris rows whose values are each in range but impossible together, and is silent on the original', async () => {
    const iris = readCsv('iris.csv');
    // Setosa-sized sepals with virginica-sized petals, and the reverse: every value within its column's range.
    const injected = ['5.0,3.4,6.0,0.2,setosa', '4.6,3.6,5.8,0.3,setosa', '7.7,2.6,1.5,2.3,virginica'];
    const path = writeCsv('iris_outliers.csv', { header: iris.header, lines: [...iris.lines, ...injected] });
    const [f, ...rest] = await runCheck(multivariateOutliers, await ctxOf(path, 'target'));
    expect(rest).toEqual([]);
    expect(f!.rows).toEqual([151, 152, 153]);
    expect(f!.severity).toBe('warning');
    const top = f!.evidence!.top as { row: number; score: number; columns: string[] }[];
    expect(top.map((t) => t.row).sort()).toEqual([151, 152, 153]);
    for (const t of top) expect(t.columns).toContain('petal length (cm)');
    expect(await runCheck(multivariateOutliers, await ctxOf(dataset('iris.csv'), 'target'))).toEqual([]);
    expect(await runCheck(multivariateOutliers, await ctxOf(dataset('wine.csv'), 'target'))).toEqual([]);
    expect(
      await runCheck(multivariateOutliers, await ctxOf(dataset('modeldata_mlc_churn.csv'), 'churn')),
    ).toEqual([]);
  });

  it('flags at most a few rows in a thousand of real data, and says when it ran on a sample', async () => {
    const [bc] = await runCheck(multivariateOutliers, await ctxOf(dataset('breast_cancer.csv'), 'target'));
    expect(bc!.count).toBeLessThanOrEqual(3);
    const ctx = await ctxOf(dataset('modeldata_credit.csv'), 'Status', { sample: 2000 });
    expect(ctx.sampled).toBe(true);
    const [f] = await runCheck(multivariateOutliers, ctx);
    expect(f!.count).toBeLessThanOrEqual(20);
    expect(f!.message).toContain('in a sample of 2,000 of 4,454 rows');
    expect(f!.evidence!.sampled).toBe(true);
  });
});

describe('target_leakage', () => {
  const r = rng(11);
  /** Add a first column computed from each line. */
  const withColumn = (csv: ReturnType<typeof readCsv>, name: string, f: (line: string) => number) => ({
    header: `${name},${csv.header}`,
    lines: csv.lines.map((l) => `${f(l).toFixed(4)},${l}`),
  });

  it('is silent on the real breast_cancer features (best single feature: worst perimeter, ROC AUC 0.9754505575815232 in sklearn)', async () => {
    const ctx = await ctxOf(dataset('breast_cancer.csv'), 'target');
    const value = (await targetLeakage.compute(ctx, targetLeakage.defaults)) as TargetLeakage;
    expect(targetLeakage.condition(value, targetLeakage.defaults, ctx)).toEqual([]);
    const best = [...value.features].sort((a, b) => b.score - a.score)[0]!;
    expect(best.feature).toBe('worst perimeter');
    expect(best.metric).toBe('roc_auc');
    expect(best.monotone).toBeCloseTo(0.9754505575815232, 12);
    expect(value.rows).toBe(569);
  });

  it('fires (error) on a noisy copy of the target injected into breast_cancer', async () => {
    const bc = readCsv('breast_cancer.csv');
    const path = writeCsv(
      'bc_leak.csv',
      withColumn(bc, 'biopsy_score', (l) => (l.endsWith('malignant') ? 1 : 0) + 0.15 * r.normal()),
    );
    const fs = await runCheck(targetLeakage, await ctxOf(path, 'target'));
    expect(fs.length).toBe(1);
    expect(fs[0]!.severity).toBe('error');
    expect(fs[0]!.columns).toEqual(['biopsy_score', 'target']);
    expect(fs[0]!.value as number).toBeGreaterThanOrEqual(0.99);
    expect(fs[0]!.threshold).toBe(0.99);
    expect((fs[0]!.evidence!.nextBest as { feature: string }[])[0]!.feature).toBe('worst perimeter');
  });

  it('fires on a near copy of a regression target (diabetes) and a multiclass one (iris), silent on the originals', async () => {
    const diabetes = readCsv('diabetes.csv');
    const proxy = writeCsv(
      'diabetes_leak.csv',
      withColumn(diabetes, 'followup', (l) => Number(l.split(',').pop()) * 1.1 + 5 * r.normal()),
    );
    const [d] = await runCheck(targetLeakage, await ctxOf(proxy, 'target'));
    expect(d!.columns).toEqual(['followup', 'target']);
    expect(d!.evidence!.metric).toBe('r2');
    expect(d!.value as number).toBeGreaterThanOrEqual(0.98);
    expect(await runCheck(targetLeakage, await ctxOf(dataset('diabetes.csv'), 'target'))).toEqual([]);

    const iris = readCsv('iris.csv');
    const code: Record<string, number> = { setosa: 0, versicolor: 1, virginica: 2 };
    const leak = writeCsv(
      'iris_leak.csv',
      withColumn(iris, 'grade', (l) => code[l.split(',').pop()!]! + 0.1 * r.normal()),
    );
    const [i] = await runCheck(targetLeakage, await ctxOf(leak, 'target'));
    expect(i!.columns).toEqual(['grade', 'target']);
    expect(i!.evidence!.metric).toBe('balanced_accuracy');
    expect(await runCheck(targetLeakage, await ctxOf(dataset('iris.csv'), 'target'))).toEqual([]);
  });

  it('counts a missingness pattern that gives the target away', async () => {
    const bc = readCsv('breast_cancer.csv');
    // "lab_flag" is recorded only for malignant cases: its presence alone reveals the label.
    const lines = bc.lines.map((l, k) => `${l.endsWith('malignant') ? String(k % 7) : ''},${l}`);
    const path = writeCsv('bc_missing_leak.csv', { header: `lab_flag,${bc.header}`, lines });
    const [f] = await runCheck(targetLeakage, await ctxOf(path, 'target'));
    expect(f!.columns).toEqual(['lab_flag', 'target']);
    expect(f!.value).toBe(1);
  });
});

describe('small_sample', () => {
  it('reads the class counts over every row (credit Status: good 3,200, bad 1,254 in pandas) and is silent on credit', async () => {
    const ctx = await ctxOf(dataset('modeldata_credit.csv'), 'Status');
    const value = await smallSample.compute(ctx, smallSample.defaults);
    expect(value.classes).toEqual([
      { label: 'good', count: 3200 },
      { label: 'bad', count: 1254 },
    ]);
    expect(value.rows).toBe(4454);
    expect(value.features).toBe(13);
    expect(smallSample.condition(value, smallSample.defaults, ctx)).toEqual([]);
  });

  it('warns with the numbers when rows per feature or rows per class are too few', async () => {
    const bc = readCsv('breast_cancer.csv');
    const few = writeCsv('bc_200.csv', { header: bc.header, lines: bc.lines.slice(0, 200) });
    const [f] = await runCheck(smallSample, await ctxOf(few, 'target'));
    expect(f!.value).toBeCloseTo(200 / 30, 12);
    expect(f!.message).toBe('200 rows with a target for 30 features: 6.67 rows per feature, fewer than 10');

    const iris = readCsv('iris.csv');
    const hybrid = ['5.9,3.0,4.9,1.6,hybrid', '6.0,2.9,4.8,1.7,hybrid', '6.1,3.0,4.9,1.6,hybrid'];
    const path = writeCsv('iris_hybrid.csv', { header: iris.header, lines: [...iris.lines, ...hybrid] });
    const [c, ...rest] = await runCheck(smallSample, await ctxOf(path, 'target'));
    expect(rest).toEqual([]);
    expect(c!.rows).toEqual([151, 152, 153]);
    expect(c!.count).toBe(3);
    expect(c!.message).toBe("1 class of target has fewer than 20 rows: 'hybrid' (3)");
    expect(await runCheck(smallSample, await ctxOf(dataset('iris.csv'), 'target'))).toEqual([]);
  });
});

describe('class_imbalance', () => {
  it('is registered once', () => {
    expect(allChecks().filter((c) => c.id === 'class_imbalance')).toHaveLength(1);
  });

  it('churn: "yes" 707 against "no" 4,293 (pandas value_counts), ratio 0.1647 below 0.2: info', async () => {
    const [f, ...rest] = await runCheck(
      classImbalance,
      await ctxOf(dataset('modeldata_mlc_churn.csv'), 'churn'),
    );
    expect(rest).toEqual([]);
    expect(f!.severity).toBe('info');
    expect(f!.value).toBeCloseTo(707 / 4293, 12);
    expect(f!.message).toBe(
      'churn is imbalanced: the smallest class "yes" has 707 rows, 6.1 times fewer than "no" (4,293)',
    );
    // credit (bad / good = 0.39) and a regression target are balanced enough or not classes at all.
    expect(await runCheck(classImbalance, await ctxOf(dataset('modeldata_credit.csv'), 'Status'))).toEqual(
      [],
    );
    expect(await runCheck(classImbalance, await ctxOf(dataset('diabetes.csv'), 'target'))).toEqual([]);
  });

  it('a 3-row class: the ratio here (warning), the tiny class only in small_sample', async () => {
    const iris = readCsv('iris.csv');
    const hybrid = ['5.9,3.0,4.9,1.6,hybrid', '6.0,2.9,4.8,1.7,hybrid', '6.1,3.0,4.9,1.6,hybrid'];
    const path = writeCsv('iris_hybrid.csv', { header: iris.header, lines: [...iris.lines, ...hybrid] });
    const ctx = await ctxOf(path, 'target');
    const [f, ...rest] = await runCheck(classImbalance, ctx);
    expect(rest).toEqual([]);
    expect(f!.severity).toBe('warning');
    expect(f!.rows).toEqual([]);
    expect(f!.message).toContain('the smallest class "hybrid" has 3 rows, 16.7 times fewer');
    const small = await runCheck(smallSample, ctx);
    expect(small.map((x) => x.check)).toEqual(['small_sample']);
  });
});
