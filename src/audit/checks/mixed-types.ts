/**
 * mixed_types: a column holding values of two kinds. In a numeric or boolean column, cells whose
 * text the type cannot read ("12 kg", "n.a.", "abc") are read as missing, silently, in every later
 * step: a warning listing them. A categorical column where most values are numbers and the rest are not
 * (at least `numeric_share` numbers) is info: often a number column with a few codes or typos in it.
 * Columns whose type an expectations file declares are left to wrong_type, datetime columns to
 * datetime_issues.
 *
 * defaults: numeric_share 0.5.
 */

import { cleanText } from '../../data/schema.js';
import { type Finding, finding } from '../../report/finding.js';
import type { AuditContext, Check } from '../check.js';
import {
  listed,
  type ParseFailures,
  parseFailures,
  pct,
  plural,
  rawCounts,
  rawExamples,
  rowsWhere,
  show,
} from './support.js';

interface Mixed {
  unreadable: (ParseFailures & { type: string })[];
  /** Categorical columns with their numeric and text shares. */
  partlyNumeric: {
    column: string;
    numbers: number;
    present: number;
    examples: { value: string; count: number }[];
    rows: number[];
  }[];
}

const declared = (ctx: AuditContext, name: string) => ctx.expectations?.columns?.[name]?.type !== undefined;

/** Text of a raw cell that is not a number. */
const notNumber = (col: string) =>
  `(${cleanText(col)} IS NOT NULL AND TRY_CAST(trim(${cleanText(col)}) AS DOUBLE) IS NULL)`;

async function partlyNumeric(ctx: AuditContext, minShare: number): Promise<Mixed['partlyNumeric']> {
  const cols = ctx.schema.columns.filter(
    (c) =>
      c.role !== 'ignored' && c.type === 'categorical' && c.storage === 'VARCHAR' && !declared(ctx, c.name),
  );
  const counts = await rawCounts(ctx, cols, (c) => ({
    p: `${cleanText(c.name)} IS NOT NULL`,
    t: notNumber(c.name),
  }));
  const out: Mixed['partlyNumeric'] = [];
  for (const [j, c] of cols.entries()) {
    const present = counts[j]!.p!;
    const text = counts[j]!.t!;
    // Rows and examples only for columns the condition can report (mostly numbers, some text).
    if (present === 0 || text === 0 || text === present || (present - text) / present < minShare) continue;
    const cond = notNumber(c.name);
    out.push({
      column: c.name,
      numbers: present - text,
      present,
      examples: await rawExamples(ctx, c, cond, cleanText(c.name)),
      rows: await rowsWhere(ctx, cond, undefined, ctx.table.name),
    });
  }
  return out;
}

const examples = (ex: { value: string; count: number }[]) =>
  listed(ex.map((e) => `${show(e.value)} (${e.count.toLocaleString('en-US')})`));

export const mixedTypes: Check<Mixed> = {
  id: 'mixed_types',
  description: 'Columns holding values of two kinds (numbers and text)',
  defaults: { numeric_share: 0.5 },
  async compute(ctx, t) {
    const cols = ctx.schema.columns.filter(
      (c) => c.role !== 'ignored' && c.type !== 'datetime' && !declared(ctx, c.name),
    );
    const types = new Map(cols.map((c) => [c.name, c.type]));
    const unreadable = (await parseFailures(ctx, cols)).map((f) => ({ ...f, type: types.get(f.column)! }));
    return { unreadable, partlyNumeric: await partlyNumeric(ctx, t?.numeric_share ?? 0.5) };
  },
  condition(value, t) {
    const out: Finding[] = value.unreadable.map((f) =>
      finding({
        check: 'mixed_types',
        severity: 'warning',
        columns: [f.column],
        rows: f.rows,
        count: f.count,
        value: f.count / f.present,
        threshold: null,
        message: `${f.column} is ${f.type} but ${plural(f.count, 'value')} (${pct(f.count / f.present)}) cannot be read as ${f.type} and are treated as missing: ${examples(f.examples)}`,
        fix: `Correct or remove the unreadable values at the source; if they are codes for missing, write them as empty cells.`,
        evidence: { type: f.type, unreadable: f.count, present: f.present, examples: f.examples },
      }),
    );
    for (const p of value.partlyNumeric) {
      const share = p.numbers / p.present;
      if (share < t.numeric_share!) continue;
      const text = p.present - p.numbers;
      out.push(
        finding({
          check: 'mixed_types',
          severity: 'info',
          columns: [p.column],
          rows: p.rows,
          count: text,
          value: share,
          threshold: t.numeric_share!,
          message: `${p.column} is read as categorical: ${pct(share)} of its values are numbers, the other ${plural(text, 'value')} are not: ${examples(p.examples)}`,
          fix: 'If the column is a quantity, clean the text values and declare it numeric (expectations file: type: numeric).',
          evidence: { numbers: p.numbers, present: p.present, examples: p.examples },
        }),
      );
    }
    return out;
  },
};
