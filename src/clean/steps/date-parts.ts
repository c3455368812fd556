/** date_parts: replace datetime columns (epoch milliseconds, UTC) by numeric parts: year, month, day, weekday, hour, ... */
import type { Column } from '../../data/frame.js';
import { InputError } from '../../errors.js';
import { knownKeys, needNumeric, needStrings, optBool, rebuild } from '../frame-ops.js';
import { plural } from '../log.js';
import type { Params, StepDef } from '../types.js';

const NAME = 'date_parts';
export const PARTS = ['year', 'quarter', 'month', 'day', 'weekday', 'dayofyear', 'hour', 'minute'] as const;
type Part = (typeof PARTS)[number];

export interface DatePartsParams extends Params {
  columns: string[];
  parts: Part[];
  /** Keep the original datetime column next to its parts. */
  keep: boolean;
}

const DAY = 86_400_000;

function part(ms: number, p: Part): number {
  if (Number.isNaN(ms)) return Number.NaN;
  const d = new Date(ms);
  switch (p) {
    case 'year':
      return d.getUTCFullYear();
    case 'quarter':
      return Math.floor(d.getUTCMonth() / 3) + 1;
    case 'month':
      return d.getUTCMonth() + 1;
    case 'day':
      return d.getUTCDate();
    case 'weekday':
      // Monday = 0 ... Sunday = 6 (pandas' dayofweek).
      return (d.getUTCDay() + 6) % 7;
    case 'dayofyear':
      return Math.floor((ms - Date.UTC(d.getUTCFullYear(), 0, 1)) / DAY) + 1;
    case 'hour':
      return d.getUTCHours();
    case 'minute':
      return d.getUTCMinutes();
  }
}

export const dateParts: StepDef<DatePartsParams> = {
  name: NAME,
  description: 'Split datetime columns into numeric parts (year, month, day, weekday, hour, ...).',
  atPredict: 'applies',
  fit(frame, options) {
    knownKeys(options, ['columns', 'parts', 'keep'], NAME);
    const columns = needStrings(options, 'columns', NAME);
    for (const c of columns) needNumeric(frame, c, NAME, 'date parts (datetimes as epoch milliseconds)');
    const parts = (options.parts ?? ['year', 'month', 'day', 'weekday']) as Part[];
    if (!Array.isArray(parts) || parts.length === 0 || parts.some((x) => !PARTS.includes(x)))
      throw new InputError(`${NAME}: 'parts' must be a list of ${PARTS.join(', ')}`);
    return { columns, parts: [...parts], keep: optBool(options, 'keep', NAME, false) };
  },
  check(p) {
    if (
      !Array.isArray(p.columns) ||
      !Array.isArray(p.parts) ||
      (p.parts as string[]).some((x) => !PARTS.includes(x as Part))
    )
      throw new InputError(`${NAME}: params need 'columns' and 'parts'`);
    return { columns: p.columns as string[], parts: p.parts as Part[], keep: p.keep === true };
  },
  transform(frame, p, { log }) {
    const replace = new Map<string, Column[]>();
    for (const name of p.columns) {
      const c = needNumeric(frame, name, NAME, 'date parts (datetimes as epoch milliseconds)');
      const cols: Column[] = p.keep ? [c] : [];
      for (const q of p.parts) {
        const v = new Float64Array(frame.nRows);
        for (let i = 0; i < v.length; i++) v[i] = part(c.values[i]!, q);
        cols.push({ kind: 'numeric', name: `${name}_${q}`, values: v });
        log.columnsAdded.push(`${name}_${q}`);
      }
      if (!p.keep) log.columnsRemoved.push(name);
      replace.set(name, cols);
    }
    log.summary = `split ${plural(p.columns.length, 'datetime column')} into ${p.parts.join(', ')}`;
    return rebuild(frame, replace);
  },
};
