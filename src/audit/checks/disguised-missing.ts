/**
 * disguised_missing: missing values that do not look missing.
 *
 * Null spellings in the raw text (NULL_TOKENS: 'NA', 'None', '?', '-', 'missing', ...). mlqa reads them as
 * missing, other tools often do not. A column using a spelling other than an empty cell, NA, NaN or null,
 * or several spellings at once (data merged from sources with different conventions), is a warning.
 *
 * Numeric placeholders in a numeric feature or target, judged against the column's other values (those
 * that are not -1 or all nines; zeros included):
 *  - a negative placeholder (-1, -9, -99, -999, ...) in a column otherwise never negative;
 *  - nines beyond every other value: 99, 999, ..., 99999999 (or their negatives) past the far-out fence of
 *    the other values (Q3 + k IQR, k = `iqr_factor`), or any nines (9 too) forming a frequency spike: at
 *    least `spike_min_count` rows and `spike_ratio` times as many as the nearest other value (age 99 for
 *    "unknown" above a last real age of 90);
 *  - 0 in a column otherwise strictly positive, in at least `spike_min_count` and at most `zero_max_share`
 *    of the rows (a large mass of zeros is structural, see many_zeros), with at least `zero_min_distinct`
 *    positive values (not a small count or scale), below the Tukey fence of the positive values
 *    (Q1 - `zero_iqr_factor` IQR): blood pressure 0, lot frontage 0. Only info, as a 0 may also mean "none".
 *
 * defaults: iqr_factor 3, spike_min_count 3, spike_ratio 5, zero_iqr_factor 1.5, zero_max_share 0.2,
 * zero_min_distinct 20. Severity: warning (statistics and models read placeholders as real magnitudes),
 * info when the only placeholder is 0.
 */
import { ident, literal } from '../../data/db.js';
import { NULL_TOKENS } from '../../data/schema.js';
import { type Finding, finding, MAX_ROWS_LISTED } from '../../report/finding.js';
import type { AuditContext, Check, Thresholds } from '../check.js';
import {
  countedQuantiles,
  countWhereCounted,
  listed,
  modelColumns,
  type NumericCounts,
  num,
  numericCounts,
  once,
  pct,
  plural,
  profiles,
  rawCounts,
  rawExamples,
  rowsWhere,
} from './support.js';

export const DISGUISED_DEFAULTS: Thresholds = {
  iqr_factor: 3,
  spike_min_count: 3,
  spike_ratio: 5,
  zero_iqr_factor: 1.5,
  zero_max_share: 0.2,
  zero_min_distinct: 20,
};

/** Spellings of missing that every tool reads as missing (compared trimmed and lower-cased). */
const CONVENTIONAL = new Set(['', 'na', 'nan', 'null']);

export interface Spelling {
  /** The trimmed raw text ('' for an empty cell). */
  value: string;
  count: number;
}

export interface NullSpellings {
  column: string;
  spellings: Spelling[];
  /** Spellings to rewrite: all but the most frequent conventional one. */
  rewrite: string[];
  count: number;
  rows: number[];
}

export interface Placeholder {
  value: number;
  count: number;
  reason: string;
  rows: number[];
}

export interface PlaceholderColumn {
  column: string;
  present: number;
  /** Smallest and largest value that is not placeholder-shaped. */
  lo: number;
  hi: number;
  q1: number;
  q3: number;
  placeholders: Placeholder[];
}

export interface Disguised {
  /** Rows in the table. */
  rows: number;
  spellings: NullSpellings[];
  placeholders: PlaceholderColumn[];
}

/** All-nines magnitudes 9 to 999,999,999,999,999 (every one exact in a DOUBLE). */
const NINES = Array.from({ length: 15 }, (_, k) => `${'9'.repeat(k + 1)}.0`).join(', ');

/**
 * SQL: the value has a placeholder's shape other than 0: -1, or all nines with an optional minus sign.
 * A plain comparison with constants: nothing is cast, so infinite or huge values cannot fail it.
 */
const odd = (x: string) => `(${x} = -1 OR abs(${x}) IN (${NINES}))`;

const NINE_SET = new Set(Array.from({ length: 15 }, (_, k) => Number('9'.repeat(k + 1))));

