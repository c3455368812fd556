/**
 * Per-column audit checks on real datasets (known problems: airquality and penguins missing values, digits
 * constant pixels, tate_text's id, mlc_churn's 51 states) and on copies of real data with injected faults
 * (sentinels, an id column, outliers at 100x scale, 10% missing at random, mixed types, category variants,
 * null spellings, bad dates). Each check must find its fault with the exact rows and stay silent on clean
 * control columns. Reference numbers were computed offline with pandas 1.x / scipy (see comments).
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditContext } from '../src/audit/check.js';
import { categoryVariants, variantGroups, variantKey } from '../src/audit/checks/category-variants.js';
import { columnChecks } from '../src/audit/checks/column-checks.js';
import { constantColumn } from '../src/audit/checks/constant-column.js';
import { datetimeIssues } from '../src/audit/checks/datetime-issues.js';
import { disguisedMissing } from '../src/audit/checks/disguised-missing.js';
import { highCardinality } from '../src/audit/checks/high-cardinality.js';
import { idColumn } from '../src/audit/checks/id-column.js';
import { manyZeros } from '../src/audit/checks/many-zeros.js';
import { missingValues } from '../src/audit/checks/missing-values.js';
import { mixedTypes } from '../src/audit/checks/mixed-types.js';
import { outliers } from '../src/audit/checks/outliers.js';
import { quasiConstant } from '../src/audit/checks/quasi-constant.js';
import { skewed } from '../src/audit/checks/skewed.js';
import type { Finding } from '../src/report/finding.js';
import { permutation, rng } from '../src/util/random.js';
import {
  buildContext,
  closeContext,
  col,
  copyCsv,
  findingsOf,
  readCsv,
  writeCsv,
} from './helpers/audit-context.js';

/** Contexts are shared between tests (checks never change them). */
const contexts = new Map<string, Promise<AuditContext>>();
function ctxOf(file: string, target?: string, time?: string): Promise<AuditContext> {
  const key = JSON.stringify([file, target, time]);
  let ctx = contexts.get(key);
  if (!ctx) {
    ctx = buildContext(file, { target, time });
    contexts.set(key, ctx);
  }
  return ctx;
}
afterAll(async () => {
  for (const c of contexts.values()) closeContext(await c);
});

const on = (fs: Finding[], column: string) => fs.filter((f) => f.columns[0] === column);
const one = (fs: Finding[], column: string) => {
  const got = on(fs, column);
  expect(got, `findings on ${column}`).toHaveLength(1);
  return got[0]!;
};

describe('check list', () => {
  it('has unique snake_case ids, documented defaults and one-line descriptions', () => {
    const ids = columnChecks.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of columnChecks) {
      expect(c.id).toMatch(/^[a-z]+(_[a-z]+)*$/);
      expect(c.description).not.toContain('\n');
    }
    expect(ids).toEqual(
      expect.arrayContaining([
        'missing_values',
        'disguised_missing',
        'constant_column',
        'quasi_constant',
        'id_column',
        'outliers',
        'mixed_types',
        'category_variants',
        'high_cardinality',
        'skewed',
        'many_zeros',
        'datetime_issues',
      ]),
    );
  });
});

