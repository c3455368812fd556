import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ident } from '../src/data/db.js';
import { loadTable, type Table } from '../src/data/load.js';
import { inferSchema, type Schema, typedView } from '../src/data/schema.js';
import { toFrame } from '../src/data/toFrame.js';
import { histogramOf, isMultiple, mergeHistograms, niceCeil } from '../src/profile/histogram.js';
import { mergeProfiles } from '../src/profile/merge.js';
import { profileRelation, quantilesOfCounts } from '../src/profile/profile.js';
import { type ColumnProfile, type Profile, quantile, std } from '../src/profile/types.js';

const P = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99];
const col = (p: Profile, name: string): ColumnProfile => p.columns.find((c) => c.name === name)!;

describe('profile of penguins.csv (reference: pandas 1.5 describe/quantile/nunique/value_counts)', () => {
  let table: Table;
  let p: Profile;
  beforeAll(async () => {
    table = await loadTable('data/datasets/penguins.csv');
    const schema = await inferSchema(table);
    p = await profileRelation(table.db, await typedView(table, schema), schema);
  });
  afterAll(() => table.db.close());

  it('counts, moments and exact quantiles match pandas', () => {
    const bill = col(p, 'bill_length_mm');
    expect(p.rows).toBe(344);
    expect([bill.count, bill.nulls, bill.distinct, bill.min, bill.max]).toEqual([344, 2, 164, 32.1, 59.6]);
    expect(bill.mean).toBeCloseTo(43.9219298245614, 12);
    expect(std(bill)).toBeCloseTo(5.4595837139265315, 12);
    const pandasQ = [34.041, 35.7, 39.225, 44.45, 48.5, 51.995, 55.513];
    for (const [i, v] of bill.quantiles!.values.entries()) expect(v).toBeCloseTo(pandasQ[i]!, 9);
    expect(bill.quantiles!.exact).toBe(true);

    const mass = col(p, 'body_mass_g');
    expect(mass.mean).toBeCloseTo(4201.754385964912, 9);
    expect(std(mass)).toBeCloseTo(801.9545356980958, 9);
    expect(mass.quantiles!.values).toEqual(
      [2900, 3150, 3550, 4050, 4750, 5650, 5979.5].map((x, i) => (i === 6 ? mass.quantiles!.values[6] : x)),
    );
    expect(mass.quantiles!.values[6]).toBeCloseTo(5979.5, 9);
    expect(quantile(mass, 0.5)).toBe(4050);

    const year = col(p, 'year');
    expect(year.mean).toBeCloseTo(2008.0290697674418, 12);
    expect(std(year)).toBeCloseTo(0.8183559254837027, 12);
    expect(year.top).toEqual([
      { value: '2009', count: 120 },
      { value: '2008', count: 114 },
      { value: '2007', count: 110 },
    ]);
    expect(year.topComplete).toBe(true);
  });

  it('categorical columns: missing, distinct and top values', () => {
    const sex = col(p, 'sex');
    expect([sex.nulls, sex.distinct]).toEqual([11, 2]);
    expect(sex.top).toEqual([
      { value: 'male', count: 168 },
      { value: 'female', count: 165 },
    ]);
    expect(sex.histogram).toBeNull();
    expect(sex.mean).toBeNull();
    expect(col(p, 'species').top[0]).toEqual({ value: 'Adelie', count: 152 });
    expect(col(p, 'island').top.map((t) => t.count)).toEqual([168, 124, 52]);
  });

  it('histograms use nice aligned bins and count every non-missing value', () => {
    const bill = col(p, 'bill_length_mm');
    const h = bill.histogram!;
    expect(h.width).toBe(2); // range 27.5 / 20 bins -> 1.375 -> 2
    expect(h.start).toBe(32);
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(342);
    const mass = col(p, 'body_mass_g').histogram!;
    expect(mass.width).toBe(200);
    expect(mass.counts.reduce((a, b) => a + b, 0)).toBe(342);
  });
});

describe('nice histogram widths', () => {
  it('rounds up to 1, 2 or 5 times a power of ten and knows multiples', () => {
    expect([niceCeil(1.375), niceCeil(3), niceCeil(0.07), niceCeil(180), niceCeil(1000)]).toEqual([
      2, 5, 0.1, 200, 1000,
    ]);
    expect(isMultiple(10, 2)).toBe(true);
    expect(isMultiple(10, 5)).toBe(true);
    expect(isMultiple(5, 2)).toBe(false);
    expect(isMultiple(0.5, 0.1)).toBe(true);
    expect(isMultiple(2, 5)).toBe(false);
  });

  it('merges bins of width 2 and 5 into width 10 exactly', () => {
    const a = [1, 2, 3, 4, 9, 11, 12];
    const b = [20, 25, 31, 44, 45];
    const ha = histogramOf(a, 2, 1, 12);
    const hb = histogramOf(b, 5, 20, 45);
    const m = mergeHistograms(ha, hb, 1, 45, true);
    expect(m.width).toBe(10);
    expect(m).toEqual(histogramOf([...a, ...b], 10, 1, 45));
  });

  it('interpolates quantiles from value counts like pandas', () => {
    // pandas: pd.Series([1, 1, 2, 3, 3, 3, 10]).quantile([...])
    const q = quantilesOfCounts(
      [
        { key: 3, count: 3 },
        { key: 1, count: 2 },
        { key: 2, count: 1 },
        { key: 10, count: 1 },
      ],
      [0.01, 0.25, 0.5, 0.9, 0.99],
    );
    for (const [i, v] of [1.0, 1.5, 3.0, 5.8, 9.58].entries()) expect(q[i]).toBeCloseTo(v, 10);
  });
});

