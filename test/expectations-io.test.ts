/**
 * Expectations files: the strict reader (YAML and JSON), suggestions from audited data, the writer, and
 * the round trip file -> audit -> suggestion -> file -> expectation checks. Reference values (ranges, levels,
 * missing counts) come from pandas 1.x on the bundled datasets.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectationChecks } from '../src/audit/checks/expectations.js';
import {
  parseExpectations,
  suggestExpectations,
  validateExpectations,
  writeExpectations,
} from '../src/audit/expectations.js';
import { loadExpectations, suggestAndWrite } from '../src/audit/expectations-file.js';
import { type AuditRun, runAudit } from '../src/audit/run.js';
import { InputError } from '../src/errors.js';

const DATA = join(import.meta.dirname, '..', 'data', 'datasets');
const dir = mkdtempSync(join(tmpdir(), 'mlqa-expect-'));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

/** The InputError message thrown by `f`, or a failure. */
function inputError(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as InputError).message;
  }
  throw new Error('expected an InputError');
}

describe('reading expectations', () => {
  const yaml = `
table:
  rows: { min: 100, max: 1000 }
  required: [species, island]
columns:
  species: { type: categorical, values: [Adelie, Chinstrap, Gentoo], nullable: false }
  bill_length_mm: { type: numeric, min: 30, max: 60.5 }
  year: { type: integer, values: [2007, 2008, 2009] }
  sampled_on: { type: datetime, min: 1973-05-01, max: "1973-09-30T12:00:00" }
  tag: { regex: "[A-Z]{2}-\\\\d+", unique: true }
  note:
`;
  const expected = {
    table: { rows: { min: 100, max: 1000 }, required: ['species', 'island'] },
    columns: {
      species: { type: 'categorical', values: ['Adelie', 'Chinstrap', 'Gentoo'], nullable: false },
      bill_length_mm: { type: 'numeric', min: 30, max: 60.5 },
      year: { type: 'integer', values: [2007, 2008, 2009] },
      // Dates without a zone are UTC: 1973-05-01 is 105062400000 ms, noon on 1973-09-30 is 118195200000 + 12 h.
      sampled_on: { type: 'datetime', min: 105062400000, max: 118195200000 + 12 * 3600_000 },
      tag: { regex: '[A-Z]{2}-\\d+', unique: true },
      note: {},
    },
  };

  it('reads every key of a YAML file, dates as epoch ms', () => {
    expect(parseExpectations(file('full.yaml', yaml))).toEqual(expected);
  });

  it('reads the same expectations from JSON, and from a list of named columns', () => {
    const json = JSON.stringify({
      ...expected,
      columns: {
        ...expected.columns,
        sampled_on: { type: 'datetime', min: '1973-05-01', max: '1973-09-30T12:00:00Z' },
      },
    });
    expect(parseExpectations(file('full.json', json))).toEqual(expected);
    const list = validateExpectations({ columns: [{ name: 'a', type: 'numeric', min: 0 }, { name: 'b' }] });
    expect(list).toEqual({ columns: { a: { type: 'numeric', min: 0 }, b: {} } });
  });

  it('accepts an empty file as no expectations', () => {
    expect(parseExpectations(file('empty.yaml', ''))).toEqual({});
  });

  it('rejects mistakes with the file and the place in it', () => {
    const p = join(dir, 'bad.yaml');
    const bad = (text: string) => inputError(() => parseExpectations(file('bad.yaml', text)));
    expect(bad('columns:\n  a: { type: numeric, maximum: 3 }\n')).toBe(
      `${p}: columns.a: unknown key 'maximum' (expected type, min, max, values, regex, nullable, unique)`,
    );
    expect(bad('columns:\n  a: { type: float }\n')).toBe(
      `${p}: columns.a.type: expected one of numeric, integer, boolean, categorical, datetime, text, identifier, got string "float"`,
    );
    expect(bad('columns:\n  a: { min: 5, max: 1 }\n')).toBe(
      `${p}: columns.a: min (5) is greater than max (1)`,
    );
    expect(bad('columns:\n  a: { min: low }\n')).toBe(
      `${p}: columns.a.min: expected a number or an ISO date, got string "low"`,
    );
    expect(bad('columns:\n  a: { values: [] }\n')).toBe(
      `${p}: columns.a.values: expected a non-empty list, got a list`,
    );
    expect(bad('columns:\n  a: { nullable: "no" }\n')).toBe(
      `${p}: columns.a.nullable: expected true or false, got string "no"`,
    );
    expect(bad('table:\n  rows: { min: -1 }\n')).toBe(
      `${p}: table.rows.min: expected a whole number >= 0, got number -1`,
    );
    expect(bad('table:\n  required: a\n')).toBe(
      `${p}: table.required: expected a list of column names, got string "a"`,
    );
    expect(bad('columns:\n  a: { regex: "(ab" }\n')).toBe(
      `${p}: columns.a.regex: invalid pattern (Unterminated group) in "(ab"`,
    );
    expect(bad('columns:\n  a: { regex: "a(?=b)" }\n')).toBe(
      `${p}: columns.a.regex: lookaround ((?=, (?!, (?<=, (?<!) is not supported in "a(?=b)"`,
    );
    expect(bad('columns:\n  a: { regex: "(a)\\\\1" }\n')).toBe(
      `${p}: columns.a.regex: backreferences (\\1 ...) are not supported in "(a)\\\\1"`,
    );
    // RE2 named groups and an escaped backslash before a digit are fine.
    expect(validateExpectations({ columns: { a: { regex: '(?P<y>\\d{4})-\\\\1' } } }).columns?.a?.regex).toBe(
      '(?P<y>\\d{4})-\\\\1',
    );
    expect(bad('column:\n  a: {}\n')).toBe(`${p}: top level: unknown key 'column' (expected columns, table)`);
    expect(bad('- a\n- b\n')).toBe(
      `${p}: top level: expected a mapping with 'columns' and/or 'table', got a list`,
    );
    expect(bad('columns: { a: [1, 2 }\n')).toMatch(
      new RegExp(`^${p.replaceAll('.', '\\.')}: not valid YAML or JSON: `),
    );
  });

  it('names a missing file, through the runner hook too', async () => {
    const p = join(dir, 'nope.yaml');
    expect(inputError(() => parseExpectations(p))).toBe(`${p}: cannot read expectations file (no such file)`);
    await expect(loadExpectations(p)).rejects.toThrow(`${p}: cannot read expectations file (no such file)`);
  });
});