/** The placeholder shape of `odd`, for a value in memory. */
const isOdd = (v: number) => v === -1 || NINE_SET.has(Math.abs(v));

/** SQL: a finite value (not infinite, not NaN): only finite values enter the statistics. */
export const finite = (x: string) => `isfinite(${x})`;

/** SQL: a finite value without a placeholder's shape (the "other" values placeholders are judged against). */
const other = (x: string) => `(${finite(x)} AND NOT ${odd(x)})`;

const tokenList = `(${NULL_TOKENS.map(literal).join(', ')})`;

/** Null spellings per text-stored column, from the raw table (cached per audit). */
export function nullSpellings(ctx: AuditContext): Promise<NullSpellings[]> {
  return once(ctx, 'null-spellings', () => findNullSpellings(ctx));
}

/**
 * True when every missing cell of a column is written one way, and that way is not a conventional one
 * ("None", "?", "missing"): whether they are missing at all is then the question (disguised_missing's).
 */
export function onlyUnusualSpelling(s: NullSpellings, missing: number): boolean {
  return (
    s.spellings.length === 1 && !CONVENTIONAL.has(s.spellings[0]!.value.toLowerCase()) && s.count === missing
  );
}

async function findNullSpellings(ctx: AuditContext): Promise<NullSpellings[]> {
  const out: NullSpellings[] = [];
  // A null spelling is missing in the typed view: columns with no missing value there have none.
  const prof = await profiles(ctx);
  const text = ctx.schema.columns.filter(
    (c) => c.role !== 'ignored' && c.storage === 'VARCHAR' && (prof.get(c.name)?.nulls ?? 1) > 0,
  );
  if (text.length === 0) return out;
  // One scan counts the null-like cells of every column; only columns with some are grouped by spelling.
  const isNull = (x: string) => `(${x} IS NULL OR lower(trim(${x})) IN ${tokenList})`;
  const counts = await rawCounts(ctx, text, (c) => ({ n: isNull(ident(c.name)) }));
  const cols = text.filter((_, j) => counts[j]!.n! > 0);
  for (const c of cols) {
    const x = ident(c.name);
    const spellings = await rawExamples(ctx, c, isNull(x), `coalesce(trim(${x}), '')`, 1000);
    if (spellings.length === 0) continue;
    const unusual = spellings.some((s) => !CONVENTIONAL.has(s.value.toLowerCase()));
    if (!unusual && spellings.length < 2) continue;
    const kept = spellings.find((s) => CONVENTIONAL.has(s.value.toLowerCase()));
    const rewrite = spellings.filter((s) => s !== kept).map((s) => s.value);
    const conds = rewrite.map((v) =>
      v === '' ? `coalesce(trim(${x}), '') = ''` : `trim(${x}) = ${literal(v)}`,
    );
    out.push({
      column: c.name,
      spellings,
      rewrite,
      count: spellings.filter((s) => s !== kept).reduce((a, s) => a + s.count, 0),
      rows: await rowsWhere(ctx, `(${conds.join(' OR ')})`, MAX_ROWS_LISTED, ctx.table.name),
    });
  }
  return out;
}

export interface Scan {
  column: string;
  present: number;
  /** Range, quartiles and extreme counts of the values that are not -1 or nines ("the others", zeros included). */
  lo: number;
  hi: number;
  q1: number;
  q3: number;
  nLo: number;
  nHi: number;
  /** Smallest value, quartiles and distinct count of the positive others (for judging a 0). */
  positive: { lo: number; q1: number; q3: number; distinct: number } | null;
  /** Placeholder-shaped values (0, -1, nines) with their counts. */
  shaped: { value: number; count: number }[];
}

/**
 * Numeric model columns holding placeholder-shaped values that could pass the thresholds, with the
 * statistics of their other values (cached per audit and thresholds). Two scans over the columns at once:
 * counts of shaped values and the range of the others, then quartiles only where a candidate needs them.
 */