describe('missing_values', () => {
  it('airquality: Ozone (target) 37 and Solar.R 7 missing, with rows', async () => {
    const ctx = await ctxOf('airquality.csv', 'Ozone');
    const fs = await findingsOf(missingValues, ctx);
    expect(fs.map((f) => f.columns[0]).sort()).toEqual(['Ozone', 'Solar.R']);
    const ozone = one(fs, 'Ozone');
    expect(ozone.count).toBe(37);
    expect(ozone.value).toBeCloseTo(37 / 153, 12);
    expect(ozone.severity).toBe('warning'); // a missing target is at least a warning
    const solar = one(fs, 'Solar.R');
    expect(solar.count).toBe(7);
    expect(solar.rows).toEqual([5, 6, 11, 27, 96, 97, 98]); // pandas: np.where(isna) + 1
    expect(solar.severity).toBe('info'); // 4.6% < 5%
  });

  it('penguins: sex 11 missing and the measurements 2, exact rows', async () => {
    const ctx = await ctxOf('penguins.csv', 'species');
    const fs = await findingsOf(missingValues, ctx);
    expect(one(fs, 'sex').rows).toEqual([4, 9, 10, 11, 12, 48, 179, 219, 257, 269, 272]);
    expect(one(fs, 'bill_length_mm').rows).toEqual([4, 272]);
    expect(on(fs, 'island')).toEqual([]);
    expect(fs.some((f) => f.columns.length > 1)).toBe(false); // no row lacks every feature
  });

  it('10% missing at random in a copy of iris: a warning with exactly the emptied rows', async () => {
    const csv = copyCsv(readCsv('iris.csv'));
    const j = col(csv, 'petal width (cm)');
    const picked = Array.from(permutation(150, rng(7)).slice(0, 15)).sort((a, b) => a - b);
    for (const i of picked) csv.rows[i]![j] = '';
    // Row 3 loses every feature.
    for (let k = 0; k < 4; k++) csv.rows[2]![k] = 'NA';
    const ctx = await ctxOf(writeCsv('iris-missing.csv', csv), 'target');
    const fs = await findingsOf(missingValues, ctx);
    const pw = one(fs, 'petal width (cm)');
    const expected = [...new Set([...picked.map((i) => i + 1), 3])].sort((a, b) => a - b);
    expect(pw.rows).toEqual(expected);
    expect(pw.severity).toBe('warning');
    const empty = fs.find((f) => f.columns.length === 4)!;
    expect(empty.rows).toEqual([3]);
    expect(on(fs, 'target')).toEqual([]);
  });
});

describe('disguised_missing', () => {
  it('credit with its original 99999999 codes (empty Income/Assets/Debt cells restored): found with the exact rows', async () => {
    const csv = copyCsv(readCsv('modeldata_credit.csv'));
    const cols = ['Income', 'Assets', 'Debt'].map((c) => col(csv, c));
    for (const r of csv.rows) for (const j of cols) if (r[j] === '') r[j] = '99999999';
    const ctx = await ctxOf(writeCsv('credit-sentinels.csv', csv), 'Status');
    const fs = await findingsOf(disguisedMissing, ctx);
    const income = one(fs, 'Income');
    expect(income.severity).toBe('warning');
    expect(income.count).toBe(381);
    expect(income.rows.slice(0, 8)).toEqual([30, 114, 144, 153, 158, 177, 195, 206]);
    expect(income.rows.slice(-3)).toEqual([4436, 4440, 4441]);
    expect((income.evidence!.placeholders as { value: number }[])[0]!.value).toBe(99999999);
    expect(one(fs, 'Assets').count).toBe(47);
    expect(one(fs, 'Debt').count).toBe(18);
    expect(one(fs, 'Debt').rows.slice(0, 4)).toEqual([30, 240, 1060, 1677]);
    // Clean controls: no placeholder in the other numeric columns (Seniority's and Assets' zeros are real).
    for (const c of ['Seniority', 'Time', 'Age', 'Expenses', 'Amount', 'Price'])
      expect(on(fs, c)).toEqual([]);
    // The outlier check leaves the placeholders to this one: Income's outliers stay the 55 real ones.
    const out = one(await findingsOf(outliers, ctx), 'Income');
    expect(out.count).toBe(55);
    // And skewness is that of the real values: scipy.stats.skew(credit.Income.dropna()) = 2.599049503205958.
    expect(one(await findingsOf(skewed, ctx), 'Income').value as number).toBeCloseTo(2.599049503205958, 9);
  });

  it('the bundled credit file (missing written as empty cells) has no placeholder', async () => {
    const ctx = await ctxOf('modeldata_credit.csv', 'Status');
    expect(await findingsOf(disguisedMissing, ctx)).toEqual([]);
  });

  it('-1 in a non-negative column and several null spellings in one column', async () => {
    const csv = copyCsv(readCsv('penguins.csv'));
    const sex = col(csv, 'sex');
    csv.rows[0]![sex] = 'NA';
    csv.rows[1]![sex] = '?';
    csv.rows[2]![sex] = 'n/a';
    const fl = col(csv, 'flipper_length_mm');
    csv.rows[20]![fl] = '-1';
    csv.rows[30]![fl] = '-1';
    const ctx = await ctxOf(writeCsv('penguins-nulls.csv', csv), 'species');
    const fs = await findingsOf(disguisedMissing, ctx);
    const s = one(fs, 'sex');
    expect(s.severity).toBe('warning');
    expect((s.evidence!.spellings as { value: string }[]).map((x) => x.value).sort()).toEqual([
      '',
      '?',
      'NA',
      'n/a',
    ]);
    // The empty cell is the kept spelling; the others are listed.
    expect(s.rows).toEqual([1, 2, 3]);
    const f = one(fs, 'flipper_length_mm');
    expect(f.rows).toEqual([21, 31]);
    expect(on(fs, 'bill_length_mm')).toEqual([]);
  });
});