describe('mergeProfiles on modeldata_ames.csv split in two', () => {
  let table: Table;
  let schema: Schema;
  let whole: Profile;
  let merged: Profile;
  let approxMerged: Profile;
  let values: Map<string, Float64Array>;
  beforeAll(async () => {
    table = await loadTable('data/datasets/modeldata_ames.csv');
    schema = await inferSchema(table);
    const v = await typedView(table, schema);
    await table.db.run(`CREATE TABLE typed AS SELECT * FROM ${ident(v)}`);
    await table.db.run(`CREATE TABLE part_a AS SELECT * FROM typed WHERE __row <= 1200`);
    await table.db.run(`CREATE TABLE part_b AS SELECT * FROM typed WHERE __row > 1200`);
    whole = await profileRelation(table.db, 'typed', schema);
    const a = await profileRelation(table.db, 'part_a', schema);
    const b = await profileRelation(table.db, 'part_b', schema);
    merged = mergeProfiles(a, b);
    // The t-digest path (used above a million rows) merges the same way.
    const aq = await profileRelation(table.db, 'part_a', schema, { exactQuantileRows: 0 });
    const bq = await profileRelation(table.db, 'part_b', schema, { exactQuantileRows: 0 });
    approxMerged = mergeProfiles(aq, bq);
    const { frame } = await toFrame(table, schema, { from: 'typed' });
    values = new Map();
    for (const c of frame.columns) if (c.kind === 'numeric') values.set(c.name, c.values);
  });
  afterAll(() => table.db.close());

  it('count, nulls, min, max, mean and M2 are exact', () => {
    expect(merged.rows).toBe(2930);
    for (const w of whole.columns) {
      const m = col(merged, w.name);
      expect([m.count, m.nulls, m.min, m.max, m.zeros], w.name).toEqual([
        w.count,
        w.nulls,
        w.min,
        w.max,
        w.zeros,
      ]);
      if (w.mean === null) continue;
      expect(Math.abs(m.mean! - w.mean) / Math.max(1, Math.abs(w.mean)), w.name).toBeLessThan(1e-12);
      expect(Math.abs(m.m2! - w.m2!) / Math.max(1, w.m2!), w.name).toBeLessThan(1e-10);
    }
    const price = col(merged, 'Sale_Price');
    expect(price.mean).toBeCloseTo(180796.0600682594, 6);
    expect(std(price)).toBeCloseTo(79886.69235666493, 6);
  });

  it('histograms merge on shared edges: bins hold exactly the union counts', () => {
    for (const m of merged.columns) {
      if (!m.histogram) continue;
      const h = m.histogram;
      const x = values.get(m.name)!;
      expect(h, m.name).toEqual(histogramOf(x, h.width, m.min!, m.max!));
      expect(h.width).toBeGreaterThanOrEqual(col(whole, m.name).histogram!.width);
    }
  });

  it('distinct counts: exact below the sketch size, within 15% above it', () => {
    for (const w of whole.columns) {
      const m = col(merged, w.name);
      if (w.distinct < 200) expect(m.distinct, w.name).toBe(w.distinct);
      else expect(Math.abs(m.distinct - w.distinct) / w.distinct, w.name).toBeLessThan(0.15);
    }
    expect(col(merged, 'Neighborhood').distinct).toBe(28);
    expect(col(merged, 'Lot_Frontage').distinct).toBe(129);
  });

  it('merged quantiles are within 2% rank error of the union', () => {
    for (const prof of [merged, approxMerged]) {
      for (const m of prof.columns) {
        if (!m.quantiles) continue;
        const x = [...values.get(m.name)!].filter((v) => !Number.isNaN(v));
        m.quantiles.values.forEach((q, i) => {
          const below = x.filter((v) => v < q).length / x.length;
          const atOrBelow = x.filter((v) => v <= q).length / x.length;
          expect(below, `${m.name} p=${P[i]}`).toBeLessThanOrEqual(P[i]! + 0.02);
          expect(atOrBelow, `${m.name} p=${P[i]}`).toBeGreaterThanOrEqual(P[i]! - 0.02);
        });
      }
    }
  });

  it('top values: exact for complete low-cardinality columns, close otherwise', () => {
    for (const w of whole.columns) {
      const m = col(merged, w.name);
      if (w.topComplete) expect(m.top, w.name).toEqual(w.top);
      else expect(m.top[0], w.name).toEqual(w.top[0]);
    }
  });
});

describe('non-finite numbers', () => {
  it("text like 'inf' types as infinite numbers: min/max keep them, histograms span the finite values", async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const path = join(mkdtempSync(join(tmpdir(), 'mlqa-prof-')), 'inf.csv');
    writeFileSync(path, 'x,y\n1,inf\n2,3\n-inf,4\n5,6\n7,\n');
    const table = await loadTable(path);
    try {
      const schema = await inferSchema(table);
      const p = await profileRelation(table.db, await typedView(table, schema), schema);
      const x = col(p, 'x');
      expect([x.min, x.max, x.nulls]).toEqual([Number.NEGATIVE_INFINITY, 7, 0]);
      expect(x.histogram).toEqual({ start: 1, width: 1, counts: [1, 1, 0, 0, 1, 0, 1] });
      const y = col(p, 'y');
      expect([y.min, y.max, y.nulls]).toEqual([3, Number.POSITIVE_INFINITY, 1]);
      expect(y.histogram!.counts.reduce((a, b) => a + b, 0)).toBe(3);
    } finally {
      table.db.close();
    }
  });
});
