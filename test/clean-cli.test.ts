/** `mlqa clean` end to end on the bundled datasets: the cleaned file re-audits clean, plans are reused, bad input exits 2 with nothing written. */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from './helpers/cli.js';

const fresh = () => mkdtempSync(join(tmpdir(), 'mlqa-clean-'));
const DATA = 'data/datasets';

async function auditChecks(file: string, target?: string): Promise<Map<string, string[][]>> {
  const r = await run('audit', file, ...(target ? ['--target', target] : []), '--json', '--fail-on', 'never');
  expect(r.code).toBe(0);
  const out = new Map<string, string[][]>();
  for (const f of JSON.parse(r.out).findings as { check: string; columns: string[] }[])
    out.set(f.check, [...(out.get(f.check) ?? []), f.columns]);
  return out;
}

describe('mlqa clean: re-auditing the cleaned file clears what the plan addressed', () => {
  it('iris: the repeated row is dropped (row 143), the CSV keeps every other value', async () => {
    const dir = fresh();
    const out = join(dir, 'iris.csv');
    const r = await run('clean', `${DATA}/iris.csv`, '--target', 'target', '--out', out, '--json');
    expect(r.code).toBe(0);
    const res = JSON.parse(r.out);
    expect(res.plan.steps.map((s: { step: string }) => s.step)).toEqual(['drop_duplicates']);
    expect(res.log[0].rowsDropped).toEqual({ count: 1, rows: [143] });
    expect(res.rows).toEqual({ before: 150, after: 149 });
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    const src = readFileSync(`${DATA}/iris.csv`, 'utf8').trim().split('\n');
    expect(lines.length).toBe(150);
    expect(lines[0]).toBe(src[0]);
    // Same rows in the same order, without data row 143 (line 143 after the header).
    expect(lines.slice(1).map((l) => l.split(',').map(Number).slice(0, 4))).toEqual(
      src
        .slice(1)
        .filter((_, i) => i !== 142)
        .map((l) => l.split(',').map(Number).slice(0, 4)),
    );
    const plan = JSON.parse(readFileSync(join(dir, 'plan.json'), 'utf8'));
    expect(plan.format).toBe('mlqa-clean-plan');
    expect(plan.steps[0].params.columns).toHaveLength(5);
    expect((await auditChecks(out, 'target')).has('duplicate_rows')).toBe(false);
  });

  it('tate_text: spelling variants merged, the id column dropped, duplicates dropped (Parquet out)', async () => {
    const dir = fresh();
    const out = join(dir, 'tate.parquet');
    const before = await auditChecks(`${DATA}/modeldata_tate_text.csv`);
    expect(before.has('duplicate_rows') && before.has('id_column') && before.has('category_variants')).toBe(
      true,
    );
    const r = await run('clean', `${DATA}/modeldata_tate_text.csv`, '--out', out, '--json');
    expect(r.code).toBe(0);
    const res = JSON.parse(r.out);
    expect(res.plan.steps.map((s: { step: string }) => s.step)).toEqual([
      'normalize_categories',
      'drop_columns',
      'drop_duplicates',
    ]);
    expect(res.columns.after).toEqual(['artist', 'title', 'medium', 'year']);
    const after = await auditChecks(out);
    for (const check of ['duplicate_rows', 'id_column', 'category_variants'])
      expect(after.has(check)).toBe(false);
    expect(res.rows.after).toBe(res.rows.before - res.log[2].rowsDropped.count);
  });

  it('airquality: rows without the target dropped, Solar.R imputed by iterative models', async () => {
    const dir = fresh();
    const out = join(dir, 'air.csv');
    const r = await run(
      'clean',
      `${DATA}/airquality.csv`,
      '--target',
      'Ozone',
      '--impute',
      'iterative',
      '--out',
      out,
      '--json',
    );
    expect(r.code).toBe(0);
    const res = JSON.parse(r.out);
    expect(res.plan.steps.map((s: { step: string }) => s.step)).toEqual(['drop_missing', 'impute']);
    expect(res.log[0].rowsDropped.count).toBe(37);
    expect(res.log[1].cells).toEqual([
      { column: 'Solar.R', action: 'imputed', count: 5, rows: [6, 11, 96, 97, 98] },
    ]);
    expect(res.plan.steps[1].params.iterative.rounds.length).toBeGreaterThan(0);
    expect((await auditChecks(out, 'Ozone')).has('missing_values')).toBe(false);
  });

  it('credit with its income sentinel (99999999, as in the original credit_data): read as missing, imputed; yes/no kept', async () => {
    const dir = fresh();
    const src = join(dir, 'credit_sentinel.csv');
    const lines = readFileSync(`${DATA}/modeldata_credit.csv`, 'utf8').trim().split('\n');
    const j = lines[0]!.split(',').indexOf('"Income"');
    writeFileSync(
      src,
      `${lines
        .map((l, i) => {
          const f = l.split(',');
          if (i > 0 && (f[j] === 'NA' || f[j] === '')) f[j] = '99999999';
          return f.join(',');
        })
        .join('\n')}\n`,
    );
    expect((await auditChecks(src, 'Status')).get('disguised_missing')).toEqual([['Income']]);
    const out = join(dir, 'credit.csv');
    const r = await run('clean', src, '--target', 'Status', '--out', out, '--json');
    expect(r.code).toBe(0);
    const res = JSON.parse(r.out);
    const steps = res.plan.steps.map((s: { step: string }) => s.step);
    expect(steps).toEqual(['normalize_missing', 'drop_duplicates', 'outliers', 'impute']);
    expect(res.log[0].cells).toEqual([
      { column: 'Income', action: 'set_missing', count: 381, rows: expect.arrayContaining([30, 114, 144]) },
    ]);
    const imp = res.log[3];
    expect(
      Object.fromEntries(imp.cells.map((c: { column: string; count: number }) => [c.column, c.count])),
    ).toEqual({ Home: 6, Marital: 1, Job: 2, Income: 381, Assets: 47, Debt: 18 });
    const text = readFileSync(out, 'utf8');
    expect(text.split('\n')[1]).toBe('good,9,rent,60,30,married,no,freelance,73,129,0,0,800,846');
    expect(text).not.toContain('99999999');
    const after = await auditChecks(out, 'Status');
    for (const check of ['disguised_missing', 'missing_values', 'duplicate_rows'])
      expect(after.has(check)).toBe(false);
  });
});