describe('ames: missing written as a category name, zeros as unknown, a trailing space', () => {
  it('finds what pandas (keep_default_na=False) counts', async () => {
    const ctx = await ctxOf('modeldata_ames.csv', 'Sale_Price');
    // Every missing cell of Mas_Vnr_Type is "None" (no veneer: Mas_Vnr_Area is 0 there): one finding, by
    // disguised_missing, asking whether it is a category; not a missing_values error telling to drop it.
    expect(on(await findingsOf(missingValues, ctx), 'Mas_Vnr_Type')).toEqual([]);
    const dm = await findingsOf(disguisedMissing, ctx);
    const none = one(dm, 'Mas_Vnr_Type');
    expect(none).toMatchObject({ severity: 'warning', count: 1775, value: 'None' }); // (ames.Mas_Vnr_Type == 'None').sum()
    expect(none.message).toBe(
      'Mas_Vnr_Type has 1,775 cells (60.6%) spelled "None", read as missing: a category of its own, or missing?',
    );
    const lot = one(dm, 'Lot_Frontage');
    expect(lot).toMatchObject({ severity: 'info', count: 490 }); // (ames.Lot_Frontage == 0).sum()
    const ws = one(await findingsOf(categoryVariants, ctx), 'Sale_Type');
    expect(ws.count).toBe(2536); // (ames.Sale_Type == 'WD ').sum()
    expect(ws.rows.slice(0, 3)).toEqual([1, 2, 3]);
  });
});

describe('constant_column and quasi_constant', () => {
  it('digits: the three constant pixels, and pixel_1_0 nearly constant with its 7 other rows', async () => {
    const ctx = await ctxOf('digits.csv', 'target');
    const fs = await findingsOf(constantColumn, ctx);
    expect(fs.map((f) => f.columns[0])).toEqual(['pixel_0_0', 'pixel_4_0', 'pixel_4_7']); // pandas nunique() == 1
    expect(fs.every((f) => f.severity === 'warning')).toBe(true);
    const q = one(await findingsOf(quasiConstant, ctx), 'pixel_1_0');
    expect(q.rows).toEqual([328, 1087, 1166, 1249, 1272, 1274, 1306]);
    expect(q.value).toBeCloseTo(1790 / 1797, 12);
  });

  it('silent on iris', async () => {
    const ctx = await ctxOf('iris.csv', 'target');
    expect(await findingsOf(constantColumn, ctx)).toEqual([]);
    expect(await findingsOf(quasiConstant, ctx)).toEqual([]);
  });
});