describe('suggesting expectations', () => {
  let run: AuditRun;
  beforeAll(async () => {
    run = await runAudit(join(DATA, 'penguins.csv'), {
      target: 'species',
      checks: { include: [] },
      registry: [],
    });
  });
  afterAll(() => run.close());

  it('describes the data as it is (ranges and levels as pandas reads them)', async () => {
    const s = await suggestExpectations(run.context);
    expect(s.table).toEqual({
      rows: { min: 172, max: 688 }, // 344 rows: from half to twice
      required: [
        'species',
        'island',
        'bill_length_mm',
        'bill_depth_mm',
        'flipper_length_mm',
        'body_mass_g',
        'sex',
        'year',
      ],
    });
    expect(s.columns).toEqual({
      species: { type: 'categorical', nullable: false, values: ['Adelie', 'Chinstrap', 'Gentoo'] },
      island: { type: 'categorical', nullable: false, values: ['Biscoe', 'Dream', 'Torgersen'] },
      // Two rows miss every measurement, eleven miss sex: no `nullable: false` there.
      bill_length_mm: { type: 'numeric', min: 32.1, max: 59.6 },
      bill_depth_mm: { type: 'numeric', min: 13.1, max: 21.5 },
      flipper_length_mm: { type: 'integer', min: 172, max: 231 },
      body_mass_g: { type: 'integer', min: 2700, max: 6300 },
      sex: { type: 'categorical', values: ['female', 'male'] },
      year: { type: 'integer', nullable: false, min: 2007, max: 2009 },
    });
  });

  it('writes YAML (one line per column) and JSON that read back to the same expectations', async () => {
    const s = await suggestExpectations(run.context);
    for (const name of ['penguins.yaml', 'penguins.yml', 'penguins.json']) {
      const p = join(dir, name);
      await suggestAndWrite(run.context, p);
      expect(parseExpectations(p)).toEqual(s);
    }
    const yaml = readFileSync(join(dir, 'penguins.yaml'), 'utf8');
    expect(yaml).toContain(
      '  species: { type: categorical, nullable: false, values: [ Adelie, Chinstrap, Gentoo ] }\n',
    );
    expect(yaml).toContain('  bill_length_mm: { type: numeric, min: 32.1, max: 59.6 }\n');
    expect(yaml.startsWith('# Expectations suggested by mlqa')).toBe(true);
  });

  it('refuses an unknown output extension', () => {
    expect(inputError(() => writeExpectations(join(dir, 'e.txt'), {}))).toBe(
      `${join(dir, 'e.txt')}: expectations are written as .yaml, .yml or .json (got '.txt')`,
    );
  });
});

