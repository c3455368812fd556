/**
 * The audit's typed relation: text cells are cleaned and trimmed only where that changes a value (null
 * spellings; padding with a no-break space, which casts do not skip), a materialized copy is made only when
 * typing means parsing text, and the values read are the same either way.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAudit } from '../src/audit/run.js';
import { column } from '../src/data/frame.js';
import { loadTable } from '../src/data/load.js';
import { inferSchema, typedExpr, typedIsCheap } from '../src/data/schema.js';

const dir = mkdtempSync(join(tmpdir(), 'mlqa-typed-'));
const NBSP = '\u00a0';

function csv(name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

describe('typed values of text columns', () => {
  const rows = [
    'padded,plain,when,city,code',
    ` 12,1,2001-01-01 00:01:00 ,Oslo,a`,
    `${NBSP}13,2,2001-01-02 00:00:00,Rome,NA`,
    `14 ,3, 2001-01-03 00:00:00,Oslo,b`,
    `15,4,2001-01-04 00:00:00,Rome,c`,
  ];

  it('trims before casting only where a value needs it, and cleans only columns holding a null spelling', async () => {
    const table = await loadTable(csv('t.csv', rows));
    try {
      const schema = await inferSchema(table);
      const by = Object.fromEntries(schema.columns.map((c) => [c.name, c]));
      expect(by.padded!.type).toBe('integer');
      expect(by.padded!.trimMatters).toBe(true);
      expect(typedExpr(by.padded!)).toContain('trim(');
      expect(by.plain!.trimMatters).toBe(false);
      expect(typedExpr(by.plain!)).not.toContain('trim(');
      // ASCII spaces around a timestamp are skipped by the cast itself.
      expect(by.when!.type).toBe('datetime');
      expect(by.when!.trimMatters).toBe(false);
      expect(by.city!.nullSpellings).toBe(0);
      expect(typedExpr(by.city!)).toBe('"city"');
      expect(typedIsCheap(by.city!)).toBe(true);
      expect(by.code!.nullSpellings).toBe(1);
      expect(by.code!.missing).toBe(1);
      expect(typedIsCheap(by.code!)).toBe(false);
      expect(typedIsCheap(by.plain!)).toBe(false);
    } finally {
      table.db.close();
    }
  });

  it('reads the same typed values as the trimmed, cleaned expressions', async () => {
    const run = await runAudit(csv('t2.csv', rows));
    try {
      const f = run.context.frame;
      const num = (n: string) => Array.from((column(f, n) as { values: Float64Array }).values);
      expect(num('padded')).toEqual([12, 13, 14, 15]);
      expect(num('plain')).toEqual([1, 2, 3, 4]);
      expect(num('when')).toEqual([
        Date.UTC(2001, 0, 1, 0, 1),
        Date.UTC(2001, 0, 2),
        Date.UTC(2001, 0, 3),
        Date.UTC(2001, 0, 4),
      ]);
      const code = column(f, 'code') as { codes: Int32Array; dictionary: string[] };
      expect(Array.from(code.codes, (k) => (k < 0 ? null : code.dictionary[k]))).toEqual([
        'a',
        null,
        'b',
        'c',
      ]);
    } finally {
      run.close();
    }
  });

  it('reads typed Parquet columns through a view, with the values a copy would hold', async () => {
    const path = join(
      import.meta.dirname,
      '..',
      'node_modules',
      'vega-datasets',
      'data',
      'flights-200k.arrow',
    );
    const run = await runAudit(path, { sample: 1000 });
    try {
      expect(run.context.schema.columns.every(typedIsCheap)).toBe(true);
      expect(run.context.view).toBe(`${run.context.table.name}_typed`);
      const db = run.context.table.db;
      const v = run.context.view;
      await db.run(`CREATE TABLE copy AS SELECT * FROM "${v}"`);
      const diff = await db.one(
        `SELECT count(*) AS n FROM (SELECT * FROM "${v}" EXCEPT ALL SELECT * FROM copy)`,
      );
      expect(Number(diff!.n)).toBe(0);
    } finally {
      run.close();
    }
  });
});
