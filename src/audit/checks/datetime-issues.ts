/**
 * datetime_issues: problems in datetime columns and in the declared time column (--time), over every row:
 *  - unreadable dates: text in a datetime column that is not a date ("2021-13-45", "yesterday"); they are
 *    read as missing (warning);
 *  - implausibly old dates: before `min_year` (1900-01-01 UTC), often a placeholder such as 1800-01-01 or a
 *    two-digit year gone wrong (warning);
 *  - future dates: after the time of the audit plus `future_days` (warning);
 *  - a declared time column out of order: rows earlier than the row before them in file order (a
 *    time-based split sorts, but a few rows out of place usually mean a merge or entry error). Warning when
 *    at most `unordered_share` of the rows step back, info above (the file is simply not sorted by time).
 *
 * defaults: min_year 1900, future_days 1, unordered_share 0.05.
 */
import { ident } from '../../data/db.js';
import { ROW } from '../../data/load.js';
import type { ColumnSchema } from '../../data/schema.js';
import { isoTime } from '../../profile/format.js';
import { type Finding, finding, type Severity } from '../../report/finding.js';
import type { AuditContext, Check, Thresholds } from '../check.js';
import { listed, num, type ParseFailures, parseFailures, pct, plural, rowsWhere, show } from './support.js';

interface Range {
  column: string;
  kind: 'old' | 'future';
  bound: number;
  count: number;
  present: number;
  examples: { row: number; value: number }[];
  rows: number[];
}

interface Unordered {
  column: string;
  count: number;
  steps: number;
  datetime: boolean;
  examples: { row: number; value: number; previous: number }[];
  rows: number[];
}

interface DatetimeIssues {
  unreadable: ParseFailures[];
  ranges: Range[];
  unordered: Unordered | null;
  now: number;
}

const DAY = 86_400_000;

async function ranges(ctx: AuditContext, cols: ColumnSchema[], t: Thresholds, now: number): Promise<Range[]> {
  const out: Range[] = [];
  const old = Date.UTC(t.min_year!, 0, 1);
  const future = now + t.future_days! * DAY;
  for (const c of cols) {
    const x = ident(c.name);
    for (const [kind, bound, cond] of [
      ['old', old, `${x} < ${num(old)}`],
      ['future', future, `${x} > ${num(future)}`],
    ] as const) {
      const r = (await ctx.table.db.one(
        `SELECT count(*) FILTER (WHERE ${cond}) AS n, count(${x}) AS p FROM ${ident(ctx.view)}`,
      ))!;
      const count = Number(r.n);
      if (count === 0) continue;
      const ex = await ctx.table.db.rows(
        `SELECT ${ROW} AS r, ${x} AS v FROM ${ident(ctx.view)} WHERE ${cond} ORDER BY ${x} ${kind === 'old' ? 'ASC' : 'DESC'}, ${ROW} LIMIT 5`,
      );
      out.push({
        column: c.name,
        kind,
        bound,
        count,
        present: Number(r.p),
        examples: ex.map((e) => ({ row: Number(e.r), value: Number(e.v) })),
        rows: await rowsWhere(ctx, cond),
      });
    }
  }
  return out;
}

async function unordered(ctx: AuditContext, c: ColumnSchema): Promise<Unordered | null> {
  const x = ident(c.name);
  const steps = `(SELECT ${ROW}, ${x} AS v, lag(${x}) OVER (ORDER BY ${ROW}) AS prev FROM ${ident(ctx.view)} WHERE ${x} IS NOT NULL)`;
  const r = (await ctx.table.db.one(
    `SELECT count(*) FILTER (WHERE v < prev) AS n, count(prev) AS s FROM ${steps}`,
  ))!;
  const count = Number(r.n);
  if (count === 0) return null;
  const ex = await ctx.table.db.rows(
    `SELECT ${ROW} AS r, v, prev FROM ${steps} WHERE v < prev ORDER BY ${ROW} LIMIT 5`,
  );
  const rows = await ctx.table.db.columns(
    `SELECT ${ROW} FROM ${steps} WHERE v < prev ORDER BY ${ROW} LIMIT 1000`,
  );
  return {
    column: c.name,
    count,
    steps: Number(r.s),
    datetime: c.type === 'datetime',
    examples: ex.map((e) => ({ row: Number(e.r), value: Number(e.v), previous: Number(e.prev) })),
    rows: (rows.values[0] ?? []).map(Number),
  };
}