describe('mlqa clean: plans', () => {
  it('a fitted plan applied to new data reuses the training statistics (no refit)', async () => {
    const dir = fresh();
    const src = readFileSync(`${DATA}/penguins.csv`, 'utf8').trim().split('\n');
    const train = join(dir, 'train.csv');
    const next = join(dir, 'next.csv');
    writeFileSync(train, `${src.slice(0, 201).join('\n')}\n`);
    writeFileSync(next, `${[src[0], ...src.slice(201)].join('\n')}\n`);
    const plan = join(dir, 'plan.json');
    writeFileSync(
      plan,
      JSON.stringify({
        format: 'mlqa-clean-plan',
        version: 1,
        target: 'species',
        steps: [{ step: 'impute', options: { strategy: 'median' } }],
      }),
    );
    const fit = JSON.parse(
      (await run('clean', train, '--plan', plan, '--out', join(dir, 'train-clean.csv'), '--json')).out,
    );
    expect(fit.reused).toBe(false);
    const fills = Object.fromEntries(
      fit.plan.steps[0].params.fills.map((f: { column: string; value: unknown }) => [f.column, f.value]),
    );
    // SimpleImputer fitted on the first 200 rows (test/fixtures/clean_pins.py).
    expect(fills).toEqual({
      bill_length_mm: 39.8,
      bill_depth_mm: 17.8,
      flipper_length_mm: 193,
      body_mass_g: 3900,
      year: 2008,
      island: 'Biscoe',
      sex: 'male',
    });
    const outDir = fresh();
    const applied = JSON.parse(
      (
        await run(
          'clean',
          next,
          '--plan',
          join(dir, 'plan.json'),
          '--out',
          join(outDir, 'next-clean.csv'),
          '--json',
        )
      ).out,
    );
    expect(applied.reused).toBe(true);
    expect(applied.plan.steps[0].params).toEqual(fit.plan.steps[0].params);
    const sexCells = applied.log[0].cells.find((c: { column: string }) => c.column === 'sex');
    expect(sexCells.count).toBe(4);
    const lines = readFileSync(join(outDir, 'next-clean.csv'), 'utf8').split('\n');
    // Data row 72 of next.csv is row 272 of penguins.csv (missing every measurement): filled with the training medians.
    expect(lines[72]).toBe('Gentoo,Biscoe,39.8,17.8,193,3900,male,2009');
  });

  it('--dry-run shows the plan and writes nothing', async () => {
    const dir = fresh();
    const r = await run('clean', `${DATA}/iris.csv`, '--dry-run');
    expect(r.code).toBe(0);
    expect(r.out).toContain('dropped 1 duplicate row');
    expect(r.out).toContain('dry run: nothing written');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('--impact cross-validates each step and --report writes the HTML report', async () => {
    const dir = fresh();
    const r = await run(
      'clean',
      `${DATA}/airquality.csv`,
      '--target',
      'Ozone',
      '--impact',
      '--dry-run',
      '--report',
      dir,
      '--json',
    );
    expect(r.code).toBe(0);
    const res = JSON.parse(r.out);
    expect(res.impact.metric).toBe('r2');
    expect(res.impact.rows).toBe(116);
    expect(res.impact.steps).toHaveLength(2);
    for (const s of res.impact.steps) expect(s.alone.folds).toHaveLength(5);
    // Median imputation is also compared with dropping the incomplete training rows instead.
    expect(res.impact.alternatives).toHaveLength(1);
    expect(res.impact.alternatives[0]).toMatchObject({ index: 1, instead: 'drop_missing' });
    expect(res.impact.alternatives[0].gain).toBeCloseTo(
      100 * (res.impact.all.mean - res.impact.alternatives[0].score.mean),
      10,
    );
    expect(res.impact.alternatives[0].verdict).toMatch(
      /^impute by median instead of dropping the rows with missing values: [+-]\d/,
    );
    // Dropping rows without a target changes nothing in CV (they are never scored); the plan's total is the sum of its parts here.
    expect(res.impact.steps[0].gainAlone).toBeCloseTo(0, 10);
    const again = JSON.parse(
      (await run('clean', `${DATA}/airquality.csv`, '--target', 'Ozone', '--impact', '--dry-run', '--json'))
        .out,
    );
    expect(again.impact).toEqual(res.impact);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain('Impact on a model');
    expect(existsSync(join(dir, 'report.json'))).toBe(true);
  });
});

describe('mlqa clean --impact on a leaked column', () => {
  it('suggests dropping it, and the impact shows the model was cheating', async () => {
    const dir = fresh();
    // The first 1,500 rows of credit with 'Paid', a copy of Status (1 row in 500 flipped): a leak.
    const lines = readFileSync(`${DATA}/modeldata_credit.csv`, 'utf8').trim().split('\n').slice(0, 1501);
    const leak = lines.map((l, i) => {
      const [status, ...rest] = l.split(',');
      if (i === 0) return [status, '"Paid"', ...rest].join(',');
      const good = status === '"good"';
      const paid = (i - 1) % 500 === 0 ? !good : good;
      return [status, paid ? 'yes' : 'no', ...rest].join(',');
    });
    const file = join(dir, 'credit_leak.csv');
    writeFileSync(file, `${leak.join('\n')}\n`);
    const suggested = JSON.parse((await run('clean', file, '--target', 'Status', '--dry-run', '--json')).out);
    const drop = suggested.plan.steps.find((s: { step: string }) => s.step === 'drop_columns');
    expect(drop.options).toEqual({ columns: ['Paid'], reasons: { Paid: 'leaks the target' } });
    const plan = join(dir, 'plan.json');
    writeFileSync(
      plan,
      JSON.stringify({
        format: 'mlqa-clean-plan',
        version: 1,
        steps: [{ step: 'drop_columns', options: drop.options }],
      }),
    );
    const r = await run(
      'clean',
      file,
      '--target',
      'Status',
      '--plan',
      plan,
      '--impact',
      '--dry-run',
      '--json',
    );
    const impact = JSON.parse(r.out).impact;
    expect(impact.metric).toBe('roc_auc');
    expect(impact.none.mean).toBeGreaterThan(0.99);
    expect(impact.all.mean).toBeLessThan(0.9);
    expect(impact.steps[0].gainInPlan).toBeLessThan(-10);
    expect(impact.steps[0].verdict).toMatch(/^drop Paid: -\d+\.\d points \(the model was cheating/);
  });
});

describe('mlqa clean: bad input exits 2 and leaves no file behind', () => {
  const cases: [string, object, RegExp][] = [
    [
      'a plan made for another schema',
      {
        format: 'mlqa-clean-plan',
        version: 1,
        input: [{ name: 'income', kind: 'numeric' }],
        steps: [{ step: 'drop_columns', params: { columns: ['income'], reasons: {} } }],
      },
      /fitted on other columns: 1 missing here \(income\)/,
    ],
    [
      'a column missing from the data',
      {
        format: 'mlqa-clean-plan',
        version: 1,
        steps: [{ step: 'drop_columns', options: { columns: ['petal color'] } }],
      },
      /column 'petal color' is not in the data/,
    ],
    [
      'a strategy on a column type it cannot handle',
      { format: 'mlqa-clean-plan', version: 1, steps: [{ step: 'scale', options: { columns: ['target'] } }] },
      /column 'target' holds text; scaling needs a numeric column/,
    ],
    [
      'an unknown step',
      { format: 'mlqa-clean-plan', version: 1, steps: [{ step: 'shuffle' }] },
      /unknown step 'shuffle'/,
    ],
    [
      'a wrong option',
      { format: 'mlqa-clean-plan', version: 1, steps: [{ step: 'impute', options: { strategy: 'mode' } }] },
      /'strategy' must be one of mean, median/,
    ],
  ];
  it.each(cases)('%s', async (_, plan, message) => {
    const dir = fresh();
    const p = join(dir, 'plan.json');
    writeFileSync(p, JSON.stringify(plan));
    const out = join(dir, 'out.csv');
    const r = await run('clean', `${DATA}/iris.csv`, '--plan', p, '--out', out);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(readdirSync(dir)).toEqual(['plan.json']);
  });

  it('an unwritable output type, and refusing to overwrite the input', async () => {
    expect((await run('clean', `${DATA}/iris.csv`, '--out', join(fresh(), 'x.xlsx'))).err).toMatch(
      /cannot write '.xlsx'/,
    );
    const r = await run('clean', `${DATA}/iris.csv`, '--out', `${DATA}/iris.csv`);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/refusing to overwrite the input/);
  });
});