describe('id_column', () => {
  it("tate_text: 'id' is reported as an identifier", async () => {
    const ctx = await ctxOf('modeldata_tate_text.csv');
    const f = one(await findingsOf(idColumn, ctx), 'id');
    expect(f.severity).toBe('info');
    expect(f.message).toContain('unique per row');
  });

  it('injected row counters and an ingestion timestamp are found; iris measurements are not', async () => {
    const csv = copyCsv(readCsv('iris.csv'));
    csv.header.push('record', 'seq_no', 'loaded_at');
    csv.rows.forEach((r, i) => {
      const t = new Date(Date.UTC(2024, 0, 1, 0, 0, 0) + i * 61_000)
        .toISOString()
        .replace('T', ' ')
        .slice(0, 19);
      // seq_no has a gap in row 50, so schema inference does not take it for an identifier.
      r.push(String(i + 1), i === 49 ? '' : String(1000 + i), t);
    });
    const ctx = await ctxOf(writeCsv('iris-ids.csv', csv), 'target');
    const fs = await findingsOf(idColumn, ctx);
    expect(fs.map((f) => f.columns[0]).sort()).toEqual(['loaded_at', 'record', 'seq_no']);
    expect(one(fs, 'record').severity).toBe('info'); // inferred identifier, already left out of the features
    expect(one(fs, 'seq_no').severity).toBe('warning');
    expect(one(fs, 'seq_no').message).toContain('row counter');
    expect(one(fs, 'loaded_at').severity).toBe('warning');
  });

  it('a column of hex digests is an identifier', async () => {
    const csv = copyCsv(readCsv('iris.csv'));
    csv.header.push('digest');
    for (const [i, r] of csv.rows.entries()) r.push(createHash('sha1').update(String(i)).digest('hex'));
    const ctx = await ctxOf(writeCsv('iris-digest.csv', csv), 'target');
    const f = one(await findingsOf(idColumn, ctx), 'digest');
    expect(f.message).toContain('hex digests');
  });

  it('a column declared with --id is not reported', async () => {
    const ctx = await buildContext('modeldata_tate_text.csv', { id: ['year'] });
    try {
      expect((await findingsOf(idColumn, ctx)).map((f) => f.columns[0])).toEqual(['id']);
    } finally {
      closeContext(ctx);
    }
  });

  it('silent on breast_cancer (unique-ish float measurements)', async () => {
    const ctx = await ctxOf('breast_cancer.csv', 'target');
    expect(await findingsOf(idColumn, ctx)).toEqual([]);
  });
});

describe('outliers', () => {
  it('credit Income: quartiles, fences and count as pandas (Q1 90, Q3 170, fences -150 and 410, 55 values)', async () => {
    const ctx = await ctxOf('modeldata_credit.csv', 'Status');
    const f = one(await findingsOf(outliers, ctx), 'Income');
    const ev = f.evidence as { q1: number; median: number; q3: number; mad: number; fences: number[] };
    expect([ev.q1, ev.median, ev.q3, ev.mad]).toEqual([90, 125, 170, 38]);
    expect(ev.fences).toEqual([-150, 410]);
    expect(f.count).toBe(55);
    expect(f.rows.slice(0, 10)).toEqual([60, 74, 77, 93, 94, 126, 145, 287, 328, 368]);
    expect(f.severity).toBe('info'); // a long tail, not errors
  });

  it('values at 100x scale injected into iris are found with their rows (warning); clean columns are silent', async () => {
    const clean = await ctxOf('iris.csv', 'target');
    expect(await findingsOf(outliers, clean)).toEqual([]);
    const csv = copyCsv(readCsv('iris.csv'));
    const j = col(csv, 'sepal length (cm)');
    for (const i of [9, 49, 119]) csv.rows[i]![j] = String(Number(csv.rows[i]![j]) * 100);
    const ctx = await ctxOf(writeCsv('iris-outliers.csv', csv), 'target');
    const fs = await findingsOf(outliers, ctx);
    const f = one(fs, 'sepal length (cm)');
    expect(f.rows).toEqual([10, 50, 120]);
    expect(f.severity).toBe('warning');
    expect(f.evidence!.gross).toBe(3);
    expect(fs).toHaveLength(1);
  });
});

