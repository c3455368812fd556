import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Check } from '../src/audit/check.js';
import { audit, runAudit } from '../src/audit/run.js';
import { InputError } from '../src/errors.js';
import { finding } from '../src/report/finding.js';

const dir = mkdtempSync(join(tmpdir(), 'mlqa-audit-'));

/** Flags columns whose share of missing cells exceeds `max_share` (a check written for these tests). */
const missingShare: Check<{ column: string; share: number; rows: number[] }[]> = {
  id: 'test_missing',
  description: 'columns with missing cells',
  defaults: { max_share: 0.01 },
  compute: (ctx) =>
    ctx.schema.columns.map((c) => {
      const col = ctx.frame.columns.find((f) => f.name === c.name)!;
      const rows: number[] = [];
      for (let i = 0; i < ctx.frame.nRows; i++) {
        const miss = col.kind === 'numeric' ? Number.isNaN(col.values[i]!) : col.codes[i]! < 0;
        if (miss) rows.push(ctx.frame.rowNumbers[i]!);
      }
      return { column: c.name, share: c.missing / ctx.schema.rows, rows };
    }),
  condition: (value, t) =>
    value
      .filter((v) => v.share > t.max_share!)
      .map((v) =>
        finding({
          check: 'test_missing',
          severity: v.share > 0.03 ? 'error' : 'warning',
          columns: [v.column],
          rows: v.rows,
          value: v.share,
          threshold: t.max_share!,
          message: `${v.column} is ${(100 * v.share).toFixed(1)}% missing`,
        }),
      ),
};

const needsTarget: Check<number> = {
  id: 'test_target',
  description: 'reports the target',
  defaults: {},
  applies: (ctx) => ctx.target !== undefined,
  compute: (ctx) => ctx.features.length,
  condition: (n, _t, ctx) => [
    finding({
      check: 'test_target',
      severity: 'info',
      columns: [ctx.target!],
      value: n,
      threshold: null,
      message: `${n} features`,
    }),
  ],
};

const broken: Check<number> = {
  id: 'test_broken',
  description: 'always fails',
  defaults: {},
  compute: () => {
    throw new Error('division by zero in test');
  },
  condition: () => [],
};

const registry = [missingShare, needsTarget, broken];

describe('audit runner on penguins.csv', () => {
  it('runs every check, turns a failing check into an internal finding and sorts by severity', async () => {
    const r = await audit('data/datasets/penguins.csv', { target: 'species', registry });
    expect(r.rows).toBe(344);
    expect(r.checks).toEqual(['test_missing', 'test_target', 'test_broken']);
    expect(r.sampled).toBeNull();
    expect(r.findings.map((f) => [f.severity, f.check, f.columns[0] ?? ''])).toEqual([
      ['error', 'test_missing', 'sex'],
      ['info', 'internal', ''],
      ['info', 'test_target', 'species'],
    ]);
    const sex = r.findings[0]!;
    expect(sex.count).toBe(11);
    expect(sex.rows).toEqual([4, 9, 10, 11, 12, 48, 179, 219, 257, 269, 272]);
    expect(r.findings[1]!.message).toBe('check test_broken failed and was skipped: division by zero in test');
    expect(r.findings[2]!.message).toBe('7 features');
  });

  it('applies threshold overrides and check selection', async () => {
    const loose = await audit('data/datasets/penguins.csv', {
      registry,
      thresholds: { test_missing: { max_share: 0.005 } },
      checks: { exclude: ['test_broken'] },
    });
    expect(loose.checks).toEqual(['test_missing', 'test_target']);
    // 2/344 = 0.58% missing in four measurement columns now passes the threshold too; no target: test_target does not apply.
    expect(loose.findings.map((f) => f.columns[0])).toEqual([
      'sex',
      'bill_depth_mm',
      'bill_length_mm',
      'body_mass_g',
      'flipper_length_mm',
    ]);
    expect(loose.findings.filter((f) => f.severity === 'warning')).toHaveLength(4);
    const only = await audit('data/datasets/penguins.csv', {
      registry,
      checks: { include: ['test_target'] },
      target: 'species',
    });
    expect(only.checks).toEqual(['test_target']);
    await expect(
      audit('data/datasets/penguins.csv', { registry, checks: { include: ['nope'] } }),
    ).rejects.toThrow(/unknown check 'nope'/);
  });

  it('reports schema, roles and a profile summary per column', async () => {
    const r = await audit('data/datasets/penguins.csv', {
      target: 'species',
      ignore: ['year'],
      registry: [],
    });
    const byName = Object.fromEntries(r.columns.map((c) => [c.name, c]));
    expect(byName.species).toMatchObject({ type: 'categorical', role: 'target', missing: 0, distinct: 3 });
    expect(byName.year).toMatchObject({ type: 'integer', role: 'ignored' });
    expect(byName.sex).toMatchObject({ missing: 11, distinct: 2 });
    expect(byName.sex!.missingShare).toBeCloseTo(11 / 344, 12);
    const bill = r.profile.find((p) => p.name === 'bill_length_mm')!;
    expect(Object.keys(bill)).toEqual([
      'name',
      'type',
      'count',
      'nulls',
      'distinct',
      'min',
      'max',
      'mean',
      'std',
      'zeros',
      'quantiles',
      'histogram',
      'top',
    ]);
    expect(bill.std).toBeCloseTo(5.4595837139265315, 12);
    expect(bill.quantiles!.values[3]).toBeCloseTo(44.45, 12);
    expect(JSON.stringify(r)).not.toMatch(/sketch|percentiles/);
  });
});