export const datetimeIssues: Check<DatetimeIssues> = {
  id: 'datetime_issues',
  description: 'Unreadable, implausibly old or future dates, and a time column out of order',
  defaults: { min_year: 1900, future_days: 1, unordered_share: 0.05 },
  async compute(ctx, t) {
    const th = { min_year: 1900, future_days: 1, ...t };
    const now = Date.now();
    const cols = ctx.schema.columns.filter((c) => c.type === 'datetime' && c.role !== 'ignored');
    const time = ctx.schema.columns.find((c) => c.role === 'time');
    return {
      unreadable: await parseFailures(ctx, cols),
      ranges: await ranges(ctx, cols, th, now),
      unordered:
        time && time.type !== 'categorical' && time.type !== 'text' ? await unordered(ctx, time) : null,
      now,
    };
  },
  condition(value, t) {
    const out: Finding[] = [];
    for (const f of value.unreadable) {
      out.push(
        finding({
          check: 'datetime_issues',
          severity: 'warning',
          columns: [f.column],
          rows: f.rows,
          count: f.count,
          value: f.count / f.present,
          threshold: null,
          message: `${f.column} has ${plural(f.count, 'value')} (${pct(f.count / f.present)}) that are not dates and are read as missing: ${listed(f.examples.map((e) => `${show(e.value)} (${e.count})`))}`,
          fix: 'Correct the values at the source (ISO 8601, e.g. 2024-03-31 or 2024-03-31T12:00:00), or set them to missing.',
          evidence: { kind: 'unreadable', unreadable: f.count, present: f.present, examples: f.examples },
        }),
      );
    }
    for (const r of value.ranges) {
      const old = r.kind === 'old';
      const shown = r.examples.map((e) => `${isoTime(e.value)} (row ${e.row})`);
      out.push(
        finding({
          check: 'datetime_issues',
          severity: 'warning',
          columns: [r.column],
          rows: r.rows,
          count: r.count,
          value: r.count / r.present,
          threshold: isoTime(r.bound),
          message: old
            ? `${r.column} has ${plural(r.count, 'date')} before ${isoTime(r.bound)}: ${listed(shown, 3)}`
            : `${r.column} has ${plural(r.count, 'date')} in the future (after ${isoTime(r.bound)}): ${listed(shown, 3)}`,
          fix: old
            ? 'Check for placeholder dates (1800-01-01, 1900-01-01) or wrong centuries; set placeholders to missing (mlqa clean).'
            : 'Check for typing errors in the year or swapped day and month; future dates cannot have been observed.',
          evidence: { kind: r.kind, bound: r.bound, examples: r.examples },
        }),
      );
    }
    const u = value.unordered;
    if (u) {
      const share = u.count / Math.max(1, u.steps);
      const severity: Severity = share <= t.unordered_share! ? 'warning' : 'info';
      const fmt = (v: number) => (u.datetime ? isoTime(v) : String(v));
      out.push(
        finding({
          check: 'datetime_issues',
          severity,
          columns: [u.column],
          rows: u.rows,
          count: u.count,
          value: share,
          threshold: t.unordered_share!,
          message: `time column ${u.column} goes back in ${plural(u.count, 'row')} (${pct(share)}), e.g. row ${u.examples[0]!.row}: ${fmt(u.examples[0]!.value)} after ${fmt(u.examples[0]!.previous)}`,
          fix:
            severity === 'warning'
              ? 'Check the listed rows for wrong timestamps or rows appended out of place.'
              : 'The file is not sorted by time: sort it, or rely on time-ordered splits (they sort by the time column).',
          evidence: { kind: 'unordered', steps: u.steps, examples: u.examples },
        }),
      );
    }
    return out;
  },
};