export function placeholderScan(ctx: AuditContext, t: Thresholds = DISGUISED_DEFAULTS): Promise<Scan[]> {
  return once(ctx, `placeholder-scan:${JSON.stringify(t)}`, async () => {
    const prof = await profiles(ctx);
    const cols = modelColumns(ctx).filter((c) => c.type === 'numeric' || c.type === 'integer');
    if (cols.length === 0) return [];
    const from = ident(ctx.view);
    // Columns with few distinct values are judged from their value counts; the others in two SQL scans.
    const counted = new Map<string, NumericCounts>();
    for (const c of cols) {
      const k = await numericCounts(ctx, c.name);
      if (k) counted.set(c.name, k);
    }
    const scanned = cols.filter((c) => !counted.has(c.name));
    const first = new Map<string, { h: Scan['shaped']; lo: number | null; hi: number | null; p: number }>();
    for (const [name, k] of counted) {
      const { values: v, counts: n } = k;
      const h: Scan['shaped'] = [];
      let lo: number | null = null;
      let hi: number | null = null;
      let p = 0;
      for (let i = 0; i < v.length; i++) {
        const x = v[i]!;
        if (x === 0 || isOdd(x)) h.push({ value: x, count: n[i]! });
        if (!Number.isFinite(x)) continue;
        p += n[i]!;
        if (isOdd(x)) continue;
        lo ??= x;
        hi = x;
      }
      first.set(name, { h, lo, hi, p });
    }
    if (scanned.length > 0) {
      const sel = scanned.map((c, j) => {
        const x = ident(c.name);
        return `map_entries(histogram(${x}) FILTER (WHERE ${x} = 0 OR ${odd(x)})) AS h${j}, min(${x}) FILTER (WHERE ${other(x)}) AS lo${j}, max(${x}) FILTER (WHERE ${other(x)}) AS hi${j}, count(${x}) FILTER (WHERE ${finite(x)}) AS p${j}`;
      });
      const r = (await ctx.table.db.one(`SELECT ${sel.join(', ')} FROM ${from}`))!;
      for (const [j, c] of scanned.entries()) {
        const h = (r[`h${j}`] as { key: unknown; value: unknown }[] | null) ?? [];
        first.set(c.name, {
          h: h.map((e) => ({ value: Number(e.key), count: Number(e.value) })),
          lo: r[`lo${j}`] === null ? null : Number(r[`lo${j}`]),
          hi: r[`hi${j}`] === null ? null : Number(r[`hi${j}`]),
          p: Number(r[`p${j}`]),
        });
      }
    }
    type Found = {
      name: string;
      present: number;
      lo: number;
      hi: number;
      distinct: number;
      shaped: Scan['shaped'];
      others: boolean;
      zero: boolean;
    };
    const found: Found[] = [];
    for (const c of cols) {
      const f = first.get(c.name)!;
      if (f.h.length === 0 || f.lo === null || f.hi === null) continue;
      const present = f.p;
      const lo = f.lo;
      const hi = f.hi;
      const shaped = [...f.h].sort((a, b) => a.value - b.value);
      // Only candidates beyond the other values can be placeholders; a 0 only in a column otherwise positive.
      const others = shaped.some(
        (v) => v.value !== 0 && (v.value > hi || v.value < lo || (v.value < 0 && lo >= 0)),
      );
      const z = shaped.find((v) => v.value === 0);
      const zero =
        z !== undefined &&
        lo >= 0 &&
        hi > 0 &&
        z.count >= t.spike_min_count! &&
        z.count / present <= t.zero_max_share!;
      if (!others && !zero) continue;
      const distinct = (prof.get(c.name)?.distinct ?? 0) - shaped.length;
      found.push({ name: c.name, present, lo, hi, distinct, shaped, others, zero });
    }
    if (found.length === 0) return [];
    // Quartiles of the other values, so that frequent placeholders do not move their own fence.
    const second = new Map<
      string,
      { q: number[] | null; nlo: number; nhi: number; pq: number[] | null; plo: number }
    >();
    for (const s of found) {
      const k = counted.get(s.name);
      if (!k) continue;
      const v = k.values;
      const otherAt = (i: number) => Number.isFinite(v[i]!) && !isOdd(v[i]!);
      const posAt = (i: number) => v[i]! > 0 && otherAt(i);
      let plo = Number.NaN;
      for (let i = 0; i < v.length; i++)
        if (posAt(i)) {
          plo = v[i]!;
          break;
        }
      second.set(s.name, {
        q: s.others ? countedQuantiles(k, [0.25, 0.75], otherAt) : null,
        nlo: countWhereCounted(k, (i) => v[i] === s.lo),
        nhi: countWhereCounted(k, (i) => v[i] === s.hi),
        pq: s.zero ? countedQuantiles(k, [0.25, 0.75], posAt) : null,
        plo,
      });
    }
    const inSql = found.filter((s) => !counted.has(s.name));
    const parts = inSql.flatMap((s, j) => {
      const x = ident(s.name);
      const out: string[] = [];
      if (s.others) {
        out.push(
          `quantile_cont(${x}, [0.25, 0.75]) FILTER (WHERE ${other(x)}) AS q${j}`,
          `count(*) FILTER (WHERE ${x} = ${num(s.lo)}) AS nlo${j}`,
          `count(*) FILTER (WHERE ${x} = ${num(s.hi)}) AS nhi${j}`,
        );
      }
      if (s.zero) {
        const pos = `${x} > 0 AND ${other(x)}`;
        out.push(
          `quantile_cont(${x}, [0.25, 0.75]) FILTER (WHERE ${pos}) AS pq${j}`,
          `min(${x}) FILTER (WHERE ${pos}) AS plo${j}`,
        );
      }
      return out;
    });
    if (parts.length > 0) {
      const qs = (await ctx.table.db.one(`SELECT ${parts.join(', ')} FROM ${from}`))!;
      for (const [j, s] of inSql.entries()) {
        const q = qs[`q${j}`] as unknown[] | null | undefined;
        const pq = qs[`pq${j}`] as unknown[] | null | undefined;
        second.set(s.name, {
          q: q ? q.map(Number) : null,
          nlo: Number(qs[`nlo${j}`] ?? 0),
          nhi: Number(qs[`nhi${j}`] ?? 0),
          pq: pq ? pq.map(Number) : null,
          plo: Number(qs[`plo${j}`]),
        });
      }
    }
    return found.map((s) => {
      const r = second.get(s.name)!;
      const q = s.others && r.q ? r.q : [Number.NaN, Number.NaN];
      const pq = s.zero ? r.pq : null;
      return {
        column: s.name,
        present: s.present,
        lo: s.lo,
        hi: s.hi,
        q1: q[0]!,
        q3: q[1]!,
        nLo: s.others ? r.nlo : 0,
        nHi: s.others ? r.nhi : 0,
        positive: pq ? { lo: r.plo, q1: pq[0]!, q3: pq[1]!, distinct: s.distinct } : null,
        shaped: s.shaped,
      };
    });
  });
}

