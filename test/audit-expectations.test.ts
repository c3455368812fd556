/**
 * Expectation checks: expectations suggested from the real penguins data hold on it; a copy with injected
 * faults (a value out of range, a level not allowed, a wrong type, a missing target, a broken pattern, a
 * repeated key, a missing column, too few rows) breaks exactly the matching expectation, on exactly the
 * injected rows. Reference ranges and levels: pandas on penguins.csv.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditContext } from '../src/audit/check.js';
import { expectationChecks } from '../src/audit/checks/expectations.js';
import {
  type Expectations,
  parseExpectations,
  suggestExpectations,
  writeExpectations,
} from '../src/audit/expectations.js';
import { InputError } from '../src/errors.js';
import type { Finding } from '../src/report/finding.js';
import {
  buildContext,
  closeContext,
  col,
  copyCsv,
  findingsOf,
  readCsv,
  writeCsv,
} from './helpers/audit-context.js';

const dir = mkdtempSync(join(tmpdir(), 'mlqa-expectations-'));

async function check(ctx: AuditContext): Promise<Finding[]> {
  const out: Finding[] = [];
  for (const c of expectationChecks) out.push(...(await findingsOf(c, ctx)));
  return out;
}

/** penguins with a tag column 'PG-<n>' (a key with a pattern). */
function tagged() {
  const csv = copyCsv(readCsv('penguins.csv'));
  csv.header.push('tag');
  for (const [i, r] of csv.rows.entries()) r.push(`PG-${i + 1}`);
  return csv;
}

describe('expectations suggested from clean data', () => {
  let exp: Expectations;
  let faulty: AuditContext;
  const opened: AuditContext[] = [];

  beforeAll(async () => {
    const clean = await buildContext(writeCsv('penguins-tagged.csv', tagged()), { target: 'species' });
    opened.push(clean);
    exp = await suggestExpectations(clean);
    exp.columns!.tag = { ...exp.columns!.tag, regex: 'PG-[0-9]+' };
    exp.table!.required = [...exp.table!.required!, 'weight_kg'];

    const csv = tagged();
    const j = (name: string) => col(csv, name);
    csv.rows[9]![j('bill_length_mm')] = '300'; // row 10: out of range (max 59.6)
    csv.rows[14]![j('bill_depth_mm')] = '5'; // row 15: out of range (min 13.1)
    csv.rows[19]![j('island')] = 'Atlantis'; // row 20: level not allowed
    csv.rows[29]![j('year')] = '2007.5'; // row 30: not an integer
    csv.rows[39]![j('species')] = ''; // row 40: missing target
    csv.rows[49]![j('tag')] = 'pg_50'; // row 50: breaks the pattern
    csv.rows[60]![j('tag')] = 'PG-60'; // row 61 repeats row 60's key
    csv.rows.splice(300); // 300 rows: still within the suggested 172 to 688 (row_count is tested below)
    faulty = await buildContext(writeCsv('penguins-faulty.csv', csv), {
      target: 'species',
      expectations: exp,
    });
    opened.push(faulty);
  });
  afterAll(() => {
    for (const c of opened) closeContext(c);
  });

  it('the data they came from meets them, through a YAML and a JSON file', async () => {
    for (const name of ['e.yaml', 'e.json']) {
      const path = join(dir, name);
      const { required, ...table } = exp.table!;
      writeExpectations(path, {
        ...exp,
        table: { ...table, required: required!.filter((r) => r !== 'weight_kg') },
      });
      const ctx = await buildContext(writeCsv('penguins-tagged.csv', tagged()), {
        target: 'species',
        expectations: parseExpectations(path),
      });
      try {
        expect(await check(ctx)).toEqual([]);
      } finally {
        closeContext(ctx);
      }
    }
  });

  it('suggests ranges and levels as pandas reads them', () => {
    expect(exp.columns!.bill_length_mm).toEqual({ type: 'numeric', min: 32.1, max: 59.6 });
    expect(exp.columns!.island).toEqual({
      type: 'categorical',
      nullable: false,
      values: ['Biscoe', 'Dream', 'Torgersen'],
    });
    expect(exp.columns!.tag!.unique).toBe(true);
    expect(exp.table!.rows).toEqual({ min: 172, max: 688 });
  });

  it('each injected fault breaks its expectation on exactly its rows', async () => {
    const fs = await check(faulty);
    const get = (id: string, column?: string) => {
      const got = fs.filter((f) => f.check === id && (column === undefined || f.columns[0] === column));
      expect(got, `${id} ${column ?? ''}`).toHaveLength(1);
      return got[0]!;
    };
    expect(fs.every((f) => f.severity === 'error')).toBe(true);
    expect(get('out_of_range', 'bill_length_mm').rows).toEqual([10]);
    expect(get('out_of_range', 'bill_depth_mm').rows).toEqual([15]);
    const island = get('not_allowed_value', 'island');
    expect(island.rows).toEqual([20]);
    expect(island.evidence!.examples).toEqual([{ value: 'Atlantis', count: 1 }]);
    expect(get('wrong_type', 'year').rows).toEqual([30]);
    expect(get('unexpected_null', 'species').rows).toEqual([40]);
    expect(get('regex_mismatch', 'tag').rows).toEqual([50]);
    expect(get('not_unique', 'tag').rows).toEqual([60, 61]);
    const missing = get('missing_column');
    expect(missing.columns).toEqual(['weight_kg']);
    // Nothing else: the other columns keep their expectations.
    expect(fs).toHaveLength(8);
  });

  it('row_count: too few and too many rows', async () => {
    const few = await findingsOf(expectationChecks.find((c) => c.id === 'row_count')!, {
      ...faulty,
      expectations: { table: { rows: { min: 400 } } },
    });
    expect(few).toHaveLength(1);
    expect(few[0]).toMatchObject({ check: 'row_count', severity: 'error', value: 300, threshold: 400 });
    const many = await findingsOf(expectationChecks.find((c) => c.id === 'row_count')!, {
      ...faulty,
      expectations: { table: { rows: { max: 299 } } },
    });
    expect(many[0]).toMatchObject({ value: 300, threshold: 299 });
  });
});

describe('reading expectations files', () => {
  const write = (name: string, text: string) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };
  const message = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      const m = (e as Error).message;
      expect(m).not.toContain('\n');
      return m;
    }
    throw new Error('no error');
  };

  it('names the file and the key at fault', () => {
    const p = write('bad-key.yaml', 'columns:\n  age: { maxx: 3 }\n');
    expect(message(() => parseExpectations(p))).toBe(
      `${p}: columns.age: unknown key 'maxx' (expected type, min, max, values, regex, nullable, unique)`,
    );
    const q = write('bad-type.json', '{"columns": {"age": {"type": "float"}}}');
    expect(message(() => parseExpectations(q))).toContain(
      `${q}: columns.age.type: expected one of numeric, integer`,
    );
    const r = write('bad-range.yaml', 'columns:\n  age: { min: 10, max: 1 }\n');
    expect(message(() => parseExpectations(r))).toContain(
      `${r}: columns.age: min (10) is greater than max (1)`,
    );
    const s = write('top.yaml', 'colums: {}\n');
    expect(message(() => parseExpectations(s))).toContain(`${s}: top level: unknown key 'colums'`);
  });

  it('rejects text that is not YAML or JSON, and a missing file', () => {
    const p = write('broken.yaml', 'columns: [a, b\n');
    expect(message(() => parseExpectations(p))).toMatch(
      new RegExp(`^${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not valid YAML or JSON`),
    );
    expect(message(() => parseExpectations(join(dir, 'nope.yaml')))).toContain('no such file');
  });
});