describe('infinite, zero and negative values (regression: crashed outliers, disguised_missing, skewed)', () => {
  // airquality with Wind inf / -inf (rows 3, 4), Solar.R Infinity (row 7), Temp 0 and -3 (rows 11, 12).
  const injected = () => {
    const csv = copyCsv(readCsv('airquality.csv'));
    csv.rows[2]![col(csv, 'Wind')] = 'inf';
    csv.rows[3]![col(csv, 'Wind')] = '-inf';
    csv.rows[6]![col(csv, 'Solar.R')] = 'Infinity';
    csv.rows[10]![col(csv, 'Temp')] = '0';
    csv.rows[11]![col(csv, 'Temp')] = '-3';
    return ctxOf(writeCsv('airquality-infinite.csv', csv), 'Ozone');
  };

  it('outliers reports the non-finite values with their rows and keeps its fences finite', async () => {
    const ctx = await injected();
    const fs = await findingsOf(outliers, ctx);
    const inf = fs.filter((f) => f.message.includes('non-finite'));
    expect(inf.map((f) => [f.columns[0], f.rows, f.severity])).toEqual([
      ['Solar.R', [7], 'warning'],
      ['Wind', [3, 4], 'warning'],
    ]);
    expect(inf[1]!.evidence!.kinds).toEqual([
      { value: '-inf', count: 1 },
      { value: 'inf', count: 1 },
    ]);
    // pandas: Temp quartiles 72 and 85, fence 72 - 3 * 13 = 33: the 0 and the -3 are the 2 outliers.
    const temp = fs.find((f) => f.columns[0] === 'Temp')!;
    expect(temp.rows).toEqual([11, 12]);
    expect((temp.evidence as { fences: number[] }).fences).toEqual([33, 124]);
    expect(fs.every((f) => f.check === 'outliers')).toBe(true);
  });

  it('disguised_missing and skewed run on the finite values (scipy skew of finite Wind 0.36497)', async () => {
    const ctx = await injected();
    await expect(findingsOf(disguisedMissing, ctx)).resolves.toBeDefined();
    const skews = await skewed.compute(ctx, skewed.defaults);
    const wind = skews.find((s) => s.column === 'Wind')!;
    expect(wind.skewness).toBeCloseTo(0.3649747929339834, 9);
    // scipy.stats.skew(Temp with the 0 and the -3) = -2.87592
    expect(skews.find((s) => s.column === 'Temp')!.skewness).toBeCloseTo(-2.8759190055284876, 9);
    expect(Number.isFinite(skews.find((s) => s.column === 'Solar.R')!.skewness)).toBe(true);
  });

  it('a placeholder next to infinite values is still found (-1 in a positive column)', async () => {
    const csv = copyCsv(readCsv('airquality.csv'));
    csv.rows[2]![col(csv, 'Wind')] = 'inf';
    csv.rows[20]![col(csv, 'Wind')] = '-1';
    const ctx = await ctxOf(writeCsv('airquality-inf-placeholder.csv', csv), 'Ozone');
    const f = one(await findingsOf(disguisedMissing, ctx), 'Wind');
    expect(f.rows).toEqual([21]);
  });
});

describe('mixed_types', () => {
  it("a numeric column with a few 'abc' values: warning with rows and examples", async () => {
    const csv = copyCsv(readCsv('airquality.csv'));
    const j = col(csv, 'Wind');
    csv.rows[2]![j] = 'abc';
    csv.rows[39]![j] = 'abc';
    csv.rows[99]![j] = '12 mph';
    const ctx = await ctxOf(writeCsv('airquality-mixed.csv', csv), 'Ozone');
    const fs = await findingsOf(mixedTypes, ctx);
    const f = one(fs, 'Wind');
    expect(f.severity).toBe('warning');
    expect(f.rows).toEqual([3, 40, 100]);
    expect(f.evidence!.examples).toEqual([
      { value: 'abc', count: 2 },
      { value: '12 mph', count: 1 },
    ]);
    expect(fs).toHaveLength(1);
  });
});

describe('category_variants', () => {
  it("'Male' / 'male ' / 'MALE' / 'male.' variants and stray whitespace, with counts and rows", async () => {
    const csv = copyCsv(readCsv('penguins.csv'));
    const sex = col(csv, 'sex');
    csv.rows[0]![sex] = 'Male';
    csv.rows[5]![sex] = 'male ';
    csv.rows[6]![sex] = 'MALE';
    csv.rows[7]![sex] = 'male.';
    const island = col(csv, 'island');
    csv.rows[100]![island] = 'Biscoe ';
    const ctx = await ctxOf(writeCsv('penguins-variants.csv', csv), 'species');
    const fs = await findingsOf(categoryVariants, ctx);
    const s = one(fs, 'sex');
    const groups = s.evidence!.groups as { value: string; count: number }[][];
    expect(groups).toHaveLength(1);
    expect(groups[0]!.map((v) => v.value)).toEqual(['male', 'MALE', 'Male', 'male.', 'male ']);
    expect(groups[0]![0]!.count).toBe(165); // pandas: 168 'male', of which rows 1, 6 and 8 were rewritten
    expect(s.rows).toEqual([1, 6, 7, 8]);
    expect(one(fs, 'island').rows).toEqual([101]);
    expect(on(fs, 'species')).toEqual([]);
  });

  it("normalizes punctuation runs to one space: 'M.' joins 'M', but '1.5' and '15' stay apart", () => {
    expect(variantKey('M.')).toBe(variantKey('m'));
    expect(variantKey('New-York ')).toBe(variantKey('new york'));
    expect(variantKey('1.5')).not.toBe(variantKey('15'));
    const groups = variantGroups([
      { value: 'M', count: 10 },
      { value: 'M.', count: 2 },
      { value: 'F', count: 9 },
      { value: '1.5', count: 3 },
      { value: '15', count: 3 },
    ]);
    expect(groups.map((g) => g.map((v) => v.value))).toEqual([['M', 'M.']]);
  });

  it('silent on penguins and churn', async () => {
    expect(await findingsOf(categoryVariants, await ctxOf('penguins.csv', 'species'))).toEqual([]);
    expect(await findingsOf(categoryVariants, await ctxOf('modeldata_mlc_churn.csv', 'churn'))).toEqual([]);
  });
});