/** The placeholder-shaped values of a scanned column that the thresholds take for placeholders. */
export function judgePlaceholders(
  s: Scan,
  t: Thresholds,
): { value: number; count: number; reason: string }[] {
  const iqr = s.q3 - s.q1;
  const spread = iqr > 0 ? iqr : s.hi - s.lo;
  // (NaN quartiles when no candidate other than 0 lies beyond the other values: every comparison is false.)
  const spike = (n: number, near: number) => n >= t.spike_min_count! && n >= t.spike_ratio! * near;
  const out: { value: number; count: number; reason: string }[] = [];
  for (const { value: v, count: n } of s.shaped) {
    let reason: string | null = null;
    if (v === 0) {
      const p = s.positive;
      const piqr = p ? p.q3 - p.q1 : 0;
      if (
        p &&
        s.lo >= 0 &&
        piqr > 0 &&
        n >= t.spike_min_count! &&
        n / s.present <= t.zero_max_share! &&
        p.distinct >= t.zero_min_distinct! &&
        0 <= p.q1 - t.zero_iqr_factor! * piqr
      ) {
        reason = 'zero in a column otherwise positive, far below its other values';
      }
    } else if (v < 0 && s.lo >= 0) {
      reason = 'negative in a column otherwise never negative';
    } else if (
      v < 0 &&
      v < s.lo &&
      ((Math.abs(v) >= 99 && spread > 0 && v <= s.q1 - t.iqr_factor! * spread) || spike(n, s.nLo))
    ) {
      reason = 'below every other value';
    } else if (
      v > 0 &&
      v > s.hi &&
      ((v >= 99 && spread > 0 && v >= s.q3 + t.iqr_factor! * spread) || spike(n, s.nHi))
    ) {
      reason = 'above every other value';
    }
    if (reason) out.push({ value: v, count: n, reason });
  }
  return out.sort((a, b) => b.count - a.count || a.value - b.value);
}