describe('sampling', () => {
  it('row-level checks see a seeded sample; statistics see every row', async () => {
    const a = await runAudit('data/datasets/mlbench_letter.csv', { sample: 500, seed: 7, registry: [] });
    const b = await runAudit('data/datasets/mlbench_letter.csv', { sample: 500, seed: 7, registry: [] });
    const c = await runAudit('data/datasets/mlbench_letter.csv', { sample: 500, seed: 8, registry: [] });
    try {
      expect(a.result.sampled).toEqual({ rows: 500, of: 20000 });
      expect(a.context.frame.nRows).toBe(500);
      expect([...a.context.frame.rowNumbers]).toEqual([...b.context.frame.rowNumbers]);
      expect([...a.context.frame.rowNumbers]).not.toEqual([...c.context.frame.rowNumbers]);
      const rows = [...a.context.frame.rowNumbers];
      expect(rows).toEqual([...rows].sort((x, y) => x - y));
      expect(a.result.profile[0]!.count).toBe(20000);
      expect(a.result).toEqual(b.result);
    } finally {
      a.close();
      b.close();
      c.close();
    }
  });
});

describe('malformed input', () => {
  it('ragged rows become a malformed_rows finding; other rows keep their file row numbers', async () => {
    const path = join(dir, 'ragged.csv');
    writeFileSync(path, 'a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12\n13,14,15\n');
    const run = await runAudit(path, { registry: [] });
    try {
      expect(run.result.rows).toBe(3);
      expect([...run.context.frame.rowNumbers]).toEqual([1, 4, 5]);
      const f = run.result.findings.find((x) => x.check === 'malformed_rows')!;
      expect(f).toMatchObject({ severity: 'error', rows: [2, 3], count: 2, value: 0.4 });
      expect(f.message).toMatch(/^2 rows could not be read and were skipped \(first: row 2, /);
    } finally {
      run.close();
    }
  });

  it('an undecodable row past the encoding sniffer is skipped and reported', async () => {
    const path = join(dir, 'latebad.csv');
    const lines = [
      'a,b,c',
      ...Array.from({ length: 7999 }, (_, i) => `${i + 1},${2 * (i + 1)},name${i + 1}`),
    ];
    writeFileSync(
      path,
      Buffer.concat([
        Buffer.from(`${lines.join('\n')}\n8000,16000,bad`),
        Buffer.from([0xff, 0xfe]),
        Buffer.from('name\n8001,16002,ok\n'),
      ]),
    );
    const run = await runAudit(path, { registry: [] });
    try {
      expect(run.result.rows).toBe(8000);
      expect(run.context.frame.rowNumbers.at(-1)).toBe(8001);
      const f = run.result.findings.find((x) => x.check === 'malformed_rows')!;
      expect(f).toMatchObject({ severity: 'warning', rows: [8000], count: 1 });
      expect(f.message).toMatch(/Invalid unicode/);
    } finally {
      run.close();
    }
  });

  it('bad options fail with an InputError before reading', async () => {
    await expect(audit('data/datasets/iris.csv', { target: 'nope', registry: [] })).rejects.toBeInstanceOf(
      InputError,
    );
    await expect(audit('data/datasets/iris.csv', { sample: 0, registry: [] })).rejects.toThrow(/sample size/);
  });
});