describe('high_cardinality, skewed, many_zeros', () => {
  it("mlc_churn: 'state' with 51 levels is info", async () => {
    const ctx = await ctxOf('modeldata_mlc_churn.csv', 'churn');
    const fs = await findingsOf(highCardinality, ctx);
    expect(fs.map((f) => f.columns[0])).toEqual(['state']);
    expect(fs[0]!.severity).toBe('info');
    expect(fs[0]!.value).toBe(51);
  });

  it('skewness as scipy.stats.skew(bias=True): credit Assets 10.2167, Debt 9.3509; breast_cancer area error 5.4328', async () => {
    const credit = await ctxOf('modeldata_credit.csv', 'Status');
    const fs = await findingsOf(skewed, credit);
    expect(one(fs, 'Assets').value as number).toBeCloseTo(10.216719869284338, 9);
    expect(one(fs, 'Debt').value as number).toBeCloseTo(9.350875057287423, 9);
    expect(on(fs, 'Age')).toEqual([]);
    const bc = await ctxOf('breast_cancer.csv', 'target');
    expect(one(await findingsOf(skewed, bc), 'area error').value as number).toBeCloseTo(5.432815862951913, 9);
    expect(await findingsOf(skewed, await ctxOf('iris.csv', 'target'))).toEqual([]);
  });

  it('credit Debt is 0 in 3,669 of 4,436 values', async () => {
    const ctx = await ctxOf('modeldata_credit.csv', 'Status');
    const fs = await findingsOf(manyZeros, ctx);
    const f = one(fs, 'Debt');
    expect(f.count).toBe(3669);
    expect(f.value).toBeCloseTo(3669 / 4436, 12);
    expect(on(fs, 'Assets')).toEqual([]); // 37% zeros
  });
});

describe('datetime_issues', () => {
  let ctx: AuditContext;
  beforeAll(async () => {
    const csv = copyCsv(readCsv('iris.csv'));
    csv.header.push('measured');
    for (const [i, r] of csv.rows.entries())
      r.push(new Date(Date.UTC(2020, 0, 1) + i * 86_400_000).toISOString().slice(0, 10));
    const m = col(csv, 'measured');
    csv.rows[4]![m] = '2020-13-45';
    csv.rows[6]![m] = '1850-06-01';
    csv.rows[8]![m] = '2999-01-01';
    ctx = await ctxOf(writeCsv('iris-dates.csv', csv), 'target', 'measured');
  });

  it('finds the unreadable, the too old and the future date, and the rows going back in time', async () => {
    const fs = await findingsOf(datetimeIssues, ctx);
    const kind = (k: string) => fs.filter((f) => (f.evidence as { kind: string }).kind === k);
    expect(kind('unreadable').map((f) => f.rows)).toEqual([[5]]);
    expect(kind('old').map((f) => f.rows)).toEqual([[7]]);
    expect(kind('future').map((f) => f.rows)).toEqual([[9]]);
    const u = kind('unordered');
    expect(u).toHaveLength(1);
    expect(u[0]!.rows).toEqual([7, 10]);
    expect(u[0]!.severity).toBe('warning');
  });
});

describe('all column checks together', () => {
  it('run on iris and report nothing but nothing fails', async () => {
    const ctx = await ctxOf('iris.csv', 'target');
    const all: Finding[] = [];
    for (const c of columnChecks) all.push(...(await findingsOf(c, ctx)));
    expect(all).toEqual([]);
  });
});