/** Placeholder values found at thresholds `t`, per column, with their rows. */
export async function placeholders(ctx: AuditContext, t: Thresholds): Promise<PlaceholderColumn[]> {
  const out: PlaceholderColumn[] = [];
  for (const s of await placeholderScan(ctx, t)) {
    const found = judgePlaceholders(s, t);
    if (found.length === 0) continue;
    const x = ident(s.column);
    const list: Placeholder[] = [];
    for (const f of found) list.push({ ...f, rows: await rowsWhere(ctx, `${x} = ${num(f.value)}`) });
    const zerosOnly = found.every((f) => f.value === 0);
    const lo = zerosOnly && s.positive ? s.positive.lo : s.lo;
    const [q1, q3] = zerosOnly && s.positive ? [s.positive.q1, s.positive.q3] : [s.q1, s.q3];
    out.push({ column: s.column, present: s.present, lo, hi: s.hi, q1, q3, placeholders: list });
  }
  return out;
}

const quoted = (v: string) => (v === '' ? '(empty)' : JSON.stringify(v));

export const disguisedMissing: Check<Disguised> = {
  id: 'disguised_missing',
  description:
    'Missing values in disguise: null spellings in the text, placeholder numbers (-1, 999, 99999999, implausible 0)',
  defaults: DISGUISED_DEFAULTS,
  async compute(ctx, t = DISGUISED_DEFAULTS) {
    return {
      rows: ctx.table.rowCount,
      spellings: await nullSpellings(ctx),
      placeholders: await placeholders(ctx, { ...DISGUISED_DEFAULTS, ...t }),
    };
  },
  condition(value, t) {
    const out: Finding[] = [];
    for (const s of value.spellings) {
      const shown = s.spellings.map((x) => `${quoted(x.value)} (${x.count.toLocaleString('en-US')})`);
      const several = s.spellings.length > 1;
      const total = s.spellings.reduce((a, x) => a + x.count, 0);
      out.push(
        finding({
          check: 'disguised_missing',
          severity: 'warning',
          columns: [s.column],
          rows: s.rows,
          count: s.count,
          value: several ? s.spellings.length : s.spellings[0]!.value,
          threshold: null,
          message: several
            ? `${s.column} spells missing ${s.spellings.length} ways: ${listed(shown)}`
            : `${s.column} has ${plural(total, 'cell')} (${pct(total / value.rows)}) spelled ${quoted(s.spellings[0]!.value)}, read as missing: a category of its own, or missing?`,
          fix: `Write missing values one way (an empty cell) at the source; if ${listed(s.rewrite.map(quoted), 3)} is a real category here, rename it so it is not read as missing.`,
          evidence: { spellings: s.spellings, rewrite: s.rewrite },
        }),
      );
    }
    for (const c of value.placeholders) {
      const count = c.placeholders.reduce((a, p) => a + p.count, 0);
      const rows = c.placeholders.flatMap((p) => p.rows).sort((a, b) => a - b);
      const one = c.placeholders.length === 1;
      const zerosOnly = c.placeholders.every((p) => p.value === 0);
      out.push(
        finding({
          check: 'disguised_missing',
          severity: zerosOnly ? 'info' : 'warning',
          columns: [c.column],
          rows,
          count,
          value: count / c.present,
          threshold: t.iqr_factor!,
          message: `${c.column} holds ${listed(c.placeholders.map((p) => `${p.value} (${plural(p.count, 'row')})`))} apart from its other values (${c.lo} to ${c.hi}): ${one ? 'a placeholder' : 'placeholders'} for missing? (${pct(count / c.present)} of values)`,
          fix: `Replace ${listed(c.placeholders.map((p) => String(p.value)))} with missing (mlqa clean), then impute: models and statistics read ${one ? 'it' : 'them'} as a real magnitude.`,
          evidence: {
            placeholders: c.placeholders.map((p) => ({
              value: p.value,
              count: p.count,
              reason: p.reason,
              firstRows: p.rows.slice(0, 5),
            })),
            others: { min: c.lo, max: c.hi, q1: c.q1, q3: c.q3 },
          },
        }),
      );
    }
    return out;
  },
};