describe('round trip through the expectation checks', () => {
  /** airquality with a real date column built from Month and Day (1973), and a row id. */
  function airqualityWithDates(): string {
    const lines = readFileSync(join(DATA, 'airquality.csv'), 'utf8').trim().split('\n');
    const out = [`id,date,${lines[0]}`];
    lines.slice(1).forEach((l, i) => {
      const f = l.split(',');
      out.push(`A-${i + 1},1973-${f[4]!.padStart(2, '0')}-${f[5]!.padStart(2, '0')},${l}`);
    });
    return file('airquality_dates.csv', `${out.join('\n')}\n`);
  }

  it('data meets the expectations suggested from it, dates written as ISO dates', async () => {
    const csv = airqualityWithDates();
    const run = await runAudit(csv, { registry: [] });
    const path = join(dir, 'air.yaml');
    try {
      await suggestAndWrite(run.context, path);
    } finally {
      run.close();
    }
    const yaml = readFileSync(path, 'utf8');
    expect(yaml).toContain('  date: { type: datetime, nullable: false, min: 1973-05-01, max: 1973-09-30 }\n');
    expect(yaml).toContain('  id: { type: identifier, nullable: false, unique: true }\n');
    const exp = parseExpectations(path);
    expect(exp.columns?.date).toEqual({
      type: 'datetime',
      nullable: false,
      min: 105062400000,
      max: 118195200000,
    });
    const checked = await runAudit(csv, { expect: path, registry: expectationChecks });
    try {
      expect(checked.result.checks.length).toBeGreaterThan(0);
      expect(checked.result.findings).toEqual([]);
    } finally {
      checked.close();
    }
  });

  it('a tighter file raises errors on the rows that break it', async () => {
    const path = file('tight.yaml', 'columns:\n  Temp: { max: 90 }\n  Month: { values: [5, 6, 7] }\n');
    const run = await runAudit(join(DATA, 'airquality.csv'), { expect: path, registry: expectationChecks });
    try {
      const byColumn = new Map(run.result.findings.map((f) => [f.columns[0], f]));
      // pandas: (airquality.Temp > 90).sum() == 14; (~airquality.Month.isin([5, 6, 7])).sum() == 61.
      expect(byColumn.get('Temp')).toMatchObject({ severity: 'error', count: 14 });
      expect(byColumn.get('Month')).toMatchObject({ severity: 'error', count: 61 });
      expect(byColumn.get('Month')!.rows.slice(0, 2)).toEqual([93, 94]);
    } finally {
      run.close();
    }
  });
});
