/**
 * fix_types: numbers stored as text ("1,234", "$12.50", "45%", " 7 ") become numbers, and date text
 * becomes datetimes (epoch milliseconds, UTC). Values that cannot be read become missing and are logged.
 */
import type { CategoricalColumn, Column } from '../../data/frame.js';
import { InputError } from '../../errors.js';
import { featureNames, isObject, knownKeys, needColumn, optNumber, rebuild } from '../frame-ops.js';
import { logRowList, plural, RowList } from '../log.js';
import type { Params, StepDef } from '../types.js';

const NAME = 'fix_types';
const TARGETS = ['number', 'datetime'] as const;
type To = (typeof TARGETS)[number];

export interface TypeFix extends Params {
  column: string;
  to: To;
}

export interface FixTypesParams extends Params {
  columns: TypeFix[];
}

const NUMBER = /^([-+])?\s*[$€£¥]?\s*(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?\s*%?$/;
const NEGATIVE_PARENS = /^\(([^()]+)\)$/;

/** A number written as text with currency signs, thousands separators, a percent sign or spaces; NaN if it is not one. */
export function parseNumberText(s: string): number {
  let t = s.trim();
  let sign = 1;
  const paren = NEGATIVE_PARENS.exec(t);
  if (paren) {
    t = paren[1]!.trim();
    sign = -1;
  }
  const m = NUMBER.exec(t);
  if (!m || (m[2] === undefined && m[4] === undefined)) {
    const x = t.length > 0 ? Number(t) : Number.NaN;
    return Number.isFinite(x) ? sign * x : Number.NaN;
  }
  const digits = `${m[2] ?? '0'}`.replaceAll(',', '') + (m[4] ?? '');
  return sign * (m[1] === '-' ? -1 : 1) * Number(digits);
}

const DATE =
  /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;

/** An ISO-like date or timestamp (YYYY-MM-DD or YYYY/MM/DD, optional time and zone) as epoch ms UTC; NaN otherwise. */
export function parseDateText(s: string): number {
  const m = DATE.exec(s.trim());
  if (!m) return Number.NaN;
  const [y, mo, d, h = '0', mi = '0', sec = '0', frac = ''] = m.slice(1) as string[];
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31) return Number.NaN;
  let ms = Date.UTC(
    Number(y),
    month - 1,
    day,
    Number(h),
    Number(mi),
    Number(sec),
    frac ? Math.round(Number(frac) * 1000) : 0,
  );
  if (new Date(ms).getUTCDate() !== day) return Number.NaN;
  const zone = m[8];
  if (zone && zone !== 'Z') {
    const z = /([+-])(\d{2}):?(\d{2})/.exec(zone)!;
    ms -= (z[1] === '-' ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3])) * 60000;
  }
  return ms;
}

const parser = (to: To) => (to === 'number' ? parseNumberText : parseDateText);

/** Share of a text column's present cells that read as the type (0 when none is present). */
function readShare(c: CategoricalColumn, to: To): number {
  const parse = parser(to);
  const counts = new Float64Array(c.dictionary.length);
  let present = 0;
  for (let i = 0; i < c.codes.length; i++) {
    if (c.codes[i]! >= 0) {
      counts[c.codes[i]!]!++;
      present++;
    }
  }
  let ok = 0;
  for (let k = 0; k < c.dictionary.length; k++)
    if (counts[k]! > 0 && !Number.isNaN(parse(c.dictionary[k]!))) ok += counts[k]!;
  return present === 0 ? 0 : ok / present;
}

export const fixTypes: StepDef<FixTypesParams> = {
  name: NAME,
  description: 'Read numbers stored as text as numbers and date text as datetimes.',
  atPredict: 'applies (a column that already arrives as numbers is left as is)',
  fit(frame, options, ctx) {
    knownKeys(options, ['columns', 'min_share'], NAME);
    const columns: TypeFix[] = [];
    // With a list, `min_share` (when given) still guards each column: one whose values mostly do not read
    // as the type is kept as text (converting it would turn most of it into missing values).
    const guard = options.min_share !== undefined ? optNumber(options, 'min_share', NAME, 0.9, 0, 1) : 0;
    if (options.columns !== undefined) {
      if (!isObject(options.columns))
        throw new InputError(`${NAME}: 'columns' must map column names to "number" or "datetime"`);
      for (const [name, to] of Object.entries(options.columns)) {
        const c = needColumn(frame, name, NAME);
        if (!TARGETS.includes(to as To))
          throw new InputError(
            `${NAME}: '${name}' must be fixed to "number" or "datetime", got ${JSON.stringify(to)}`,
          );
        if (c.kind === 'numeric') throw new InputError(`${NAME}: column '${name}' is already numeric`);
        if (guard > 0 && readShare(c, to as To) < guard) continue;
        columns.push({ column: name, to: to as To });
      }
      return { columns };
    }
    // Without a list: every text column whose values mostly read as numbers (or dates).
    const minShare = optNumber(options, 'min_share', NAME, 0.9, 0, 1);
    for (const name of featureNames(frame, ctx.target, 'categorical')) {
      const c = needColumn(frame, name, NAME);
      if (c.kind !== 'categorical') continue;
      for (const to of TARGETS) {
        if (readShare(c, to) >= minShare) {
          columns.push({ column: name, to });
          break;
        }
      }
    }
    return { columns };
  },
  check(p) {
    if (
      !Array.isArray(p.columns) ||
      p.columns.some((s) => !isObject(s) || typeof s.column !== 'string' || !TARGETS.includes(s.to as To))
    ) {
      throw new InputError(`${NAME}: params 'columns' must be a list of {column, to: number|datetime}`);
    }
    return { columns: (p.columns as Params[]).map((s) => ({ column: s.column as string, to: s.to as To })) };
  },
  transform(frame, p, { log }) {
    const replace = new Map<string, Column[]>();
    for (const fix of p.columns) {
      const c = needColumn(frame, fix.column, NAME);
      if (c.kind === 'numeric') continue;
      const parse = parser(fix.to);
      const byCode = Float64Array.from(c.dictionary, (s) => parse(s));
      const v = new Float64Array(c.codes.length);
      const converted = new RowList();
      const bad = new RowList();
      for (let i = 0; i < v.length; i++) {
        const k = c.codes[i]!;
        v[i] = k < 0 ? Number.NaN : byCode[k]!;
        if (k >= 0) (Number.isNaN(v[i]!) ? bad : converted).add(frame.rowNumbers[i]!);
      }
      replace.set(c.name, [{ kind: 'numeric', name: c.name, values: v }]);
      logRowList(log, c.name, 'converted', converted);
      logRowList(log, c.name, 'unparseable', bad);
    }
    const bad = log.cells.filter((x) => x.action === 'unparseable').reduce((a, x) => a + x.count, 0);
    log.summary = `converted ${plural(replace.size, 'column')} (${p.columns.map((f) => `${f.column} to ${f.to}`).join(', ') || 'none'})${bad > 0 ? `; ${plural(bad, 'unreadable value')} set to missing` : ''}`;
    return replace.size === 0 ? frame : rebuild(frame, replace);
  },
};
